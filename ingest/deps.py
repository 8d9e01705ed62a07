"""Optional dependencies: import one, or say in one line which package is missing.

Some readers and components need a package that not every installation has
(the Python jieba engine, pandas for ``to_pandas``, the HTML extractor's
cleaner …). They import it through :func:`require`, which turns the
``ImportError`` into a :class:`~ingest.errors.DependencyError` naming the
package and the command that installs it, so the user sees one line instead of
a traceback:

>>> require("json", package="json", purpose="reading JSON").__name__
'json'
>>> try:
...     require("no_such_module_here", package="no-such-pkg", purpose="this example")
... except DependencyError as exc:
...     print(exc.message)
this example needs no-such-pkg, which is not installed: pip install no-such-pkg
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ingest.errors import DependencyError

__all__ = ["DependencyError", "available", "install_hint", "require"]

DISTRIBUTION = "bangfu-kg"


def install_hint(package: str, extra: str | None = None) -> str:
    """The command that installs ``package`` (through the project's ``extra`` when there is one)."""
    if extra:
        return f"pip install '{DISTRIBUTION}[{extra}]'"
    return f"pip install {package}"


def require(
    module: str,
    *,
    package: str | None = None,
    purpose: str,
    extra: str | None = None,
) -> ModuleType:
    """Import ``module``, or raise :class:`DependencyError` with one line.

    Parameters
    ----------
    module : str
        The module to import (``"jieba"``, ``"pandas"``, ``"lxml.html.clean"``).
    package : str, optional
        The distribution(s) to install, as written after ``pip install``
        (default: the top-level module name).
    purpose : str
        What needs it, for the message (``'segmenter = "jieba"'``, ``"reading .html"``).
    extra : str, optional
        The project's optional-dependency group that brings it
        (``pip install 'bangfu-kg[pandas]'``).
    """
    package = package or module.split(".", 1)[0]
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = exc.name or ""
        if missing and (missing == module or module.startswith(missing + ".")):
            why = "which is not installed"
        else:
            # the module is there but something it imports is not (lxml.html.clean …)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            why = f"which cannot be imported ({reason})"
        raise DependencyError(
            f"{purpose} needs {package}, {why}: {install_hint(package, extra)}"
        ) from None


def available(module: str) -> bool:
    """True when ``module`` can be imported."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
