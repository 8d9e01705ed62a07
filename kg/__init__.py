"""bangfu-kg core: records → graph → analysis (mapping, identity, store, analysis, queries).

Builds on :mod:`ingest` (text → records); the interfaces (:mod:`kg.cli`, the
HTTP service in :mod:`api`) sit on top and hold no logic of their own.
"""

from ingest import __version__

__all__ = ["__version__"]
