"""Identity across documents: which node a surface form in a document stands for.

Every organisation, post and person gets a deterministic key ``(anchor, name)``:
the *anchor* is the 12-digit code of the place it belongs to (or ``cn`` for
national bodies, or ``doc-{sha256[:16]}`` when the document gives no place),
and the *name* is the canonical name: the anchor's registry name plus the
rest of the written name. Equal keys are one node, so 县委组织部 in a report
about 大通县, 大通县委组织部 and 中共大通回族土族自治县委组织部 all become
``org/630121000000/大通回族土族自治县委组织部``.

Rules, tried in order (the rule and its evidence are recorded on the
mention, :class:`Decision`, so a merge can be audited and undone by changing
the rule — the surface form and its statements are never rewritten):

``collective``
    a plural such as 各乡镇党委: anchored like any other name but typed
    kg:CollectiveBody, never merged with a single body.
``national``
    中央, 中共中央, 国务院 … → anchor ``cn``.
``place-prefix``
    the name begins with a place the document resolved (达州市扶贫移民局,
    大通回族土族自治县委组织部) → that place; 中共 in front is dropped.
``relative-level``
    the name begins with a level word (县委组织部, 市委, 省委, 团县委, 镇党委)
    → the jurisdiction's unit at that level (市委 in a county-level city is the
    city's own committee).
``jurisdiction``
    any other name (扶贫办, 脱贫攻坚领导小组, a company) → the document's
    jurisdiction.
``document``
    no jurisdiction and no place in the name, or a level below the
    jurisdiction (县政府 in a prefecture's report) → the document itself (such
    a name is never merged across documents).

>>> from kg.identity import canonical_remainder
>>> canonical_remainder("卫健局")
'卫生健康局'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.record import Place

if TYPE_CHECKING:
    from ingest.gazetteer import Gazetteer, Unit

__all__ = [
    "ALIASES",
    "NATIONAL",
    "Anchor",
    "Decision",
    "canonical_remainder",
    "normalize_name",
    "resolve_name",
]

NATIONAL_ANCHOR = "cn"

#: National bodies (anchor ``cn``) and their canonical names.
NATIONAL: dict[str, str] = {
    "中央": "中共中央",
    "党中央": "中共中央",
    "中共中央": "中共中央",
    "国务院": "国务院",
    "中央组织部": "中共中央组织部",
    "中组部": "中共中央组织部",
    "国务院扶贫办": "国务院扶贫开发领导小组办公室",
    "国务院扶贫开发领导小组办公室": "国务院扶贫开发领导小组办公室",
    "国务院扶贫开发领导小组": "国务院扶贫开发领导小组",
    "国家乡村振兴局": "国家乡村振兴局",
}

#: Short forms of department names → one written form (applied to the name
#: after its place or level prefix).
ALIASES: dict[str, str] = {
    "卫健局": "卫生健康局",
    "卫计局": "卫生和计划生育局",
    "人社局": "人力资源社会保障局",
    "人力资源和社会保障局": "人力资源社会保障局",
    "发改局": "发展和改革局",
    "发展改革局": "发展和改革局",
    "扶贫开发办公室": "扶贫办",
    "扶贫开发办": "扶贫办",
    "住建局": "住房和城乡建设局",
    "住房城乡建设局": "住房和城乡建设局",
    "农业局": "农业农村局",
    "纪委监委": "纪委监委",
    "委组织部": "委组织部",
}

# level word at the start of a relative name → registry level
_LEVEL_WORDS = {
    "省": "province",
    "自治区": "province",
    "市": "prefecture",  # county-level cities handled in _relative_unit
    "州": "prefecture",
    "盟": "prefecture",
    "县": "county",
    "区": "county",
    "旗": "county",
    "乡": "township",
    "镇": "township",
    "街道": "township",
}
# a level word, not the start of an ordinary word (市场监管局, 乡村振兴局, 区域, 县域)
_RELATIVE = re.compile(r"^(团)?(自治区|街道|[省市州盟县区旗乡镇])(?!场|村|域|土|镇|级|直各|$)")
_PLAIN_TYPES = frozenset({"enterprise", "cooperative", "financial_institution", "social_org"})
_PARTY = re.compile(r"^(?:中共|中国共产党)")
_SPACE = re.compile(r"[\s\u3000“”‘’\"'《》「」]")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place (or ``cn`` / ``doc-…``) a name is anchored to."""

    key: str
    """12-digit code, ``cn`` or ``doc-{sha16}``."""
    name: str
    """The registry name ('' for a document anchor)."""
    level: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The identity decision for one surface form in one document."""

    anchor: Anchor
    name: str
    """Canonical name (part of the IRI and the node's skos:prefLabel)."""
    rule: str
    evidence: str

    @property
    def key(self) -> tuple[str, str]:
        return self.anchor.key, self.name


def normalize_name(text: str) -> str:
    """NFKC, no spaces or quote marks."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def canonical_remainder(rest: str) -> str:
    """The part of a name after its place or level, with short forms expanded."""
    rest = normalize_name(rest)
    return ALIASES.get(rest, rest)


def _unit_at(gz: Gazetteer | None, code: str | None, level: str) -> Unit | None:
    if not code or gz is None:
        return None
    unit = gz.get(code)
    if unit is None:
        return None
    if unit.level == level:
        return unit
    for anc in gz.ancestors(code):
        if anc.level == level:
            return anc
    return None


def _relative_unit(gz: Gazetteer | None, jurisdiction: str | None, word: str) -> Unit | None:
    """The jurisdiction's unit that a level word (县, 市 …) refers to."""
    if not jurisdiction or gz is None:
        return None
    unit = gz.get(jurisdiction)
    if unit is None:
        return None
    level = _LEVEL_WORDS[word]
    if word in ("市", "区") and unit.level == "county" and unit.name.endswith(word):
        return unit  # 市委 in a county-level city, 区委 in a district
    if word == "区" and unit.level != "county":
        return None
    return _unit_at(gz, jurisdiction, level)


def _place_prefix(
    text: str,
    start: int | None,
    places: list[Place],
    gz: Gazetteer | None,
    jurisdiction: str | None,
) -> tuple[Unit, str] | None:
    """A resolved place written at the start of the name, and the rest of the name."""
    best = None
    for p in places:
        code = p.get("code")
        ptext = p.get("text") or ""
        if not code or not ptext or not text.startswith(ptext) or len(ptext) >= len(text):
            continue
        if start is not None:
            spans = p.get("mentions") or [[p.get("start"), p.get("end")]]
            # the place entity must be the one inside this name; accept any
            # when offsets are missing (hand-written records)
            known = [s for s in spans if s and s[0] is not None]
            if known and not any(s[0] == start for s in known):
                continue
        if best is None or len(ptext) > len(best[1]):
            best = (code, ptext)
    if best and gz is not None:
        unit = gz.get(best[0])
        if unit is not None:
            return unit, text[len(best[1]) :]
    if gz is None:
        return None
    # fallback: the longest prefix naming a unit at county level or above that is
    # unique, or the only one in the jurisdiction's province
    province = None
    if jurisdiction and (j := gz.get(jurisdiction)) is not None:
        chain = [j, *gz.ancestors(j.code)]
        province = next((u.code for u in chain if u.level == "province"), None)
    for n in range(min(len(text) - 1, 12), 1, -1):
        cands = [u for u in gz.lookup(text[:n]) if u.level in ("province", "prefecture", "county")]
        if province:
            cands = [u for u in cands if u.code[:2] == province[:2]]
        if len(cands) == 1:
            return cands[0], text[n:]
    return None


def resolve_name(
    text: str,
    *,
    jurisdiction: str | None,
    doc_key: str,
    gz: Gazetteer | None = None,
    places: list[Place] | None = None,
    start: int | None = None,
    collective: bool = False,
    kind: str = "org",
    org_type: str | None = None,
) -> Decision:
    """Decide the node key of a name written in a document (see the module docstring).

    ``jurisdiction`` is the document's 12-digit code (or None), ``doc_key`` the
    anchor for names that cannot leave their document (``doc-{sha16}``),
    ``places`` the record's PLACE entities, ``start`` the name's offset.

    >>> d = resolve_name("县委组织部", jurisdiction=None, doc_key="doc-1")
    >>> d.key, d.rule
    (('doc-1', '县委组织部'), 'document')
    """
    surface = normalize_name(text)
    name = _PARTY.sub("", surface) if kind == "org" else surface
    tag = "collective+" if collective else ""
    if kind == "org" and not collective and name in NATIONAL:
        return Decision(
            Anchor(NATIONAL_ANCHOR, "中国"),
            NATIONAL[name],
            "national",
            f"{surface} names a national body",
        )
    if not collective:
        hit = _place_prefix(name, start, places or [], gz, jurisdiction)
        if hit is not None:
            prefix, rest = hit
            rest = canonical_remainder(rest)
            return Decision(
                Anchor(prefix.code, prefix.name, prefix.level),
                prefix.name + rest,
                "place-prefix",
                f"{surface} begins with {prefix.name} ({prefix.code})",
            )
    m = _RELATIVE.match(name)
    if m and not collective:
        unit = _relative_unit(gz, jurisdiction, m.group(2))
        if unit is not None:
            youth = m.group(1) or ""
            rest = canonical_remainder(name[m.end() :])
            return Decision(
                Anchor(unit.code, unit.name, unit.level),
                youth + unit.name + rest,
                "relative-level",
                f"{surface}: {m.group(2)} of jurisdiction {jurisdiction} is {unit.name} ({unit.code})",
            )
    if m and not collective and jurisdiction:
        # a level below the jurisdiction (县政府 in a prefecture's report): which
        # county is not written, so the name stays in its document
        return Decision(
            Anchor(doc_key, ""),
            name,
            "document",
            f"{surface}: no single {m.group(2)} under jurisdiction {jurisdiction}; "
            "kept to this document",
        )
    if jurisdiction and gz is not None and (unit := gz.get(jurisdiction)) is not None:
        if kind == "org" and not collective and not m and org_type not in _PLAIN_TYPES:
            # a body of the jurisdiction's own government or party (扶贫办 = 县扶贫办)
            rest = unit.name + canonical_remainder(name)
            return Decision(
                Anchor(unit.code, unit.name, unit.level),
                rest,
                tag + "jurisdiction",
                f"{surface} has no place of its own; document jurisdiction "
                f"{unit.name} ({unit.code})",
            )
        return Decision(
            Anchor(unit.code, unit.name, unit.level),
            name,
            tag + "jurisdiction",
            f"{surface} in a document about {unit.name} ({unit.code})",
        )
    return Decision(
        Anchor(doc_key, ""),
        name,
        tag + "document",
        f"{surface}: the document names no jurisdiction; kept to this document",
    )
