"""Build the sample .docx report from its UTF-8 source text.

Usage::

    python examples/make_docx.py            # builds examples/corpus/06_social.docx

The first non-empty line of the source becomes the title (a Heading 1),
the second (the issuing office and date) a centred line, and every
following non-empty line a body paragraph. The built file is committed as
sample input; rerun this script after editing ``examples/src/06_social.txt``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = HERE / "src" / "06_social.txt"
DEFAULT_OUT = HERE / "corpus" / "06_social.docx"


def build(src: Path = DEFAULT_SRC, out: Path = DEFAULT_OUT) -> Path:
    """Write ``out`` from the UTF-8 text in ``src`` and return its path."""
    lines = [line.strip() for line in src.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 3:
        raise ValueError(f"{src}: expected a title, an office line and a body")
    title, office, body = lines[0], lines[1], lines[2:]

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    # Fixed metadata so that rebuilding gives the same document properties.
    doc.core_properties.title = title
    doc.core_properties.author = "bangfu-kg examples"
    doc.core_properties.created = dt.datetime(2020, 9, 15, 9, 0, 0)
    doc.core_properties.modified = dt.datetime(2020, 9, 15, 9, 0, 0)

    doc.add_heading(title, level=1)
    para = doc.add_paragraph(office)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in body:
        doc.add_paragraph(text)

    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    print(build(args.src, args.out))


if __name__ == "__main__":
    main()
