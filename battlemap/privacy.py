"""Keep customers private on published pages: masked names, redacted phone and ID numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable

_MOBILE = re.compile(r"(?<![0-9])1[0-9]{10}(?![0-9])")
_ID_NUMBER = re.compile(r"(?<![0-9Xx])[0-9]{17}[0-9Xx](?![0-9Xx])")
REDACTED = {
    "zh-CN": ("［手机号已隐藏］", "［身份证号已隐藏］"),
    "en": ("[phone removed]", "[ID removed]"),
}


def mask_name(name: str) -> str:
    """Return a customer name as `张**`: its first character and two stars."""
    name = name.strip()
    return f"{name[:1]}**" if name else ""


class Privacy:
    """Masks the known customer names (unless showing names) and redacts numbers in text."""

    def __init__(self, customers: Iterable[str], show_names: bool, locale: str) -> None:
        self.show_names = show_names
        self.redacted = REDACTED.get(locale, REDACTED["en"])
        names = sorted({c.strip() for c in customers if len(c.strip()) >= 2}, key=len, reverse=True)
        self._names = (
            re.compile("|".join(map(re.escape, names))) if names and not show_names else None
        )
        self._seen: dict[str, str] = {}  # the same note or reason comes back on many rows

    def name(self, customer: str) -> str:
        """Return a customer's name as it may be published."""
        return customer.strip() if self.show_names else mask_name(customer)

    def text(self, text: str) -> str:
        """Return free text with phone and ID numbers redacted and customer names masked."""
        if text not in self._seen:
            self._seen[text] = self._clean(text)
        return self._seen[text]

    def _clean(self, text: str) -> str:
        text = _ID_NUMBER.sub(self.redacted[1], text)
        text = _MOBILE.sub(self.redacted[0], text)
        if self._names is not None:
            text = self._names.sub(lambda m: mask_name(m.group(0)), text)
        return text
