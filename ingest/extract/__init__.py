"""Extraction: normalised report text → entities, quantities and links.

>>> from ingest.extract import extract_text
>>> out = extract_text("县委组织部选派5名干部驻村帮扶3个贫困村。")
>>> [q["text"] for q in out["quantities"]]
['5名干部', '3个贫困村']

The pipeline is a blank spaCy ``zh`` pipeline with the jieba segmenter (jieba-rs
by default, see ``segment.py``) and the project's own components (see
``pipeline.cfg`` and ``components.py``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, cast

from ingest import __version__
from ingest.errors import ConfigError
from ingest.record import Entity, Record
from ingest.record import Link as LinkRecord
from ingest.record import Quantity as QuantityRecord

from ..document import Document
from .records import ENTITY_TYPES, Link, Mention, Quantity, State

__all__ = [
    "CONFIG_PATH",
    "EXTRACTOR",
    "LEARNED",
    "extract",
    "extract_text",
    "finish_rules",
    "load_pipeline",
    "rule_state",
    "to_record",
]

CONFIG_PATH = Path(str(files("ingest.extract"))) / "pipeline.cfg"
EXTRACTOR = f"bangfu-kg/{__version__}"


@cache
def _load(config: str, learned: bool = True) -> Any:
    from confection import ConfigValidationError
    from spacy.util import load_config, load_model_from_config

    from . import components  # noqa: F401  (registers the factories)

    try:
        cfg = load_config(config)
        if not learned:
            cfg["nlp"]["pipeline"] = [n for n in cfg["nlp"]["pipeline"] if n not in LEARNED]
            for name in LEARNED:
                cfg["components"].pop(name, None)
        nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    except ConfigError as exc:  # a setting of one of ours (e.g. an unknown segmenter)
        raise ConfigError(exc.message, source=config) from exc
    except (OSError, ValueError, ConfigValidationError) as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        raise ConfigError(" ".join(lines)[:300] or type(exc).__name__, source=config) from exc
    return nlp


LEARNED = ("kg_ner", "kg_count_model", "kg_link_model")
"""The trained components; everything before the first is the rules' stage."""


def load_pipeline(config: str | Path | None = None, *, learned: bool = True) -> Any:
    """The extraction pipeline from ``config`` (default: the packaged ``pipeline.cfg``).

    ``learned=False`` leaves out the trained components (:data:`LEARNED`): the
    rules alone, as the unit tests of each rule and the training see them.
    """
    return _load(str(config or CONFIG_PATH), learned)


def _stages(nlp: Any, start: str | None, stop: str | None) -> list[Any]:
    names = [n for n, _ in nlp.pipeline]
    lo = names.index(start) + 1 if start in names else 0
    hi = names.index(stop) if stop in names else len(names)
    return [proc for _, proc in nlp.pipeline[lo:hi]]


def rule_state(nlp: Any, doc: Document) -> State:
    """The state after the rule components, before the entity model (for training)."""
    from .components import get_state

    d = nlp.make_doc(doc.text or "")
    d.user_data["meta"] = doc.meta
    for proc in _stages(nlp, None, "kg_ner"):
        d = proc(d)
    return get_state(d)


def finish_rules(nlp: Any, state: State) -> State:
    """Run the components between the trained models on ``state``: after the
    entity model (and the count model, when the pipeline has one) and before the
    link model."""
    from .components import get_state

    d = nlp.make_doc(state.text)
    d._.kg = state
    after = "kg_count_model" if "kg_count_model" in nlp.pipe_names else "kg_ner"
    for proc in _stages(nlp, after, "kg_link_model"):
        d = proc(d)
    return get_state(d)


def _run(nlp: Any, text: str, meta: dict[str, Any]) -> State:
    from .components import get_state

    doc = nlp.make_doc(text)
    doc.user_data["meta"] = meta
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return get_state(doc)


def extract(doc: Document, nlp: Any = None) -> Record:
    """Extract one normalised document; offsets in the result point into ``doc.original``."""
    if doc.text is None:
        from ..normalize import normalize

        doc = normalize(doc)
    nlp = nlp or load_pipeline()
    state = _run(nlp, doc.text or "", doc.meta)
    return to_record(doc, state)


def extract_text(text: str, name: str = "<text>", nlp: Any = None) -> Record:
    """Extract from a string (normalised first)."""
    return extract(Document(name=name, original=text), nlp)


def _span(doc: Document, start: int, end: int) -> tuple[int, int]:
    return doc.original_span(start, end)


def _entity(doc: Document, m: Mention) -> dict[str, Any]:
    """An :class:`~ingest.record.Entity` being built (``mentions`` come last)."""
    e: dict[str, Any] = {"type": m.type, "text": m.text}
    a = m.attrs
    if m.type == "PLACE":
        e.update(level=a.get("level"), code=a.get("code"))
        if not a.get("code") and a.get("candidates"):
            e["candidates"] = a["candidates"]
        if a.get("reason"):
            e["resolution"] = a["reason"]
    elif m.type == "ORG":
        e.update(org_type=a.get("org_type", "other"), collective=bool(a.get("collective")))
    elif m.type == "PERSON":
        e["role"] = a.get("role")
    elif m.type == "PROGRAM":
        e["kind"] = a.get("kind")
    elif m.type == "MONEY":
        e.update(value=a["value"], approx=a["approx"], qualifier=a["qualifier"])
        for k in ("value_max", "cumulative", "rate", "part_of"):
            if k in a:
                e[k] = a[k]
    e["start"], e["end"] = _span(doc, m.start, m.end)
    return e


def _quantity(doc: Document, q: Quantity) -> QuantityRecord:
    # built key by key: the JSON keeps this order
    out: dict[str, Any] = {
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "what": q.what,
        "approx": q.approx,
    }
    if q.qualifier:
        out["qualifier"] = q.qualifier
    if q.value_max is not None:
        out["value_max"] = q.value_max
    out["start"], out["end"] = _span(doc, q.start, q.end)
    return cast(QuantityRecord, out)


def _link(doc: Document, link: Link) -> LinkRecord:
    out: dict[str, Any] = {
        "rel": link.rel,
        "subject": link.subject,
        "object": link.object,
        "cue": link.cue,
        "scope": link.scope,
    }
    for k in ("kind", "when", "members"):
        v = getattr(link, k)
        if v:
            out[k] = v
    if link.inferred:
        out["inferred"] = True
    out["start"], out["end"] = _span(doc, link.start, link.end)
    return cast(LinkRecord, out)


def to_record(doc: Document, state: State) -> Record:
    """The JSON object of one document: the gold-file shape plus offsets and provenance.

    Its type is :class:`ingest.record.Record`; the entities and the others are
    assembled key by key (the order of the JSON), which the schema test checks.
    """
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for m in sorted(state.mentions, key=lambda m: m.start):
        if m.type not in ENTITY_TYPES or not m.text:
            continue
        key = (m.type, m.text)
        span = list(_span(doc, m.start, m.end))
        if key in seen:
            seen[key]["mentions"].append(span)
            if m.type == "PLACE" and seen[key].get("code") is None and m.attrs.get("code"):
                seen[key].update(code=m.attrs["code"], level=m.attrs.get("level"))
            continue
        e = _entity(doc, m)
        e["mentions"] = [span]
        seen[key] = e
    seen_q: set[tuple[str, float, str]] = set()
    quantities = []
    for q in state.quantities:
        if (q.text, q.value, q.what) in seen_q:
            continue
        seen_q.add((q.text, q.value, q.what))
        quantities.append(_quantity(doc, q))
    j = state.jurisdiction
    return {
        "doc": doc.name,
        "jurisdiction": {"text": j.text if j else None, "code": state.jurisdiction_code},
        "entities": cast(list[Entity], list(seen.values())),
        "quantities": quantities,
        "links": [_link(doc, link) for link in state.links],
        "meta": {
            **{k: v for k, v in doc.meta.items() if isinstance(v, (str, int, float)) and v},
            # personal numbers masked on reading (ingest.privacy): how many, never what
            **({"masked": dict(doc.meta["masked"])} if doc.meta.get("masked") else {}),
        },
        "sha256": doc.sha256,
        "extractor": EXTRACTOR,
    }
