"""`kg place`: a registry unit, its chain up, counts below, candidates."""

from __future__ import annotations

import typer

from kg.cli._app import app
from kg.cli._common import fail


@app.command("place")
def place(
    query: str = typer.Argument(
        ...,
        metavar="NAME|CODE",
        help="A name or short form (广安, 大通县; Traditional 華鎣市 too) or a code (511681).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    limit: int = typer.Option(
        50, "--limit", metavar="N", min=1, help="Candidates shown when the name is ambiguous."
    ),
    show_all: bool = typer.Option(False, "--all", help="Show every candidate (no --limit)."),
) -> None:
    """A registry unit: its chain up, counts below, and candidates when ambiguous.

    区划查询：上级链、下级数量；名称有歧义时列出候选。
    """
    import json

    from ingest.gazetteer import load_gazetteer, place_info
    from kg.cli.render import print_table, wide_console

    info = place_info(load_gazetteer(), query, limit=None if show_all else limit)
    if not info["matches"] and not info["historical"]:
        raise fail(f"no unit named {info['query']!r} in the 2023 registry")
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    out = wide_console()

    def chain_of(m: dict) -> str:
        names = [a["name"] for a in m["chain"] if a["name"] not in ("市辖区", "县")]
        return " › ".join(names) or "—"

    if len(info["matches"]) == 1 and info["total"] == 1:
        m = info["matches"][0]
        u = m["unit"]
        print_table(
            out,
            f"{u['name']} ({u['code']})",
            ("field", "value"),
            [
                ("level", f"{u['level']} ({u['kind']})"),
                ("chain", chain_of(m)),
                *((key, f"{n:,}") for key, n in m["counts"].items()),
            ],
        )
    elif info["matches"]:
        shown = len(info["matches"])
        more = f" (showing {shown}; --all for every one)" if shown < info["total"] else ""
        print_table(
            out,
            f"{info['query']}: {info['total']} candidates{more}",
            ("code", "name", "level", "chain", "villages", "communities"),
            [
                (
                    m["unit"]["code"],
                    m["unit"]["name"],
                    m["unit"]["kind"] if m["unit"]["level"] == "village" else m["unit"]["level"],
                    chain_of(m),
                    f"{m['counts']['village']:,}",
                    f"{m['counts']['community']:,}",
                )
                for m in info["matches"]
            ],
        )
    for h in info["historical"]:
        s = h["successor"]
        out.print(
            f"historical: {h['name']} ({h['first_year']}–{h['last_year']}) → "
            f"{s['name']} ({s['code']})"
        )
