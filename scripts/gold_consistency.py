"""Where gold files of one corpus disagree with each other or with their texts.

    python scripts/gold_consistency.py                       # ../shared/real
    python scripts/gold_consistency.py --texts DIR --gold DIR [--json]

Several people annotate a corpus by one guide (ANNOTATION.md); where they
read it differently, a model trained on their files learns both readings and
is scored against one. This lists, per entity type:

- **unannotated**: a name annotated as an entity in one report that also
  occurs in another report, where it is not annotated at all, nor inside or
  around anything annotated there (an entity, a count's text, a link's side) (县委组织部 marked in one briefing and
  left out of the next);
- **retyped**: a name annotated with one type in one report and another type
  in another (第一书记 a ROLE here and an ORG there);
- **absent**: a gold entity whose text does not occur in its report.

Texts are compared as scoring compares them (:func:`ingest.eval.compare_form`:
no quotation or title marks, no whitespace). A row is a place to look, not a
verdict: a name can be rightly left out where it is used as a word.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ingest.eval import compare_form, load_gold
from ingest.normalize import normalize
from ingest.readers import read

TYPES = ("ORG", "PERSON", "ROLE", "PROGRAM")
MIN_LEN = {"ORG": 3, "PERSON": 2, "ROLE": 3, "PROGRAM": 3}
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@dataclass
class Findings:
    unannotated: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    retyped: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    absent: list[tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "unannotated": [
                {"doc": d, "type": t, "text": x, "annotated_in": a}
                for d, t, x, a in self.unannotated
            ],
            "retyped": [{"text": x, "types": ts} for x, ts in self.retyped],
            "absent": [{"doc": d, "type": t, "text": x} for d, t, x in self.absent],
        }


def check(texts: dict[str, str], gold: dict[str, dict]) -> Findings:
    """Compare the gold of every report (by name) with the others and with its text."""
    out = Findings()
    flat = {name: compare_form(text) or "" for name, text in texts.items()}
    annotated: dict[str, dict[str, set[str]]] = {}  # doc -> type -> texts
    where: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, rec in sorted(gold.items()):
        if name not in flat:
            continue
        mine: dict[str, set[str]] = defaultdict(set)
        for e in rec.get("entities", []):
            t, x = e.get("type"), compare_form(e.get("text")) or ""
            if not x:
                continue
            mine[t].add(x)
            if t in TYPES:
                where[x][t].append(name)
            if x not in flat[name]:
                out.absent.append((name, t, e.get("text", "")))
        for q in rec.get("quantities", []):  # a name inside an annotated count is annotated
            mine["quantity"].add(compare_form(q.get("text")) or "")
        for lk in rec.get("links", []):
            mine["link side"] |= {compare_form(lk.get(k)) or "" for k in ("subject", "object")}
        mine["quantity"].discard("")
        mine["link side"].discard("")
        annotated[name] = mine
    for x, by_type in sorted(where.items()):
        if len(by_type) > 1:
            out.retyped.append((x, {t: sorted(set(ds)) for t, ds in sorted(by_type.items())}))
    for name, mine in sorted(annotated.items()):
        everything = set().union(*mine.values()) if mine else set()
        for x, by_type in sorted(where.items()):
            t = max(by_type, key=lambda k: len(by_type[k]))
            if len(x) < MIN_LEN[t] or x not in flat[name] or name in by_type[t]:
                continue
            if any(x in y or y in x for y in everything):
                continue
            out.unannotated.append((name, t, x, sorted(set(by_type[t]))))
    return out


def load_texts(folder: Path, names: set[str]) -> dict[str, str]:
    """The normalised text of every report in ``folder`` that has a gold file."""
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.name in names:
            texts[path.name] = normalize(read(path)).text or ""
    return texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=SHARED / "real" / "texts")
    ap.add_argument("--gold", type=Path, default=SHARED / "real" / "gold")
    ap.add_argument("--json", action="store_true", help="The findings as one JSON object.")
    args = ap.parse_args(argv)
    for p in (args.texts, args.gold):
        if not p.is_dir():
            print(f"gold_consistency: {p}: no such folder", file=sys.stderr)
            return 2
    gold = {k: dict(v) for k, v in load_gold([args.gold]).items()}
    found = check(load_texts(args.texts, set(gold)), gold)
    if args.json:
        print(json.dumps(found.as_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"{len(gold)} gold files")
    print(f"\nunannotated ({len(found.unannotated)}): annotated elsewhere, not here")
    for d, t, x, a in found.unannotated:
        print(f"  {d}  {t} {x}  (annotated in {', '.join(a)})")
    print(f"\nretyped ({len(found.retyped)}): one name, several types")
    for x, ts in found.retyped:
        print(f"  {x}  " + "; ".join(f"{t} in {', '.join(ds)}" for t, ds in ts.items()))
    print(f"\nabsent ({len(found.absent)}): not in the report's text")
    for d, t, x in found.absent:
        print(f"  {d}  {t} {x}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
