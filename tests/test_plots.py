"""Charts with Chinese labels (kg.plots) and the interactive graph view (kg.views)."""

from __future__ import annotations

import json
import os
import warnings

import networkx as nx
import polars as pl
import pytest

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def font() -> str:
    from kg.plots import SAMPLE, cjk_font

    name = cjk_font(SAMPLE)
    if name is None:
        msg = "no font with Chinese glyphs installed (apt-get install fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return name


def _units() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": [621123000000, 621125000000],
            "name": ["渭源县", "漳县"],
            "villages": [218, 135],
            "claimed_poor_villages": [103.0, None],
            "helped_villages": [10, 11],
        }
    )


def test_chinese_labels_draw_as_characters(font: str, tmp_path) -> None:
    from matplotlib.font_manager import findfont
    from matplotlib.ft2font import FT2Font

    from kg.plots import coverage_chart

    fig = coverage_chart(_units())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise
        fig.savefig(tmp_path / "coverage.png", dpi=80)
    assert (tmp_path / "coverage.png").stat().st_size > 5_000
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()] + [ax.get_title(), ax.get_xlabel()]
    assert "渭源县" in labels and any("覆盖" in x for x in labels)
    # the font that draws the labels has a glyph for every character in them
    path = findfont(ax.get_yticklabels()[0].get_fontproperties())
    cmap = FT2Font(path).get_charmap()
    missing = {c for text in labels for c in text if not c.isascii() and ord(c) not in cmap}
    assert not missing, missing


def test_claims_chart_shows_every_claim(font: str) -> None:
    from kg.plots import claims_chart

    rows = [
        {"place": "漳县", "level": "county", "poor_villages": [71, 68], "registry_villages": 135},
        {"place": "渭源县", "level": "county", "poor_villages": [103], "registry_villages": 218},
        {"place": "新坪村", "level": "village", "poor_villages": [1], "registry_villages": 0},
    ]
    ax = claims_chart(rows).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["渭源县", "漳县"]
    dots = [c for c in ax.collections if len(c.get_offsets())]
    assert sum(1 for c in dots if c.get_offsets()[0][0] in (71, 68, 103)) == 3


def test_no_font_is_a_clear_error(monkeypatch) -> None:
    from ingest.errors import ConfigError
    from kg import plots

    monkeypatch.setattr(plots, "cjk_font", lambda sample=plots.SAMPLE: None)
    with pytest.raises(ConfigError, match="fonts-noto-cjk"):
        plots.use_cjk_font()


def test_graph_view_is_a_standalone_page() -> None:
    pytest.importorskip("pyvis")
    from kg.views import help_network_html, help_network_iframe

    G = nx.MultiDiGraph()
    G.add_node("a", label="县财政局", type="GovernmentAgency")
    G.add_node("v", label="新坪村", type="Village")
    G.add_edge("a", "v", rel="helps", kind="结对帮扶")
    page = help_network_html(G)
    for label in ("县财政局", "新坪村"):  # in the page's node data, JSON-escaped
        assert json.dumps(label)[1:-1] in page or label in page
    assert "vis-network" in page
    assert "<iframe srcdoc=" in help_network_iframe(G)
