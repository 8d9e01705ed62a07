"""Search over places, organisations, people and programmes by name, short form or pinyin.

>>> idx = SearchIndex.build(gz, store, base=BASE)        # doctest: +SKIP
>>> [h["label"] for h in idx.search("qin zhou qu")]     # doctest: +SKIP
['秦州区']

What a query matches, best first:

- a division code (6, 9 or 12 digits) — that unit;
- Chinese (Traditional input is converted to Simplified with OpenCC t2s):
  the official name or a short form exactly (秦州区, 秦州), then names that
  start with it, then names that contain it;
- Latin letters are read as pinyin without tones (spaces, apostrophes, tone
  digits and case do not matter; ü may be written v): the whole name or a
  short form exactly (``qinzhouqu``, ``qinzhou``), then names that start
  with it.

Among equal matches, nodes the store holds come first, then places before
organisations, people and programmes, higher levels before lower ones.

The index holds the registry's units above village level (about 45,000,
their names and short forms, in Chinese and in pinyin read phrase by phrase
with pypinyin), the village-level units (about 620,000, pinyin read
character by character, which is cheap: about a second), and the
organisations, people and programmes of the store (:meth:`SearchIndex.refresh`
after the store changes). Keys are polars columns, so a query is a few
vectorised string scans.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from ingest.gazetteer.names import LEVEL_OF_DIGITS, code_digits
from ingest.normalize import to_simplified
from kg.mapping import place_iri
from kg.vocab import KG, ORG, sparql_prefixes

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.store import GraphStore

__all__ = ["KINDS", "SearchIndex", "normalize_query", "pinyin_key"]

KINDS = ("place", "org", "person", "program")
_PHRASE_PINYIN_MAX = 5000
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_NOT_LETTER = re.compile(r"[^a-z]")
_STORE_ENTITIES = (
    sparql_prefixes("kg", "org", "skos")
    + """
SELECT DISTINCT ?node ?label ?cls WHERE {
  ?node a ?cls ; skos:prefLabel|skos:altLabel ?label .
  VALUES ?cls { org:Organization kg:Person kg:Program }
}
"""
)
_STORE_PLACES = (
    sparql_prefixes("kg")
    + """
SELECT DISTINCT ?code WHERE { ?place kg:divisionCode ?code }
"""
)
_CLASS_KIND = {
    str(ORG.Organization): "org",
    str(KG.Person): "person",
    str(KG.Program): "program",
}


def pinyin_key(text: str) -> str:
    """Toneless pinyin of ``text`` without spaces, read phrase by phrase (秦州区 → qinzhouqu)."""
    from pypinyin import lazy_pinyin

    return _NOT_LETTER.sub("", "".join(lazy_pinyin(text)).lower())


def normalize_query(q: str) -> tuple[str, str]:
    """``("zh", simplified text)`` for a query with Chinese, else ``("py", letters)``.

    >>> normalize_query(" 秦州區 ")
    ('zh', '秦州区')
    >>> normalize_query("Qin zhou QU")
    ('py', 'qinzhouqu')
    >>> normalize_query("lü3")
    ('py', 'lv')
    """
    q = q.strip()
    if _CJK.search(q):
        return "zh", re.sub(r"\s+", "", to_simplified(q))
    low = q.lower().replace("ü", "v").replace("u:", "v")
    return "py", _NOT_LETTER.sub("", low)


@dataclass(slots=True)
class _Keys:
    """One key table: ``key`` (str), ``entry`` (row of the entries table), ``exact`` (a whole form)."""

    zh: pl.DataFrame
    py: pl.DataFrame


class SearchIndex:
    """Names, short forms and pinyin of registry units and the store's nodes."""

    def __init__(self, gz: Gazetteer, base: str, *, villages: bool = True) -> None:
        self.gz = gz
        self.base = base
        self._lock = threading.Lock()
        self._registry = self._registry_keys(villages)
        self._store = _Keys(_empty_keys(), _empty_keys())
        self._store_entries = pl.DataFrame(schema=_ENTRY_SCHEMA)
        self._known_codes: set[int] = set()

    @classmethod
    def build(
        cls, gz: Gazetteer, store: GraphStore | None, *, base: str, villages: bool = True
    ) -> SearchIndex:
        """An index of the registry (and of ``store``'s nodes, when given)."""
        idx = cls(gz, base, villages=villages)
        if store is not None:
            idx.refresh(store)
        return idx

    # ------------------------------------------------------------ building
    def _registry_keys(self, villages: bool) -> tuple[_Keys, pl.DataFrame]:
        from pypinyin import lazy_pinyin

        from ingest.gazetteer.names import NEVER_NAMES

        units = self.gz.units_frame()
        # bookkeeping rows (市辖区, 县) are never found by name
        upper = units.filter((pl.col("level") < 4) & ~pl.col("name").is_in(sorted(NEVER_NAMES)))
        code_row = {c: i for i, c in enumerate(upper["code"].to_list())}
        zh_keys: list[tuple[str, int, bool]] = []
        py_keys: list[tuple[str, int, bool]] = []
        names = upper["name"].to_list()
        syllables = [lazy_pinyin(n) for n in names]
        for i, (name, syl) in enumerate(zip(names, syllables, strict=True)):
            zh_keys.append((name, i, True))
            py_keys.append((_NOT_LETTER.sub("", "".join(syl).lower()), i, True))
        for form, codes in self.gz.upper_forms().items():
            for c in codes:
                row = code_row.get(int(c))
                if row is None or form == names[row]:
                    continue
                zh_keys.append((form, row, True))
                syl = syllables[row]
                full = names[row]
                if len(syl) == len(full) and full.startswith(form):
                    reading = "".join(syl[: len(form)])
                else:
                    reading = "".join(lazy_pinyin(form))
                py_keys.append((_NOT_LETTER.sub("", reading.lower()), row, True))
        entries = upper.select(
            pl.lit("place").alias("kind"),
            pl.col("code").cast(pl.Utf8).str.zfill(12).alias("id"),
            pl.col("name").alias("label"),
            pl.col("code"),
        )
        zh_frame = pl.DataFrame(zh_keys, schema=_KEY_SCHEMA, orient="row")
        py_frame = pl.DataFrame(py_keys, schema=_KEY_SCHEMA, orient="row")
        if villages:
            vil = units.filter(pl.col("level") == 4).select("code", "name")
            offset = entries.height
            entries = pl.concat(
                [
                    entries,
                    vil.select(
                        pl.lit("place").alias("kind"),
                        pl.col("code").cast(pl.Utf8).str.zfill(12).alias("id"),
                        pl.col("name").alias("label"),
                        pl.col("code"),
                    ),
                ]
            )
            rows = pl.int_range(offset, offset + vil.height, eager=True).cast(pl.Int64)
            zh_frame = pl.concat(
                [zh_frame, pl.DataFrame({"key": vil["name"], "entry": rows, "exact": True})]
            )
            py_frame = pl.concat(
                [
                    py_frame,
                    pl.DataFrame({"key": _char_pinyin(vil["name"]), "entry": rows, "exact": True}),
                ]
            )
        return _Keys(zh_frame, py_frame), entries

    def refresh(self, store: GraphStore) -> None:
        """Re-read the store's organisations, people, programmes and places (after a write)."""
        rows = store.query(_STORE_ENTITIES).values()
        best: dict[str, tuple[str, str]] = {}
        labels: dict[str, set[str]] = {}
        for r in rows:
            kind = _CLASS_KIND.get(r["cls"])
            if kind is None:
                continue
            labels.setdefault(r["node"], set()).add(r["label"])
            best.setdefault(r["node"], (kind, r["label"]))
        pref = {
            r["node"]: r["label"]
            for r in store.query(
                sparql_prefixes("skos")
                + "SELECT ?node ?label WHERE { ?node skos:prefLabel ?label }"
            ).values()
            if r["node"] in best
        }
        nodes = sorted(best)
        entries = pl.DataFrame(
            {
                "kind": [best[n][0] for n in nodes],
                "id": nodes,
                "label": [pref.get(n, best[n][1]) for n in nodes],
                "code": [None] * len(nodes),
            },
            schema=_ENTRY_SCHEMA,
        )
        zh_keys = [(to_simplified(lab), i, True) for i, n in enumerate(nodes) for lab in labels[n]]
        texts = [k for k, _, _ in zh_keys]
        # phrase by phrase for a few thousand names; beyond, character by character (cheap)
        pys = (
            [pinyin_key(t) for t in texts]
            if len(texts) <= _PHRASE_PINYIN_MAX
            else _char_pinyin(pl.Series(texts, dtype=pl.Utf8)).to_list()
        )
        py_keys = [(py, i, True) for py, (_, i, _) in zip(pys, zh_keys, strict=True)]
        known = {int(r["code"]) for r in store.query(_STORE_PLACES).values() if r["code"]}
        keys = _Keys(
            pl.DataFrame(zh_keys, schema=_KEY_SCHEMA, orient="row"),
            pl.DataFrame(py_keys, schema=_KEY_SCHEMA, orient="row"),
        )
        with self._lock:
            self._store, self._store_entries, self._known_codes = keys, entries, known

    # ------------------------------------------------------------ searching
    def search(
        self, q: str, *, limit: int = 20, kinds: tuple[str, ...] = KINDS
    ) -> list[dict[str, Any]]:
        """The best ``limit`` matches of ``q`` (see the module's docstring for the order)."""
        mode, text = normalize_query(q)
        if not text and not q.strip().isdigit():
            return []
        with self._lock:
            store_keys, store_entries, known = self._store, self._store_entries, self._known_codes
        reg_keys, reg_entries = self._registry
        hits: list[pl.DataFrame] = []
        if mode == "py" and q.strip().isdigit():
            hits.append(self._by_code(q.strip(), reg_entries))
        for keys, entries, source in (
            (reg_keys, reg_entries, "registry"),
            (store_keys, store_entries, "store"),
        ):
            if not text:
                break
            table = keys.zh if mode == "zh" else keys.py
            hits.append(_match(table, entries, text, substring=(mode == "zh"), source=source))
        found = (
            pl.concat([h for h in hits if h.height], how="vertical_relaxed")
            if any(h.height for h in hits)
            else None
        )
        if found is None:
            return []
        found = found.filter(pl.col("kind").is_in(list(kinds)))
        known_list = pl.Series(sorted(known), dtype=pl.Int64)
        found = (
            found.with_columns(
                (
                    (pl.col("source") == "store")
                    | (pl.col("code").is_not_null() & pl.col("code").is_in(known_list.implode()))
                ).alias("in_store"),
                pl.col("kind")
                .replace_strict({k: i for i, k in enumerate(KINDS)}, default=9)
                .alias("_k"),
                pl.when(pl.col("code").is_null())
                .then(0)
                .otherwise(
                    pl.when(pl.col("code") % 1000 != 0)
                    .then(4)
                    .when(pl.col("code") % 10**6 != 0)
                    .then(3)
                    .when(pl.col("code") % 10**8 != 0)
                    .then(2)
                    .when(pl.col("code") % 10**10 != 0)
                    .then(1)
                    .otherwise(0)
                )
                .alias("_lv"),
                pl.col("label").str.len_chars().alias("_len"),
            )
            .sort(
                ["rank", "in_store", "_k", "_lv", "_len", "id"],
                descending=[False, True, False, False, False, False],
            )
            .unique(["kind", "id"], keep="first", maintain_order=True)
            .head(limit)
        )
        out = []
        for r in found.iter_rows(named=True):
            out.append(self._result(r))
        return out

    def _by_code(self, q: str, entries: pl.DataFrame) -> pl.DataFrame:
        from ingest.errors import InputError
        from ingest.gazetteer.registry import normalize_code

        try:
            code = int(normalize_code(q))
        except InputError:
            return pl.DataFrame()
        hit = entries.filter(pl.col("code") == code)
        return hit.with_columns(
            pl.lit(0).alias("rank"),
            pl.lit("code").alias("match"),
            pl.lit("registry").alias("source"),
        )

    def _result(self, r: dict[str, Any]) -> dict[str, Any]:
        kind = r["kind"]
        out: dict[str, Any] = {
            "kind": kind,
            "label": r["label"],
            "match": r["match"],
            "in_store": bool(r["in_store"]),
        }
        if kind == "place":
            code = f"{r['code']:012d}"
            chain = [u.name for u in reversed(self.gz.ancestors(code))]
            out.update(
                {
                    "id": code,
                    "iri": str(place_iri(code, self.base)),
                    "detail": " › ".join(n for n in chain if n not in ("市辖区", "县")),
                    "level": LEVEL_OF_DIGITS[code_digits(r["code"])],
                }
            )
        else:
            out.update({"id": r["id"], "iri": r["id"], "detail": None, "level": None})
        return out


_KEY_SCHEMA = {"key": pl.Utf8, "entry": pl.Int64, "exact": pl.Boolean}
_ENTRY_SCHEMA = {"kind": pl.Utf8, "id": pl.Utf8, "label": pl.Utf8, "code": pl.Int64}


def _empty_keys() -> pl.DataFrame:
    return pl.DataFrame(schema=_KEY_SCHEMA)


def _match(
    keys: pl.DataFrame, entries: pl.DataFrame, text: str, *, substring: bool, source: str
) -> pl.DataFrame:
    """Entries whose key equals (rank 0), starts with (1) or contains (2) ``text``."""
    if not keys.height:
        return pl.DataFrame()
    k = pl.col("key")
    cond = k.str.starts_with(text)
    if substring:
        cond = cond | k.str.contains(text, literal=True)
    hit = keys.filter(cond).with_columns(
        pl.when(k == text).then(0).when(k.str.starts_with(text)).then(1).otherwise(2).alias("rank")
    )
    if not hit.height:
        return pl.DataFrame()
    hit = hit.group_by("entry").agg(pl.col("rank").min())
    names = {0: "exact", 1: "prefix", 2: "substring"}
    return (
        entries.with_row_index("entry")
        .with_columns(pl.col("entry").cast(pl.Int64))
        .join(hit, on="entry", how="inner")
        .drop("entry")
        .with_columns(
            pl.col("rank").replace_strict(names, return_dtype=pl.Utf8).alias("match"),
            pl.lit(source).alias("source"),
        )
    )


def _char_pinyin(names: pl.Series) -> pl.Series:
    """Pinyin of each name read character by character (default reading): cheap for 620,000."""
    from pypinyin import lazy_pinyin

    chars = sorted(set("".join(names.to_list())))
    table = {c: (lazy_pinyin(c) or [c])[0] for c in chars}
    return pl.Series(
        [_NOT_LETTER.sub("", "".join(table[c] for c in n).lower()) for n in names.to_list()],
        dtype=pl.Utf8,
    )
