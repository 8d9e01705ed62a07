"""Personal numbers in public lists are never kept: masked where the text is read.

Public notices (公示) of aid recipients can carry resident ID-card numbers,
mobile and landline phone numbers and bank-card numbers. The project has no
use for them and must not store, export or print them: :func:`mask` replaces
every digit of such a number with ``*`` as soon as a report is read, so
everything downstream (quotes, mentions, the graph, exports) only ever sees
the masked text. The length stays the same, so every character offset still
points where it did. What was masked is counted per kind (the document's
``meta["masked"]``), never what it was.

>>> mask("联系电话13912345678，身份证号码110105199001011234。")
('联系电话***********，身份证号码******************。', {'id_card': 1, 'phone': 1})
"""

from __future__ import annotations

import re

__all__ = ["KINDS", "mask"]

_ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![0-9A-Za-z])"
    r"|(?<![0-9A-Za-z])[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
)
_BANK_CARD = re.compile(r"(?<!\d)62\d{14,17}(?!\d)")
_PHONE = re.compile(
    r"(?<![\d.])(?:\+?86[- ]?)?1[3-9]\d{9}(?![\d.])"  # mobile
    r"|(?<![\d.])0\d{2,3}[-－—]\d{7,8}(?![\d.])"  # landline with its area code
)
KINDS = {"id_card": _ID_CARD, "bank_card": _BANK_CARD, "phone": _PHONE}
"""The kinds of number masked, in the order they are looked for."""

_DIGITS = re.compile(r"[0-9Xx]")


def mask(text: str) -> tuple[str, dict[str, int]]:
    """``text`` with personal numbers masked digit by digit, and how many of each kind."""
    counts: dict[str, int] = {}
    for kind, pattern in KINDS.items():

        def hide(m: re.Match[str], kind: str = kind) -> str:
            counts[kind] = counts.get(kind, 0) + 1
            return _DIGITS.sub("*", m.group())

        text = pattern.sub(hide, text)
    return text, counts
