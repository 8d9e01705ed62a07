"""Read report files into :class:`~ingest.document.Document` objects.

One entry point, :func:`read`, dispatches on the file suffix:

``.txt``
    Plain text in any common Chinese encoding. UTF-8 is tried strictly
    first (the fast path); otherwise the encoding is detected with
    charset-normalizer, preferring Chinese-capable encodings (GB18030 family,
    Big5, the Unicode encodings) over look-alikes such as Shift-JIS or CP949.
``.html`` / ``.htm``
    The article text as extracted by trafilatura (menus, navigation and
    footers left out), with the page metadata it finds.
``.docx``
    Paragraphs and table cells in document order, via python-docx.
``.pdf``
    The text layer, via pypdf.

``Document.original`` is the decoded text with line breaks normalised to
``\\n`` (``\\r\\n`` and lone ``\\r`` become ``\\n``) and a leading byte-order
mark removed; every character offset in the project refers to this string.

Any file that cannot be read raises :class:`ingest.errors.InputError` with a
one-line reason and the path as ``source``; nothing else escapes for bad
input.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ingest.deps import require
from ingest.document import Document
from ingest.errors import InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "decode_bytes",
    "iter_inputs",
    "read",
    "text_metadata",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this (in bytes) are rejected before being read."""

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".html", ".htm", ".docx", ".pdf"})
"""File suffixes :func:`read` understands (lower case)."""

# Encodings (Python codec names, as charset-normalizer reports them) that are
# plausible for Chinese or ASCII text. Anything else (cp1252, shift_jis, koi8_r …)
# is how charset-normalizer "decodes" binary junk or non-Chinese text.
_CHINESE_ENCODINGS = frozenset(
    {"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "cp936"}
)
_UNICODE_ENCODINGS = frozenset(
    {
        "ascii",
        "utf_8",
        "utf_8_sig",
        "utf_16",
        "utf_16_le",
        "utf_16_be",
        "utf_32",
        "utf_32_le",
        "utf_32_be",
    }
)
_PLAUSIBLE_ENCODINGS = _CHINESE_ENCODINGS | _UNICODE_ENCODINGS
# GB2312 and GBK are subsets of GB18030: decode with the superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}
_MAX_CHAOS = 0.25
"""Best matches noisier than this (charset-normalizer's mess ratio) are rejected."""
_MAX_CONTROL_RATIO = 0.01
"""Share of C0/C1 control characters (other than tab, newlines, form feed) tolerated."""

_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document (.doc/.xls)"),
)
"""Signatures of common binary formats, rejected before any decoding is tried."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)


# --------------------------------------------------------------------------- entry points


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and directories into the files to read.

    Directories are walked recursively in sorted order and only files with a
    supported suffix are kept; a path given directly is always yielded, even
    with an unsupported suffix or when it does not exist, so that :func:`read`
    reports it.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and directories, as given on a command line.

    Yields
    ------
    Path
        Each file to read, directories expanded in sorted order.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SUPPORTED_SUFFIXES and child.is_file():
                    yield child
        else:
            yield path


def read(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one report file.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.html``, ``.htm``, ``.docx`` or ``.pdf`` file.
    max_bytes : int, optional
        Larger files are rejected (checked with ``stat()`` before reading).

    Returns
    -------
    Document
        ``original`` holds the decoded text (line breaks normalised to
        ``\\n``), ``meta`` at least ``format`` and, where found, ``title``,
        ``date`` (ISO 8601), ``author``, ``encoding`` (``.txt``/HTML),
        ``sitename`` and ``extraction`` (HTML), ``created`` (DOCX/PDF
        file-creation date, ISO), ``pages`` (PDF). ``title`` and ``date``
        come from the file's own metadata when it has them (HTML page,
        DOCX core properties, PDF info) and otherwise from the top of the
        text (:func:`text_metadata`); a DOCX/PDF creation date is kept apart
        as ``created`` because it is not the report's date.

    Raises
    ------
    InputError
        Empty, binary, undecodable, corrupt, too large, missing or
        unsupported input.
    """
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise InputError(
            f"unsupported file type {suffix or '(no suffix)'!r}; "
            f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}",
            source=source,
        )
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError("not a regular file", source=source)
        if size > max_bytes:
            raise InputError(
                f"file too large ({size:,} bytes > limit of {max_bytes:,})", source=source
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"file vanished or unreadable ({type(exc).__name__})", source=source
        ) from exc
    if len(data) > max_bytes:  # grew between stat() and read
        raise InputError(f"file too large (> limit of {max_bytes:,} bytes)", source=source)
    if not data.strip():
        raise InputError("empty file", source=source)

    text, meta = reader(data, source)
    text = _clean_newlines(text)
    if not text.strip():
        raise InputError("no text found in file", source=source)
    for key, value in text_metadata(text).items():
        if not meta.get(key):
            meta[key] = value
    return Document(
        name=path.name,
        original=text,
        path=source,
        sha256=hashlib.sha256(data).hexdigest(),
        meta={k: v for k, v in meta.items() if v not in (None, "")},
    )


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, *, source: str | None = None) -> tuple[str, str]:
    """Decode text bytes in any common Chinese or Unicode encoding.

    Order: a byte-order mark decides; else strict UTF-8; else the best
    charset-normalizer match among encodings plausible for Chinese or ASCII
    text (lowest chaos first, Chinese-language matches preferred on ties).

    Parameters
    ----------
    data : bytes
        The raw bytes.
    source : str, optional
        File name for error messages.

    Returns
    -------
    text : str
        The decoded text (BOM removed).
    encoding : str
        Python codec name used, e.g. ``"utf_8"``, ``"gb18030"``, ``"big5hkscs"``.

    Raises
    ------
    InputError
        Binary or undecodable data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"undecodable bytes: invalid {encoding} after byte-order mark at byte "
                    f"{exc.start}",
                    source=source,
                ) from None
            return _check_text(text.lstrip("\ufeff"), encoding, source), encoding

    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({kind})", source=source)
    has_nul = b"\x00" in data
    utf8_error: UnicodeDecodeError | None = None
    if not has_nul:
        try:
            return _check_text(data.decode("utf-8"), "utf_8", source), "utf_8"
        except UnicodeDecodeError as exc:
            utf8_error = exc

    from_bytes = require(
        "charset_normalizer", package="charset-normalizer", purpose="detecting text encodings"
    ).from_bytes

    matches = list(from_bytes(data))
    plausible = [
        m
        for m in matches
        if m.encoding in _PLAUSIBLE_ENCODINGS and (not has_nul or m.encoding.startswith("utf_"))
    ]
    if not plausible:
        if has_nul:
            raise InputError("binary file (not decodable as text)", source=source)
        if matches:
            raise InputError(
                "undecodable bytes: not Chinese or ASCII text "
                f"(closest guess {matches[0].encoding})",
                source=source,
            )
        replaced = data.decode("utf-8", "replace")
        bad = replaced.count("\ufffd")
        if utf8_error is not None and bad <= max(3, len(replaced) // 1000):
            raise InputError(
                f"undecodable bytes: invalid UTF-8 at byte {utf8_error.start} "
                f"({bad} bad sequence{'s' if bad > 1 else ''})",
                source=source,
            )
        raise InputError("binary file (not decodable as text)", source=source)
    # Lowest chaos wins; among (near) ties Chinese-language matches first, then
    # charset-normalizer's own order.
    ranked = sorted(
        enumerate(plausible),
        key=lambda im: (round(im[1].chaos, 2), "Chinese" not in im[1].languages, im[0]),
    )
    best = ranked[0][1]
    if best.chaos > _MAX_CHAOS:
        raise InputError(
            f"binary file or garbled text (best guess {best.encoding}, chaos {best.chaos:.2f})",
            source=source,
        )
    encoding = _SUPERSET.get(best.encoding, best.encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = str(best)
        encoding = best.encoding
    return _check_text(text.lstrip("\ufeff"), encoding, source), encoding


def _check_text(text: str, encoding: str, source: str | None) -> str:
    """Reject decoded text that is really binary (NULs or many control chars)."""
    if "\x00" in text:
        raise InputError("binary file (contains NUL characters)", source=source)
    sample = text[:65536]
    controls = len(_CONTROL_RE.findall(sample))
    if sample and controls / len(sample) > _MAX_CONTROL_RATIO:
        raise InputError(f"binary file (control characters when read as {encoding})", source=source)
    return text


_CONTROL_RE = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")


def _clean_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --------------------------------------------------------------------------- metadata from text

_TITLE_MAX = 60
_SENTENCE_PUNCT = re.compile(r"[。！？；，!?;,]")
_HAS_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE_RES = (
    # 2019年7月4日 / 2019年07月04号
    (re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), (1, 2, 3)),
    # 2019-07-04, 2019/7/4, 2019.07.04
    (re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)"), (1, 3, 4)),
    # 26.08.2015, 26/08/2015 (day first, as European-style site stamps write it)
    (re.compile(r"(?<!\d)(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)"), (4, 3, 1)),
)
_DATE_LINES = 5


def text_metadata(text: str) -> dict[str, str]:
    """Cheap, reliable metadata read off the top of a text.

    Parameters
    ----------
    text : str
        The document text.

    Returns
    -------
    dict
        ``title``: the first non-empty line when it is short (< 60 chars),
        has a word character and no sentence punctuation; ``date``: the first
        full date (``2019年7月4日``, ``2019-07-04``, ``26.08.2015`` …) in the
        first five non-empty lines, as ISO ``YYYY-MM-DD``. Keys are absent
        when not found.

    Examples
    --------
    >>> text_metadata("扶贫简报\\n某县办公室 2019年7月4日\\n正文。")
    {'title': '扶贫简报', 'date': '2019-07-04'}
    """
    meta: dict[str, str] = {}
    lines: list[str] = []
    for line in text.split("\n", 200)[:200]:
        line = line.strip()
        if line:
            lines.append(line)
            if len(lines) >= _DATE_LINES:
                break
    if not lines:
        return meta
    first = lines[0]
    first_date = _first_date(first)
    is_bare_date = first_date is not None and first_date[1] - first_date[0] == len(first)
    if (
        len(first) < _TITLE_MAX
        and _HAS_WORD.search(first)
        and not _SENTENCE_PUNCT.search(first)
        and not is_bare_date
    ):
        meta["title"] = first
    for line in lines:
        found = _first_date(line)
        if found:
            meta["date"] = found[2]
            break
    return meta


def _first_date(line: str) -> tuple[int, int, str] | None:
    """The first valid date in ``line``: ``(start, end, iso)`` or ``None``."""
    ascii_line = line[:2000].translate(_FULLWIDTH_DIGITS)
    best: tuple[int, int, str] | None = None
    for regex, groups in _DATE_RES:
        for m in regex.finditer(ascii_line):
            y, mo, d = (int(m.group(g)) for g in groups)
            if not 1900 <= y <= 2100:
                continue
            try:
                iso = dt.date(y, mo, d).isoformat()
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), m.end(), iso)
            break
    return best


def _iso(value: Any) -> str | None:
    """An ISO date string from a datetime/date/str, or ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    found = _first_date(str(value))
    return found[2] if found else None


# --------------------------------------------------------------------------- formats


def _read_txt(data: bytes, source: str) -> tuple[str, dict[str, Any]]:
    text, encoding = decode_bytes(data, source=source)
    return text, {"format": "txt", "encoding": encoding}


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    """Decode HTML bytes: BOM, then ``<meta charset>``, then detection."""
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        m = _META_CHARSET.search(data[:4096])
        if m:
            label = m.group(1).decode("ascii", "replace").lower()
            try:
                encoding = codecs.lookup(label).name.replace("-", "_")
            except LookupError:
                encoding = None
            if encoding:
                encoding = _SUPERSET.get(encoding, encoding)
                try:
                    return _check_text(data.decode(encoding), encoding, source), encoding
                except UnicodeDecodeError:
                    pass  # the declaration lies: detect instead
    return decode_bytes(data, source=source)


def _read_html(data: bytes, source: str) -> tuple[str, dict[str, Any]]:
    trafilatura = require(
        "trafilatura", package="trafilatura lxml_html_clean", purpose="reading .html files"
    )

    html, encoding = _decode_html(data, source)
    meta: dict[str, Any] = {"format": "html", "encoding": encoding}
    try:
        result = trafilatura.extract(
            html,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=True,
        )
    except Exception as exc:  # trafilatura/lxml failures on junk markup
        raise InputError(f"unparseable HTML ({type(exc).__name__})", source=source) from None
    record = json.loads(result) if result else {}
    text = (record.get("text") or "").strip()
    if text:
        meta["extraction"] = "trafilatura"
        for key in ("title", "author", "sitename"):
            if record.get(key):
                meta[key] = record[key]
        if record.get("date"):
            meta["date"] = _iso(record["date"])
        return text, meta
    try:
        text = trafilatura.html2txt(html, clean=False) or ""
    except Exception as exc:
        raise InputError(f"unparseable HTML ({type(exc).__name__})", source=source) from None
    meta["extraction"] = "fallback: plain text of the whole page (trafilatura found no article)"
    return text.strip(), meta


def _read_docx(data: bytes, source: str) -> tuple[str, dict[str, Any]]:
    docx = require("docx", package="python-docx", purpose="reading .docx files")
    Table = require("docx.table", package="python-docx", purpose="reading .docx files").Table

    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                parts.extend(_table_lines(block))
            else:
                parts.append(block.text)
        props = document.core_properties
        meta: dict[str, Any] = {
            "format": "docx",
            "title": _meta_str(props.title),
            "author": _meta_str(props.author),
            "created": _iso(props.created),
        }
    except Exception as exc:  # zipfile, lxml, python-docx errors on a broken package
        raise InputError(
            f"corrupt or unreadable DOCX ({type(exc).__name__})", source=source
        ) from None
    text = "\n".join(parts)
    if not text.strip():
        raise InputError("DOCX has no text", source=source)
    return text, meta


def _table_lines(table: Any) -> list[str]:
    """One line per table cell, merged cells once, row by row."""
    lines: list[str] = []
    seen: set[Any] = set()  # the cells' XML elements (held, so identity is stable)
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats across the grid
                continue
            seen.add(cell._tc)
            if cell.text.strip():
                lines.append(cell.text)
    return lines


def _read_pdf(data: bytes, source: str) -> tuple[str, dict[str, Any]]:
    import logging

    PdfReader = require("pypdf", purpose="reading .pdf files").PdfReader

    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)  # malformed-but-readable PDFs log noisily
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("encrypted PDF", source=source)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        meta: dict[str, Any] = {"format": "pdf", "pages": len(pages)}
        if info is not None:
            meta["title"] = _meta_str(info.title)
            meta["author"] = _meta_str(info.author)
            try:
                meta["created"] = _iso(info.creation_date)
            except Exception:
                meta["created"] = None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise InputError(
            f"corrupt or unreadable PDF ({type(exc).__name__})", source=source
        ) from None
    finally:
        pypdf_logger.setLevel(level)
    text = "\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise InputError("no text layer (scanned PDF?)", source=source)
    return text, meta


_PLACEHOLDERS = frozenset(
    {
        "untitled",
        "anonymous",
        "(anonymous)",
        "unknown",
        "unspecified",
        "administrator",
        "user",
        "无标题",
    }
)
_WORD_PREFIX = re.compile(r"^Microsoft Word - ", re.IGNORECASE)


def _meta_str(value: Any) -> str | None:
    """A metadata string, or ``None`` for tools' placeholders (``untitled``…)."""
    if value is None:
        return None
    s = _WORD_PREFIX.sub("", str(value).strip())
    return None if not s or s.lower() in _PLACEHOLDERS else s


_READERS: dict[str, Callable[[bytes, str], tuple[str, dict[str, Any]]]] = {
    ".txt": _read_txt,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
