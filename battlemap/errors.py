"""The exception tree: one base error that the CLI turns into a clean message."""

from __future__ import annotations


class BattlemapError(Exception):
    """An error the user can fix; carries one or more located messages."""

    exit_code = 1

    def __init__(self, messages: str | list[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


class InputError(BattlemapError):
    """Activity logs that cannot be read (`file:line: column: value — why`)."""


class PlanError(BattlemapError):
    """A malformed content/plan.md (names the key, or the file and line)."""


class ThemeError(BattlemapError):
    """A theme that is missing or whose templates fail to render."""


class UsageError(BattlemapError):
    """A command-line value the project cannot take (an --as-of outside the plan's year)."""

    exit_code = 2
