"""What the service holds while it runs: the store, the registry, the query workers, the search index.

Opened once in the app's lifespan (:func:`api.main.create_app`), never at
import. The store is opened read-write only when a write token is set
(uploads and deletions are possible); otherwise read-only, so `kg build`
can still write to it from another process (the service then sees the store
as it was when it started).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from api.cache import LRU
from api.settings import ServiceSettings
from ingest.gazetteer import Gazetteer, load_gazetteer
from kg.query_pool import QueryPool
from kg.search import SearchIndex
from kg.store import GraphStore, StoreError, open_store

__all__ = ["ServiceState"]

log = logging.getLogger(__name__)


class ServiceState:
    """The open store and everything built over it, shared by all requests."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.writable = settings.token is not None
        location = settings.store
        if location == ":memory:" or location.startswith(("http://", "https://")):
            raise StoreError(
                "the service needs a store directory (its query workers open it too)",
                source=location,
            )
        self.store: GraphStore = open_store(
            location, read_only=not self.writable, create=self.writable
        )
        if self.writable:
            self.store.flush()  # so the workers find a store even when it was just created
        self.gz: Gazetteer = load_gazetteer()
        self.pool = QueryPool(
            location, workers=settings.sparql_workers, timeout=settings.query_timeout
        )
        self.write_lock = threading.Lock()
        self.generation = 0  # bumped by every write: cached answers of older ones are stale
        self.response_cache = LRU(settings.cache_entries)
        self.sparql_cache = LRU(settings.cache_entries)
        self._analysis: Any = None
        self._index: SearchIndex | None = None
        self._index_ready = threading.Event()
        self._index_error: BaseException | None = None
        threading.Thread(target=self._build_index, daemon=True, name="kg-search-index").start()

    # ----------------------------------------------------------- search
    def _build_index(self) -> None:
        try:
            self._index = SearchIndex.build(
                self.gz, self.store, base=self.settings.base, villages=self.settings.search_villages
            )
        except BaseException as exc:
            log.exception("search index failed")
            self._index_error = exc
        finally:
            self._index_ready.set()

    def search_index(self, wait: float = 60.0) -> SearchIndex:
        """The search index (built in the background at start-up; waits for it)."""
        if not self._index_ready.wait(wait):
            raise StoreError("the search index is still being built; try again in a moment")
        if self._index is None:
            raise StoreError(f"the search index could not be built: {self._index_error}")
        return self._index

    # ---------------------------------------------------------- analysis
    def analysis(self) -> Any:
        """The analysis tables over the store (fetched lazily, kept until the next write)."""
        if self._analysis is None:
            from kg.analysis import load

            self._analysis = load(self.store)
        return self._analysis

    def changed(self) -> None:
        """After a write: workers reopen the store; search, analysis and caches read it again."""
        self.store.flush()
        self.pool.refresh()
        self.generation += 1
        self.response_cache.clear()
        self.sparql_cache.clear()
        self._analysis = None
        if self._index is not None:
            self._index.refresh(self.store)

    def close(self) -> None:
        self.pool.close()
        self.store.close()
