"""kg.query_pool: queries in worker processes; a runaway one is stopped and its worker replaced."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.protocol import QueryRequest
from kg.query_pool import QueryPool, QueryTimeout
from kg.store import OxigraphStore, QueryError

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def _quad(i: int) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(f"http://e/{i}"),
        ox.NamedNode("http://e/p"),
        ox.Literal(str(i)),
        ox.NamedNode("http://e/g"),
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    with OxigraphStore(tmp_path / "s") as s:
        s.load([(q.subject, q.predicate, q.object, q.graph_name) for q in map(_quad, range(60))])
    return tmp_path / "s"


@pytest.mark.slow
def test_timeout_kills_the_worker_and_the_pool_goes_on(store: Path) -> None:
    with QueryPool(str(store), workers=2, timeout=1.5) as pool:
        before = set(pool.workers)
        done = threading.Event()
        errors: list[Exception] = []

        def runaway() -> None:
            try:
                pool.run(QueryRequest(RUNAWAY, "json"))
            except QueryTimeout as exc:
                errors.append(exc)
            finally:
                done.set()

        t = threading.Thread(target=runaway)
        t.start()
        ans = pool.run(QueryRequest("ASK { ?s ?p ?o }", "json"))  # the other worker answers
        assert b"true" in ans.body and not done.is_set()
        t.join(30)
        assert len(errors) == 1 and "1.5 s" in str(errors[0])
        assert pool.stopped == 1
        ans = pool.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "csv"))
        assert ans.count == 60
        assert set(pool.workers) != before  # the killed worker was replaced


def test_errors_come_back_and_refresh_shows_new_data(store: Path) -> None:
    with QueryPool(str(store), workers=1, timeout=20) as pool:
        with pytest.raises(QueryError, match="malformed SPARQL"):
            pool.run(QueryRequest("SELECT ?x WHERE { ?x }", "json"))
        assert pool.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json")).count == 60
        with OxigraphStore(store) as w:  # another writer adds data (the pool reads only)
            w.load(
                [
                    (q.subject, q.predicate, q.object, q.graph_name)
                    for q in map(_quad, range(60, 70))
                ]
            )
        assert pool.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json")).count == 60
        pool.refresh()
        assert pool.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json")).count == 70


@pytest.mark.slow
def test_async_run_answers_and_stops_a_runaway_query(store: Path) -> None:
    import asyncio

    async def main(pool: QueryPool) -> tuple[int, str]:
        ok = await pool.arun(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json"))
        try:
            await pool.arun(QueryRequest(RUNAWAY, "json"), timeout=1.0)
        except QueryTimeout as exc:
            return ok.count, str(exc)
        return ok.count, "not stopped"

    with QueryPool(str(store), workers=1, timeout=20) as pool:
        count, message = asyncio.run(main(pool))
        assert count == 60 and "stopped after 1 s" in message
        # the replacement worker answers (run waits for it to start)
        assert pool.run(QueryRequest("ASK { ?s ?p ?o }", "json")).count == 1
