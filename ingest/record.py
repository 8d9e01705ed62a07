"""The record: what extraction hands to every later stage, typed once.

One record describes one document. ``kg extract`` writes it as a JSON object
(one per line with ``--jsonl``); the mapper (:mod:`kg.mapping`) turns it into
RDF, the scorer (:mod:`ingest.eval`) compares it with a gold file, and the
benchmarks build synthetic ones. A gold file (``shared/ANNOTATION.md``) is the
same shape without the provenance: no offsets, no ``mentions``, no ``meta``,
``sha256`` or ``extractor`` (:class:`GoldRecord`).

The types are ``TypedDict`` s, so a record stays the plain ``dict`` that
``json.loads`` gives and ``json.dumps`` writes, while mypy checks every key a
stage reads. The vocabularies (entity types, levels, organisation types,
programme kinds, relations, kinds of help, qualifiers) are ``Literal`` types
with a tuple of their values beside them; this module is the only place they
are written. :func:`json_schema` derives a JSON Schema from the types
(committed as ``docs/record.schema.json`` and ``docs/gold.schema.json``;
``python -m ingest.record --write`` refreshes them, a test checks they are up
to date and validates ``kg extract`` output against them). ``docs/record.md``
describes each field.

>>> ENTITY_TYPES
('PLACE', 'ORG', 'PERSON', 'ROLE', 'PROGRAM', 'MONEY')
>>> RELATIONS
('helps', 'leads', 'responsible_for', 'implements', 'funds')
>>> schema = json_schema()
>>> sorted(schema["properties"])
['doc', 'entities', 'extractor', 'jurisdiction', 'links', 'meta', 'quantities', 'sha256']
"""

from __future__ import annotations

import ast
import inspect
import json
from typing import Annotated, Any, Literal, NotRequired, get_args

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict

__all__ = [
    "ENTITY_TYPES",
    "HELP_KINDS",
    "LEVELS",
    "ORG_TYPES",
    "PROGRAM_KINDS",
    "QUALIFIERS",
    "RELATIONS",
    "Entity",
    "EntityType",
    "GoldEntity",
    "GoldLink",
    "GoldQuantity",
    "GoldRecord",
    "HelpKind",
    "Jurisdiction",
    "Level",
    "Link",
    "Meta",
    "Money",
    "Org",
    "OrgType",
    "Person",
    "Place",
    "Program",
    "ProgramKind",
    "Qualifier",
    "Quantity",
    "Record",
    "Relation",
    "Role",
    "json_schema",
]

# ------------------------------------------------------------------ vocabularies
EntityType = Literal["PLACE", "ORG", "PERSON", "ROLE", "PROGRAM", "MONEY"]
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)
"""The six entity types, in the order reports and tables list them."""

Level = Literal["province", "prefecture", "county", "township", "village"]
LEVELS: tuple[Level, ...] = get_args(Level)
"""The five levels of the division registry, top down."""

OrgType = Literal[
    "party_committee",
    "party_department",
    "party_branch",
    "government_agency",
    "leading_group",
    "work_team",
    "enterprise",
    "cooperative",
    "social_org",
    "financial_institution",
    "other",
]
ORG_TYPES: tuple[OrgType, ...] = get_args(OrgType)

ProgramKind = Literal[
    "project", "campaign", "mechanism", "model", "plan", "brand", "policy_document"
]
PROGRAM_KINDS: tuple[ProgramKind, ...] = get_args(ProgramKind)

Relation = Literal["helps", "leads", "responsible_for", "implements", "funds"]
RELATIONS: tuple[Relation, ...] = get_args(Relation)

HelpKind = Literal[
    "定点帮扶",
    "结对帮扶",
    "驻村帮扶",
    "包村联系",
    "东西部协作",
    "对口支援",
    "挂职",
    "村企共建",
    "社会帮扶",
    "帮建",
]
HELP_KINDS: dict[HelpKind, str] = {
    "定点帮扶": "fixed-point assistance by an agency or leader to a named unit (定点联系, 包联)",
    "结对帮扶": "one-to-one pairing of a helper with a household, village or weaker unit",
    "驻村帮扶": "a team or first secretary stationed in the village (驻村, 进驻, 派驻)",
    "包村联系": "a leader or cadre made responsible for a village or township (包村, 包乡, 联系点)",
    "东西部协作": "east–west cooperation between an eastern and a western region",
    "对口支援": "counterpart support between named jurisdictions",
    "挂职": "a cadre seconded to a post in the helped unit (挂职, 挂任)",
    "村企共建": "a company paired with a village (村企共建, 千企帮千村, 万企帮万村)",
    "社会帮扶": "help from social organisations, volunteers and individuals",
    "帮建": "building up a party organisation or facility (帮建, 共建)",
}
"""Kinds of help a ``helps`` link carries (researchers compare exactly these), with
what each means. The cue words that select them are in ``ingest.extract.lexicon``."""
assert tuple(HELP_KINDS) == get_args(HelpKind)

Qualifier = Literal["=", ">=", "<=", ">"]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)
"""How a number bounds the amount: exact, 以上/不少于, 以下/不超过, 超过."""

Meta = dict[str, str | int | float]
"""What the reader found about the file (non-empty values only): ``format``
(txt, html, docx, pdf), ``encoding``, ``title``, ``date`` (ISO), ``source``,
``author`` … — the keys differ by reader."""

Span = Annotated[list[int], Field(min_length=2, max_length=2)]
"""``[start, end]``: character offsets into the original text."""


# -------------------------------------------------------------------- entities
# Gold entities hold what the annotation guide asks for; extracted entities add
# their place in the text and the extractor's own fields. Gold files may carry
# fields the scorer ignores (extra keys allowed); extraction output may not.
_GOLD = ConfigDict(extra="allow")
_OUT = ConfigDict(extra="forbid")


class _Located(TypedDict):
    start: int
    """Offset of the first mention into the original text (characters)."""
    end: int
    """Offset just after the first mention."""


class _Mentioned(_Located):
    mentions: list[Span]
    """Every occurrence of the same written form, in text order."""
    quote: NotRequired[str]
    """The sentence of the first mention, for a record written without its document's
    text (the mapper cuts it from the text otherwise); extraction does not write it."""


@with_config(_GOLD)
class GoldPlace(TypedDict):
    """A named administrative unit or settlement."""

    type: Literal["PLACE"]
    text: str
    """The name as written, after normalisation (Simplified)."""
    level: Level | None
    """The level of the unit it names (or that its ending implies)."""
    code: str | None
    """The 12-digit 2023 statistical division code; null where the text does not decide it."""


@with_config(_OUT)
class Place(GoldPlace, _Mentioned):
    """A named administrative unit or settlement."""

    resolution: NotRequired[str]
    """How the registry resolved it: unique, chain, nearby, jurisdiction, ambiguous,
    ``historical: …``, ``not in 2023 registry …``."""
    candidates: NotRequired[list[str]]
    """The candidate codes when no code could be chosen."""


@with_config(_GOLD)
class GoldOrg(TypedDict):
    """One organisation, named or identified by jurisdiction and type."""

    type: Literal["ORG"]
    text: str
    org_type: OrgType
    collective: bool
    """A plural (各乡镇党委, 县直各单位): kept for links, not scored as an entity."""


@with_config(_OUT)
class Org(GoldOrg, _Mentioned):
    """One organisation, named or identified by jurisdiction and type."""


@with_config(_GOLD)
class GoldPerson(TypedDict):
    """A named individual."""

    type: Literal["PERSON"]
    text: str
    role: str | None
    """The post or function written with the name (第一书记, 作者 …)."""


@with_config(_OUT)
class Person(GoldPerson, _Mentioned):
    """A named individual."""


@with_config(_GOLD)
class GoldRole(TypedDict):
    """A post or category of helper (第一书记, 县级领导)."""

    type: Literal["ROLE"]
    text: str


@with_config(_OUT)
class Role(GoldRole, _Mentioned):
    """A post or category of helper (第一书记, 县级领导)."""


@with_config(_GOLD)
class GoldProgram(TypedDict):
    """A named programme, campaign, mechanism, model, plan, brand or policy document."""

    type: Literal["PROGRAM"]
    text: str
    kind: ProgramKind | None


@with_config(_OUT)
class Program(GoldProgram, _Mentioned):
    """A named programme, campaign, mechanism, model, plan, brand or policy document."""


@with_config(_GOLD)
class GoldMoney(TypedDict):
    """An amount of money."""

    type: Literal["MONEY"]
    text: str
    value: float
    """In yuan (the lower bound of a range)."""
    approx: bool
    """余, 多, 约: the amount is approximate."""
    qualifier: Qualifier
    value_max: NotRequired[float]
    """The upper bound of a range (3000至5000元)."""
    cumulative: NotRequired[bool]
    """A running total over years (累计): not to be added to yearly amounts."""
    rate: NotRequired[str]
    """An amount per unit (户均, 人均, 每村 …, as written): a rate, never a total."""
    part_of: NotRequired[str]
    """其中: the text of the total this amount is part of."""


@with_config(_OUT)
class Money(GoldMoney, _Mentioned):
    """An amount of money."""


Entity = Annotated[Place | Org | Person | Role | Program | Money, Field(discriminator="type")]
"""An extracted entity; ``type`` says which."""
GoldEntity = Annotated[
    GoldPlace | GoldOrg | GoldPerson | GoldRole | GoldProgram | GoldMoney,
    Field(discriminator="type"),
]


# ------------------------------------------------------- quantities and links
@with_config(_GOLD)
class GoldQuantity(TypedDict):
    """A count of what coverage is about: villages, teams, cadres, households …"""

    text: str
    value: float
    unit: str
    """The measure word (个, 名, 户, 支 …)."""
    what: str
    """What is counted (贫困村, 工作队 …; the bare unit when nothing else is written)."""
    approx: bool
    qualifier: NotRequired[Qualifier]
    value_max: NotRequired[float]


@with_config(_OUT)
class Quantity(GoldQuantity, _Located):
    """A count of what coverage is about: villages, teams, cadres, households …"""


@with_config(_GOLD)
class _LinkBase(TypedDict):
    rel: Relation
    subject: str | None
    """An entity's text, a quantity's text, or free text (null: no actor written)."""
    object: str
    cue: str
    """The words that state the relation (定点联系, 任组长, 用于 …)."""
    scope: str | None
    """The place the statement is about (the jurisdiction unless the sentence names another)."""
    when: NotRequired[str]
    """The time written in the sentence (2018年, 2019年3月 …)."""


@with_config(_GOLD)
class GoldLink(_LinkBase):
    """A relation between two sides written in one sentence."""

    kind: NotRequired[str]
    """For ``helps``: the kind of help (open to annotators; extraction uses ``HELP_KINDS``)."""


@with_config(_OUT)
class Link(_LinkBase, _Located):
    """A relation between two sides written in one sentence (or inferred from the one before)."""

    kind: NotRequired[HelpKind]
    """For ``helps``: the kind of help."""
    members: NotRequired[str]
    """For counted teams: the quantity's text that counts their cadres."""
    inferred: NotRequired[Literal[True]]
    """A side was taken from the sentence before."""
    quote: NotRequired[str]
    """The sentence, for a record written without its document's text (the mapper cuts
    it from the text otherwise); extraction does not write it."""


# --------------------------------------------------------------------- records
@with_config(_OUT)
class Jurisdiction(TypedDict):
    """The most specific unit the whole document is about."""

    text: str | None
    code: str | None


@with_config(_GOLD)
class GoldRecord(TypedDict):
    """A gold file (ANNOTATION.md): what a careful reader finds in one document."""

    doc: str
    """The document's file name."""
    jurisdiction: Jurisdiction
    entities: list[GoldEntity]
    quantities: list[GoldQuantity]
    links: list[GoldLink]


@with_config(_OUT)
class Record(TypedDict):
    """One document as ``kg extract`` writes it: the gold shape plus offsets and provenance."""

    doc: str
    """The document's file name."""
    jurisdiction: Jurisdiction
    entities: list[Entity]
    """One entry per distinct (type, text), in the order of first mention."""
    quantities: list[Quantity]
    links: list[Link]
    meta: Meta
    sha256: str | None
    """The SHA-256 of the file's bytes (the document's identity in the graph); null for
    text that was not read from a file (``extract_text``), which cannot be mapped."""
    extractor: str
    """``bangfu-kg/{version}``."""


# ----------------------------------------------------------------- JSON Schema
def _field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings of a TypedDict and of the TypedDicts it extends (pydantic
    reads only the class's own, and a TypedDict keeps its bases only in ``__orig_bases__``)."""
    docs: dict[str, str] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        if isinstance(base, type) and base is not dict:
            docs.update(_field_docs(base))
    try:
        tree = ast.parse(inspect.getsource(cls))
    except (OSError, TypeError):
        return docs
    body = tree.body[0]
    assert isinstance(body, ast.ClassDef)
    for a, b in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(a, ast.AnnAssign)
            and isinstance(a.target, ast.Name)
            and isinstance(b, ast.Expr)
            and isinstance(b.value, ast.Constant)
            and isinstance(b.value.value, str)
        ):
            docs[a.target.id] = inspect.cleandoc(b.value.value)
    return docs


def json_schema(kind: Literal["record", "gold"] = "record") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record (``kg extract`` output) or of a gold file."""
    cls = Record if kind == "record" else GoldRecord
    schema = TypeAdapter(cls).json_schema()
    classes = {c.__name__: c for c in _CLASSES}
    for name, d in [(cls.__name__, schema), *schema.get("$defs", {}).items()]:
        docs = _field_docs(classes[name]) if name in classes else {}
        for key, prop in d.get("properties", {}).items():
            prop.pop("title", None)  # pydantic's title-cased field names say nothing
            if key in docs:
                prop.setdefault("description", docs[key])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


_CLASSES: tuple[type, ...] = (
    GoldPlace,
    Place,
    GoldOrg,
    Org,
    GoldPerson,
    Person,
    GoldRole,
    Role,
    GoldProgram,
    Program,
    GoldMoney,
    Money,
    GoldQuantity,
    Quantity,
    GoldLink,
    Link,
    Jurisdiction,
    GoldRecord,
    Record,
)


def schema_text(kind: Literal["record", "gold"] = "record") -> str:
    """The schema as the committed file holds it (2-space indent, UTF-8, final newline)."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def _main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    ap = argparse.ArgumentParser(
        prog="python -m ingest.record",
        description="Write (or check) the JSON Schemas of the record and the gold file.",
    )
    ap.add_argument("--dir", default="docs", help="where the schema files live (default docs/)")
    ap.add_argument("--write", action="store_true", help="write the files (default: check them)")
    args = ap.parse_args(argv)
    stale = []
    kinds: tuple[Literal["record", "gold"], ...] = ("record", "gold")
    for kind in kinds:
        path = Path(args.dir) / f"{kind}.schema.json"
        text = schema_text(kind)
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"written {path}")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path))
    for p in stale:
        print(f"{p} is out of date: run python -m ingest.record --write")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(_main())
