"""kg.analysis.recall: gold helper → village pairs asked of a store by SPARQL."""

from __future__ import annotations

from pathlib import Path

from kg.analysis.recall import who_helps
from kg.settings import DEFAULT_BASE
from kg.store import open_store
from tests.service_data import CHUANBEI, LIUSONG, QIANPO


def _gold(links: list[tuple[str, str]]) -> dict:
    places = {"前坡村": QIANPO, "船北村": CHUANBEI, "刘宋村": LIUSONG}
    return {
        "doc": "gold.txt",
        "entities": [
            {"type": "PLACE", "text": t, "level": "village", "code": c} for t, c in places.items()
        ],
        "links": [{"rel": "helps", "subject": s, "object": o} for s, o in links],
    }


def test_pairs_found_by_name_by_written_form_and_missing(service_store: Path) -> None:
    st = open_store(str(service_store), read_only=True, create=False)
    try:
        rep = who_helps(
            st,
            [
                _gold(
                    [
                        ("秦州区委组织部", "船北村"),  # the helper's label
                        ("组织部", "刘宋村"),  # contained in the label
                        ("张文明", "前坡村"),  # a stationed first secretary (kg:stationedIn)
                        ("秦州区工商联", "船北村"),  # that helper helps another village
                    ]
                )
            ],
            base=DEFAULT_BASE,
        )
    finally:
        st.close()
    assert (rep.found, rep.total) == (3, 4)
    assert rep.missing == [("gold.txt", "秦州区工商联", "船北村", CHUANBEI)]
    assert rep.answered == {CHUANBEI, LIUSONG, QIANPO}
    assert rep.share == 0.75
