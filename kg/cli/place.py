"""`kg place`: a registry unit, its chain up, counts below, candidates."""

from __future__ import annotations

import typer
from rich.console import Console

from kg.cli._app import app
from kg.cli._common import err


@app.command("place")
def place(
    query: str = typer.Argument(
        ..., help="A name or short form (广安, 大通县) or a code (511681)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
) -> None:
    """A registry unit: its chain up, counts below, and candidates when ambiguous."""
    import json

    from rich.table import Table

    from ingest.gazetteer import load_gazetteer, place_info

    info = place_info(load_gazetteer(), query)
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    out = Console()
    if not info["matches"] and not info["historical"]:
        err.print(f"no unit named {info['query']!r} in the 2023 registry")
        raise typer.Exit(1)

    def chain_of(m: dict) -> str:
        names = [a["name"] for a in m["chain"] if a["name"] not in ("市辖区", "县")]
        return " › ".join(names) or "—"

    if len(info["matches"]) == 1:
        m = info["matches"][0]
        u = m["unit"]
        table = Table(title=f"{u['name']} ({u['code']})", show_header=False)
        table.add_row("level", f"{u['level']} ({u['kind']})")
        table.add_row("chain", chain_of(m))
        for key, n in m["counts"].items():
            table.add_row(key, f"{n:,}")
        out.print(table)
    elif info["matches"]:
        shown = len(info["matches"])
        table = Table(title=f"{info['query']}: {info['total']} candidates (showing {shown})")
        table.add_column("code", no_wrap=True)
        table.add_column("name", no_wrap=True)
        for col in ("level", "chain", "villages", "communities"):
            table.add_column(col)
        for m in info["matches"]:
            u = m["unit"]
            table.add_row(
                u["code"],
                u["name"],
                u["kind"] if u["level"] == "village" else u["level"],
                chain_of(m),
                f"{m['counts']['village']:,}",
                f"{m['counts']['community']:,}",
            )
        out.print(table)
    for h in info["historical"]:
        s = h["successor"]
        out.print(
            f"historical: {h['name']} ({h['first_year']}–{h['last_year']}) → "
            f"{s['name']} ({s['code']})"
        )
