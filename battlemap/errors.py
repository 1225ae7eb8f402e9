"""The exception tree: one base error that the CLI turns into a clean message."""

from __future__ import annotations

from battlemap.messages import Message, Problem, Text, known_locale, localized


class BattlemapError(Exception):
    """An error the user can fix; carries one or more located messages.

    `items` are the messages (rendered in the project's locale at the edge), `messages`
    their English text; `locale` is the plan's once it is known (None: it could not be read).
    """

    exit_code = 1

    def __init__(self, messages: Text | list[Text], locale: str | None = None) -> None:
        self.items: list[Text] = (
            [messages] if isinstance(messages, str | Message | Problem) else list(messages)
        )
        self.locale = locale
        super().__init__()  # the text is rendered when asked for (a build may have 100,000)

    def __str__(self) -> str:
        return "\n".join(self.messages)

    def __reduce__(self):
        """Pickle the messages themselves (an agent's error may come from another process)."""
        return type(self), (self.items, self.locale)

    @property
    def messages(self) -> list[str]:
        """Return every message in English."""
        return [str(item) for item in self.items]

    def texts(self) -> list[str]:
        """Return every message in the project's locale (zh-CN when the plan was not read)."""
        locale = known_locale(self.locale)
        return [localized(item, locale) for item in self.items]


class InputError(BattlemapError):
    """Activity logs that cannot be read (`file:line: column: value — why`)."""


class PlanError(BattlemapError):
    """A malformed content/plan.md (names the key, or the file and line)."""


class ThemeError(BattlemapError):
    """A theme that is missing or whose templates fail to render."""


class UsageError(BattlemapError):
    """A command-line value the project cannot take (an --as-of outside the plan's year)."""

    exit_code = 2
