"""Charts of coverage and claims with Chinese labels (matplotlib, optional).

Chinese labels need a font with Chinese glyphs, or matplotlib draws boxes
("tofu") and warns ``Glyph … missing from font``. :func:`cjk_font` finds an
installed one by what it covers, not by name: on Debian/Ubuntu
``apt-get install fonts-noto-cjk`` (or ``fonts-wqy-microhei``), on macOS and
Windows the system fonts (PingFang, Microsoft YaHei) already do.
Install the plotting libraries with ``pip install 'bangfu-kg[notebooks]'``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ingest.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl
    from matplotlib.figure import Figure

__all__ = ["SAMPLE", "cjk_font", "claims_chart", "coverage_chart", "use_cjk_font"]

SAMPLE = "帮扶覆盖率村县贫困"
"""Characters a font must cover to draw this project's labels."""

# tried first when installed (then any other font that covers the sample)
_PREFERRED = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "Heiti SC",
    "Arial Unicode MS",
)


def _covers(path: str, chars: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        cmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in cmap for c in chars)


@functools.cache
def cjk_font(sample: str = SAMPLE) -> str | None:
    """Family name of an installed font that has glyphs for ``sample``, or None.

    Looks through matplotlib's font list (preferred families first), then
    through the system's font files (a font installed after matplotlib built
    its cache), adding the one it finds to matplotlib's list.
    """
    from matplotlib import font_manager

    fm = font_manager.fontManager
    rank = {name: i for i, name in enumerate(_PREFERRED)}
    known = sorted(fm.ttflist, key=lambda f: (rank.get(f.name, len(rank)), f.name, f.fname))
    for f in known:
        if _covers(f.fname, sample):
            return str(f.name)
    seen = {f.fname for f in fm.ttflist}
    for path in sorted(font_manager.findSystemFonts()):
        if path not in seen and _covers(path, sample):
            fm.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
    return None


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with an installed CJK font; return its family name.

    Raises :class:`~ingest.errors.ConfigError` (with what to install) when none is there.
    """
    import matplotlib as mpl

    name = cjk_font()
    if name is None:
        raise ConfigError(
            "no font with Chinese glyphs is installed: charts would show boxes; install one "
            "(Debian/Ubuntu: apt-get install fonts-noto-cjk)"
        )
    sans = list(mpl.rcParams["font.sans-serif"])
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [name, *[f for f in sans if f != name]]
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def coverage_chart(units: pl.DataFrame, *, title: str | None = None) -> Figure:
    """Bars per unit: registry villages, villages with a named helper, claimed poor villages.

    ``units`` is :func:`kg.analysis.coverage`'s table.
    """
    import numpy as np
    from matplotlib.figure import Figure

    use_cjk_font()
    rows = units.sort("code").to_dicts()
    names = [r["name"] for r in rows]
    series = (
        ("村委会 registry villages", [r["villages"] or 0 for r in rows], "#c7d3e0"),
        (
            "声称贫困村 claimed poor villages",
            [r["claimed_poor_villages"] or 0 for r in rows],
            "#e8a87c",
        ),
        (
            "具名帮扶村 villages with a named helper",
            [r["helped_villages"] or 0 for r in rows],
            "#2e6f9e",
        ),
    )
    fig = Figure(figsize=(8, 0.55 * len(rows) + 1.8), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    h = 0.27
    for i, (label, values, colour) in enumerate(series):
        ax.barh(y + (i - 1) * h, values, height=h, label=label, color=colour)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel("村数 villages")
    ax.set_title(title or "各县帮扶覆盖 Coverage by county")
    ax.legend(loc="lower right", fontsize="small")
    return fig


def claims_chart(comparison: list[dict[str, Any]], *, category: str = "poor_villages") -> Figure:
    """One dot per report and place: the count a report claims beside the registry's.

    ``comparison`` is :func:`kg.analysis.comparison`'s rows (counties only);
    two reports giving two numbers for one county show as two dots on its line.
    """
    from matplotlib.figure import Figure

    use_cjk_font()
    rows = [r for r in comparison if r.get(category) and r.get("level") == "county"]
    places = sorted({r["place"] for r in rows})
    fig = Figure(figsize=(8, 0.5 * len(places) + 1.8), layout="constrained")
    ax = fig.add_subplot()
    for r in rows:
        y = places.index(r["place"])
        for value in r[category]:
            ax.scatter(value, y, color="#e8a87c", zorder=3)
        ax.scatter(r["registry_villages"], y, marker="|", s=200, color="#2e6f9e", zorder=2)
    ax.set_yticks(range(len(places)), places)
    ax.invert_yaxis()
    ax.set_xlabel("村数 villages (● 报告声称 claimed, | 登记 registry)")
    ax.set_title("各报告声称的贫困村数 Poor villages each report claims")
    return fig
