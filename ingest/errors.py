"""One exception root for the project, with a few named subclasses.

Every error carries a short code (``E0xx``) and, where it concerns a file or
a field, the name of that file or field, so the CLI can print one clear line.
"""

from __future__ import annotations

__all__ = ["ConfigError", "DependencyError", "InputError", "KGError", "RegistryError"]


class KGError(Exception):
    """Root of every error this project raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.message}"


class InputError(KGError):
    """A file or value given by the user cannot be read or is not what it should be."""

    code = "E001"


class RegistryError(KGError):
    """The division registry is missing, corrupt, or a code is unknown."""

    code = "E002"


class ConfigError(KGError):
    """A setting or pipeline config is invalid."""

    code = "E003"


class DependencyError(KGError):
    """An optional package a reader or component needs is not installed (or cannot be imported).

    Raised by :func:`ingest.deps.require`; the message names the package and
    the command that installs it.
    """

    code = "E004"
