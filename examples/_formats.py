"""Writing a generated document in the formats the readers take.

``.txt`` in UTF-8, GB18030, Big5 or UTF-16; ``.html`` as a whole page (header,
navigation, sidebar and footer around one ``<article>``); ``.docx``
(python-docx, tables as Word tables); ``.pdf`` (reportlab, a CJK CID font, lines
broken only where no annotated string is cut). Every writer is deterministic:
the same document gives the same bytes (fixed zip times in a .docx, reportlab's
invariant mode), so a regenerated corpus loads into the store as the same
documents.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ._doc import Doc
from ._text import Span, Table

__all__ = ["FORMATS", "GLOSSES", "add_glosses", "plain_lines", "write"]

#: Pinyin glosses for rare characters (one document carries them, as some reports do).
GLOSSES = {
    "屲": "wā",
    "岘": "xiàn",
    "殪": "yì",
    "癿": "qié",
    "尕": "gǎ",
    "咀": "zuǐ",
    "峪": "yù",
    "峁": "mǎo",
    "塬": "yuán",
    "壑": "hè",
    "岔": "chà",
    "锹": "qiāo",
}

Convert = Callable[[str], str]


def add_glosses(text: str) -> str:
    """Gloss the first occurrence of each rare character: 峁 → 峁(mǎo)."""
    seen: set[str] = set()
    out = []
    for ch in text:
        out.append(ch)
        if ch in GLOSSES and ch not in seen:
            seen.add(ch)
            out.append(f"({GLOSSES[ch]})")
    return "".join(out)


def _cell_texts(t: Table, conv: Convert) -> tuple[list[str], list[list[str]]]:
    return [conv(h) for h in t.header], [[conv(c.text) for c in row] for row in t.rows]


def plain_lines(doc: Doc, conv: Convert, *, table_sep: str = "\t") -> list[str]:
    lines = [conv(doc.title.text), *(conv(m.text) for m in doc.meta), ""]
    for b in doc.blocks:
        if isinstance(b, Table):
            head, rows = _cell_texts(b, conv)
            lines.append(table_sep.join(head))
            lines.extend(table_sep.join(r) for r in rows)
        else:
            lines.append(conv(b.text))
    if doc.byline is not None:
        lines.append(conv(doc.byline.text))
    return lines


def write_txt(doc: Doc, path: Path, conv: Convert, encoding: str, gloss: bool) -> None:
    text = "\n".join(plain_lines(doc, conv)) + "\n"
    if gloss:
        text = add_glosses(text)
    path.write_bytes(text.encode(encoding))


_SITES = ("人民政府", "融媒体中心", "乡村振兴局")


def write_html(doc: Doc, path: Path, conv: Convert, gloss: bool) -> None:
    def h(s: str) -> str:
        t = conv(s)
        return html.escape(add_glosses(t) if gloss else t, quote=False)

    site = conv(doc.source or "政务信息网")
    parts = [f"<h1>{h(doc.title.text)}</h1>"]
    parts += [f'<p class="info">{h(m.text)}</p>' for m in doc.meta]
    for b in doc.blocks:
        if isinstance(b, Table):
            head, rows = _cell_texts(b, lambda s: s)
            parts.append("<table>")
            parts.append("<tr>" + "".join(f"<th>{h(c)}</th>" for c in head) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{h(c)}</td>" for c in r) + "</tr>" for r in rows]
            parts.append("</table>")
        else:
            parts.append(f"<p>{h(b.text)}</p>")
    if doc.byline is not None:
        parts.append(f"<p>{h(doc.byline.text)}</p>")
    body = "\n".join(parts)
    year = doc.date[:4] or "2021"
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="article:published_time" content="{doc.date}">
<title>{h(doc.title.text)} - {html.escape(site)}</title>
</head>
<body>
<header><div class="logo">{html.escape(site)}</div>
<nav><a href="/">首页</a> | <a href="/news/">新闻中心</a> | <a href="/xczx/">乡村振兴</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></nav>
</header>
<div class="main">
<aside><h3>热点专题</h3><ul><li><a href="/zt/1">巩固拓展脱贫攻坚成果</a></li><li><a href="/zt/2">营商环境建设</a></li><li><a href="/zt/3">政策解读</a></li></ul></aside>
<article>
{body}
</article>
</div>
<footer><p>Copyright © {year} {html.escape(site)} 版权所有</p><p>主办单位：{html.escape(site)}　技术支持：信息中心</p></footer>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def write_docx(doc: Doc, path: Path, conv: Convert, gloss: bool) -> None:
    import docx

    def t(s: str) -> str:
        x = conv(s)
        return add_glosses(x) if gloss else x

    d = docx.Document()
    d.add_heading(t(doc.title.text), level=1)
    for m in doc.meta:
        d.add_paragraph(t(m.text))
    for b in doc.blocks:
        if isinstance(b, Table):
            table = d.add_table(rows=1 + len(b.rows), cols=len(b.header))
            table.style = "Table Grid"
            for j, c in enumerate(b.header):
                table.cell(0, j).text = t(c)
            for i, row in enumerate(b.rows, 1):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = t(cell.text)
        else:
            d.add_paragraph(t(b.text))
    if doc.byline is not None:
        d.add_paragraph(t(doc.byline.text))
    props = d.core_properties
    props.title = t(doc.title.text)
    props.author = ""
    when = datetime(int(doc.date[:4] or 2020), 1, 1)
    props.created = props.modified = when
    props.last_modified_by = ""
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed member times, so a rebuild gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


_BREAK_AFTER = set("，。；：、）”")
_PDF_LINE = 34  # characters per line at 13 pt on A4 with 2 cm margins


def _safe_breaks(span: Span) -> set[int]:
    """Offsets where a line may end: not inside any annotated string or link side."""
    inside: set[int] = set()
    for a, b, _ in span.anns:
        inside.update(range(a + 1, b))
    return set(range(1, len(span.text))) - inside


def _pdf_lines(span: Span, conv: Convert, sides: list[str]) -> list[str]:
    text = conv(span.text)
    ok = _safe_breaks(span)
    for side in sides:  # free-text link sides (a purpose, a task) stay whole too
        for m in re.finditer(re.escape(side), span.text):
            ok -= set(range(m.start() + 1, m.end()))
    lines, start = [], 0
    while len(text) - start > _PDF_LINE:
        limit = start + _PDF_LINE
        cands = [i for i in range(start + 8, limit + 1) if i in ok]
        punct = [i for i in cands if text[i - 1] in _BREAK_AFTER]
        cut = (punct or cands or [limit])[-1]
        lines.append(text[start:cut])
        start = cut
    lines.append(text[start:])
    return lines


def write_pdf(doc: Doc, path: Path, conv: Convert, gloss: bool) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if gloss:  # glosses would shift the safe line breaks; PDFs carry none
        gloss = False
    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(conv(doc.title.text))
    c.setAuthor(conv(doc.source or ""))
    _width, height = A4
    x0, y = 57, height - 70
    sides = [side for link in doc.links for side in (link.subject, link.object)]

    def line(text: str, size: int = 13) -> None:
        nonlocal y
        if y < 60:
            c.showPage()
            y = height - 70
        c.setFont(font, size)
        c.drawString(x0, y, text)
        y -= size + 9

    for t in _pdf_lines(doc.title, conv, sides):
        line(t, 16)
    for m in doc.meta:
        line(conv(m.text), 11)
    y -= 8
    for b in doc.blocks:
        if isinstance(b, Table):
            head, rows = _cell_texts(b, conv)
            line("  ".join(head), 11)
            for r in rows:
                line("  ".join(r), 11)
            continue
        for t in _pdf_lines(b, conv, sides):
            line(t)
    if doc.byline is not None:
        line(conv(doc.byline.text), 11)
    c.showPage()
    c.save()


FORMATS = ("txt", "html", "docx", "pdf")


def write(
    doc: Doc, out: Path, fmt: str, encoding: str, conv: Convert, *, gloss: bool = False
) -> Path:
    """Write ``doc`` as ``out/<doc.name>``; ``conv`` turns Simplified into the report's script."""
    path = out / doc.name
    if fmt == "txt":
        write_txt(doc, path, conv, encoding, gloss)
    elif fmt == "html":
        write_html(doc, path, conv, gloss)
    elif fmt == "docx":
        write_docx(doc, path, conv, gloss)
    elif fmt == "pdf":
        write_pdf(doc, path, conv, gloss)
    else:  # pragma: no cover - the plan only names known formats
        raise ValueError(fmt)
    return path
