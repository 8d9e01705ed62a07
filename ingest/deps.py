"""Optional dependencies: import one or say in one line what is missing.

>>> optional("json", package="json", purpose="reading gold files").__name__
'json'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ingest.errors import DependencyError

__all__ = ["available", "optional"]


def optional(module: str, *, package: str, purpose: str, extra: str | None = None) -> ModuleType:
    """Import ``module`` or raise :class:`DependencyError` naming the package to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        how = f"pip install 'bangfu-kg[{extra}]'" if extra else f"pip install {package}"
        raise DependencyError(
            f"{purpose} needs the package {package}, which is not installed: {how}",
            source=package,
        ) from None


def available(module: str) -> bool:
    """True when ``module`` can be imported (checked without importing it twice)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
