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


# ------------------------------------------------------------- pipelined workers
def _tagged(i: int) -> QueryRequest:
    """A query whose answer says which one it was (to check answers reach their askers)."""
    return QueryRequest(f'SELECT ?s ("q{i}" AS ?tag) WHERE {{ ?s ?p "{i % 60}" }}', "json")


def test_answers_are_those_of_in_process_execution(store: Path) -> None:
    from kg.protocol import execute
    from kg.store import open_store

    big = "# " + "x" * 40_000 + "\nSELECT * WHERE { ?s ?p ?o }"  # too long to queue in a pipe
    reqs = [
        QueryRequest("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", fmt)
        for fmt in ("json", "xml", "csv", "tsv")
    ] + [
        QueryRequest("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", "json", limit=7),
        QueryRequest("ASK { ?s ?p ?o }", "xml"),
        QueryRequest("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "ntriples"),
        QueryRequest(
            "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "csv", named_graphs=("http://e/g",)
        ),
        QueryRequest(big, "csv"),
    ]
    with open_store(store, read_only=True, create=False) as st:
        expected = [execute(st, r) for r in reqs]
    with QueryPool(str(store), workers=2, timeout=20) as pool:
        got = [pool.run(r) for r in reqs]
    assert got == expected
    assert got[4].truncated and got[4].count == 7 and not got[0].truncated


def test_many_queries_at_once_each_get_their_own_answer(store: Path) -> None:
    import asyncio
    import json

    async def main(pool: QueryPool) -> list[tuple[str, int]]:
        answers = await asyncio.gather(*(pool.arun(_tagged(i)) for i in range(40)))
        out = []
        for a in answers:
            rows = json.loads(a.body)["results"]["bindings"]
            out.append((rows[0]["tag"]["value"], a.count))
        return out

    # two workers, each given up to three queries at a time: most wait in a pipe or the pool
    with QueryPool(str(store), workers=2, timeout=20, depth=3) as pool:
        got = asyncio.run(main(pool))
        assert got == [(f"q{i}", 1) for i in range(40)]
        assert pool.stopped == 0


@pytest.mark.slow
def test_a_stopped_query_does_not_take_the_queries_queued_behind_it(store: Path) -> None:
    import asyncio

    async def main(pool: QueryPool) -> tuple[str, list[str]]:
        runaway = asyncio.ensure_future(pool.arun(QueryRequest(RUNAWAY, "json"), timeout=1.0))
        await asyncio.sleep(0)  # sent first: it runs, the others wait behind it in the same worker
        others = [asyncio.ensure_future(pool.arun(_tagged(i))) for i in range(3)]
        try:
            await runaway
            stopped = "not stopped"
        except QueryTimeout as exc:
            stopped = str(exc)
        answers = await asyncio.gather(*others)
        return stopped, [a.body.decode() for a in answers]

    with QueryPool(str(store), workers=1, timeout=20, depth=3) as pool:
        first = set(pool.workers)
        stopped, bodies = asyncio.run(main(pool))
        assert "stopped after 1 s" in stopped
        assert all(f'"q{i}"' in b for i, b in enumerate(bodies))  # run by the replacement
        assert pool.stopped == 1 and set(pool.workers).isdisjoint(first)


def test_a_caller_that_goes_away_does_not_cost_a_worker(store: Path) -> None:
    import asyncio

    async def main(pool: QueryPool) -> int:
        t = asyncio.ensure_future(pool.arun(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json")))
        await asyncio.sleep(0)
        t.cancel()
        with pytest.raises(asyncio.CancelledError):
            await t
        return (await pool.arun(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json"))).count

    with QueryPool(str(store), workers=1, timeout=20) as pool:
        assert pool.run(QueryRequest("ASK { ?s ?p ?o }", "json")).count == 1  # started
        before = pool.workers
        assert asyncio.run(main(pool)) == 60
        assert pool.workers == before and pool.stopped == 0


def test_threads_and_another_loop_are_served_by_the_loop_that_drives_the_pool(store: Path) -> None:
    import asyncio

    with QueryPool(str(store), workers=1, timeout=20) as pool:
        loop = asyncio.new_event_loop()
        t = threading.Thread(target=loop.run_forever, daemon=True)
        t.start()
        try:
            driven = asyncio.run_coroutine_threadsafe(pool.arun(_tagged(1)), loop).result(30)
            assert b'"q1"' in driven.body
            assert b'"q2"' in pool.run(_tagged(2)).body  # a plain thread: passed to that loop
            other = asyncio.run(pool.arun(_tagged(3)))  # another loop: passed to it as well
            assert b'"q3"' in other.body
        finally:
            loop.call_soon_threadsafe(loop.stop)
            t.join(5)
            loop.close()
        # that loop is gone: the pool is driven from a thread of its own
        assert b'"q4"' in pool.run(_tagged(4)).body


def test_depth_is_bounded(store: Path) -> None:
    with pytest.raises(ValueError, match="depth"):
        QueryPool(str(store), workers=1, depth=0)
    with pytest.raises(ValueError, match="depth"):
        QueryPool(str(store), workers=1, depth=99)
