"""The exception tree. Raised in the core; turned into user messages only by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, said the way an author can act on it."""

    file: Path | str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else f"{self.file}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" Hint: {self.hint}"
        return text


class PublisherError(Exception):
    """Base of every error the publisher reports to a user."""


class ContentError(PublisherError):
    """The content folder has problems; every one is collected before this is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class RedactionError(PublisherError):
    """Redaction could not run (model missing, engine crash): nothing may be published."""


class LeakError(PublisherError):
    """The leak scan found personal data in built output: nothing may be published."""

    def __init__(self, leaks: list[str]):
        self.leaks = leaks
        super().__init__("\n".join(leaks))


class BuildError(PublisherError):
    """The site generator failed, or another build holds the lock."""
