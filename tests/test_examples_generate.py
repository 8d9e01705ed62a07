"""The sample-corpus generator (``kg.examples.generate``) and the corpus it writes.

The gold files are made from the same facts as the text; these tests check
that claim from outside: every gold string is in the text the project's own
reader and normaliser produce, every place code is a registry unit of its
level, the bundled corpus reaches the issue's targets (villages in scope,
named links, claims, gaps, contradictions), and it comes in every format,
encoding and script the readers take.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from ingest.normalize import find_glosses, normalize_text, to_simplified
from ingest.readers import read
from ingest.record import RELATIONS

QUOTE_MARKS = '“”‘’"《》「」『』〈〉'


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.examples.generate import generate

    out = tmp_path_factory.mktemp("bundled")
    generate(out)
    return out


def _gold(out: Path) -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "gold").glob("*.json"))
    ]


def _digest(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_bundled_corpus_is_deterministic(bundled: Path, tmp_path: Path) -> None:
    from kg.examples.generate import generate

    generate(tmp_path)
    assert _digest(tmp_path) == _digest(bundled)


def test_other_sizes_and_seeds(tmp_path: Path) -> None:
    from kg.examples.generate import main

    assert main(["--out", str(tmp_path / "a"), "--n", "45", "--seed", "1"]) == 0
    assert len(list((tmp_path / "a" / "corpus").iterdir())) == 45
    assert len(list((tmp_path / "a" / "gold").iterdir())) == 45
    main(["--out", str(tmp_path / "b"), "--n", "5", "--seed", "2"])
    texts_a = {p.name: p.read_bytes() for p in (tmp_path / "a" / "corpus").iterdir()}
    texts_b = {p.name: p.read_bytes() for p in (tmp_path / "b" / "corpus").iterdir()}
    assert len(texts_b) == 5
    assert all(texts_b[name] != texts_a[name] for name in texts_b)  # another seed, other facts


def test_every_report_has_its_gold(bundled: Path) -> None:
    reports = sorted(p.name for p in (bundled / "corpus").iterdir())
    golds = _gold(bundled)
    assert len(reports) == 30
    assert sorted(g["doc"] for g in golds) == reports


def test_gold_has_the_format_of_the_guide(bundled: Path) -> None:
    from jsonschema import Draft202012Validator

    from ingest.record import json_schema

    schema = Draft202012Validator(json_schema("gold"))
    for g in _gold(bundled):
        assert set(g) == {"doc", "jurisdiction", "entities", "quantities", "links"}
        assert not list(schema.iter_errors(g)), g["doc"]
        assert g["entities"] and g["links"], g["doc"]
        seen = set()
        for e in g["entities"]:
            assert (e["type"], e["text"]) not in seen, e
            seen.add((e["type"], e["text"]))
        for q in g["quantities"]:
            assert {"text", "value", "unit", "what", "approx"} <= set(q), q
            assert q["unit"] in q["text"] and q["value"] > 0, q
        for link in g["links"]:
            assert link["rel"] in RELATIONS
            assert link["subject"] and link["object"] and link["cue"] and link["scope"], link
            assert (link["rel"] == "helps") == ("kind" in link), link
        strings = [e["text"] for e in g["entities"]] + [q["text"] for q in g["quantities"]]
        strings += [link[s] for link in g["links"] for s in ("subject", "object", "scope")]
        for s in strings:
            assert to_simplified(s) == s, (g["doc"], s)
            assert not set(s) & set(QUOTE_MARKS), (g["doc"], s)


def test_gold_strings_occur_in_the_normalised_text(bundled: Path) -> None:
    """Read each report with the project's reader, normalise it, find every gold string."""
    for g in _gold(bundled):
        doc = read(bundled / "corpus" / g["doc"])
        text, _ = normalize_text(doc.original)
        unquoted = "".join(c for c in text if c not in QUOTE_MARKS)
        strings = [e["text"] for e in g["entities"]] + [q["text"] for q in g["quantities"]]
        strings += [link[s] for link in g["links"] for s in ("subject", "object", "scope")]
        strings.append(g["jurisdiction"]["text"])
        missing = [s for s in strings if s not in text and s not in unquoted]
        assert not missing, f"{g['doc']}: not in the normalised text: {missing}"


def test_place_codes_are_registry_units_of_their_level(bundled: Path, gz) -> None:
    for g in _gold(bundled):
        places = [e for e in g["entities"] if e["type"] == "PLACE"]
        for e in places:
            if e["code"] is None:
                assert e["text"].endswith("自然村"), e  # the only unregistered places written
                continue
            unit = gz.get(e["code"])
            assert unit is not None, e
            assert unit.level == e["level"], (e, unit)
            assert e["text"] in gz.forms(e["code"]), (e, unit)
        j = g["jurisdiction"]
        assert gz.get(j["code"]) is not None and j["text"] in gz.forms(j["code"]), j


def test_targets_of_the_bundled_corpus(bundled: Path, gz) -> None:
    manifest = json.loads((bundled / "manifest.json").read_text(encoding="utf-8"))
    codes = [c["code"] for c in manifest["counties"]]
    assert sum(gz.counts(c)["village"] for c in codes) >= 300
    assert manifest["stats"]["named_helper_village_links"] >= 100
    golds = _gold(bundled)
    # recompute the named links from the gold files, not from the manifest
    named = 0
    helped: set[str] = set()
    for g in golds:
        vcode = {
            e["text"]: e["code"]
            for e in g["entities"]
            if e["type"] == "PLACE" and e["level"] == "village" and e["code"]
        }
        helpers = {e["text"] for e in g["entities"] if e["type"] in ("ORG", "PERSON")}
        for link in g["links"]:
            if link["rel"] == "helps" and link["object"] in vcode and link["subject"] in helpers:
                named += 1
                helped.add(vcode[link["object"]])
    assert named == manifest["stats"]["named_helper_village_links"] >= 100
    # gaps: most registry villages of the counties have no named helper
    in_scope = sum(gz.counts(c)["village"] for c in codes)
    assert len(helped) < in_scope / 2
    # claims: helps links between counts; contradictions: one county, two poor-village counts
    poor_counts: dict[str, set[int]] = defaultdict(set)
    claims = 0
    for g in golds:
        counts = {q["text"]: q for q in g["quantities"]}
        for link in g["links"]:
            if link["rel"] == "helps" and link["subject"] in counts and link["object"] in counts:
                claims += 1
                obj = counts[link["object"]]
                if obj["what"] == "贫困村" and "驻村工作队" in link["subject"]:
                    poor_counts[link["scope"]].add(obj["value"])
    assert claims >= 30
    assert any(len(v) > 1 for v in poor_counts.values()), poor_counts
    # a whole-county village count that the registry contradicts (全县N个行政村, or
    # N poor + M non-poor villages), as reports written before village mergers give
    registry = {gz.get(c).name: gz.counts(c)["village"] for c in codes}
    mismatches = []
    for g in golds:
        reg = registry.get(g["jurisdiction"]["text"])
        if reg is None:
            continue
        q = defaultdict(list)
        for x in g["quantities"]:
            q[x["what"]].append(x["value"])
        totals = q["行政村"] + [p + n for p in q["贫困村"] for n in q["非贫困村"]]
        mismatches += [(g["doc"], t, reg) for t in totals if t != reg]
    assert mismatches


def test_formats_encodings_and_scripts(bundled: Path) -> None:
    corpus = bundled / "corpus"
    manifest = json.loads((bundled / "manifest.json").read_text(encoding="utf-8"))
    docs = manifest["documents"]
    assert {d["format"] for d in docs} == {"txt", "html", "docx", "pdf"}
    encodings = {d["encoding"] for d in docs if d["format"] == "txt"}
    assert encodings == {"utf-8", "gb18030", "big5", "utf-16"}
    for d in docs:
        data = (corpus / d["doc"]).read_bytes()
        if d["encoding"] in ("gb18030", "big5"):
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            data.decode(d["encoding"])
        if d["encoding"] == "utf-16":
            assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    traditional = [d for d in docs if d["script"] == "traditional"]
    assert {d["format"] for d in traditional} >= {"txt", "html"}
    for d in traditional:
        text = read(corpus / d["doc"]).original
        assert to_simplified(text) != text, d["doc"]
    glossed = [d for d in docs if d["glosses"]]
    assert len(glossed) == 1
    text = read(corpus / glossed[0]["doc"]).original
    assert len(find_glosses(text)) >= 2
    page = next(corpus.glob("*.html")).read_text(encoding="utf-8")
    for tag in ("<nav", "<article>", "<footer>", "Copyright"):
        assert tag in page


def test_phrasing_varies(bundled: Path) -> None:
    """Not one template repeated: most sentences of the corpus occur once."""
    sentences: list[str] = []
    for g in _gold(bundled):
        text = read(bundled / "corpus" / g["doc"]).original
        sentences += [s for s in re.split(r"[。！？\n]", text) if len(s) > 12]
    assert len(set(sentences)) / len(sentences) > 0.85
    # the same kind of fact written with different cue words
    cues = {link["cue"] for g in _gold(bundled) for link in g["links"] if link["rel"] == "helps"}
    assert len(cues) >= 25


def test_self_check_refuses_unannotated_text() -> None:
    from kg.examples._doc import Doc, GoldError
    from kg.examples._text import Span

    doc = Doc("x.txt", "test", ("某县", None), random.Random(0))
    doc.title = Span("第一书记的一天")  # a ROLE written without its annotation
    with pytest.raises(GoldError, match="第一书记"):
        doc.check()
    doc.title = doc.say("[[R:第一书记]]的一天")
    doc.check()
    doc.link("helps", "甲单位", "乙村", "帮扶", "定点帮扶")  # a side never written
    with pytest.raises(GoldError, match="甲单位"):
        doc.check()
