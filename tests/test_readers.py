"""Tests for ingest.readers: every format, every encoding, every kind of bad input.

All inputs are written at test time into ``tmp_path``; the sentences are the
tests' own.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from ingest.errors import InputError
from ingest.readers import (
    SUPPORTED_SUFFIXES,
    decode_bytes,
    iter_inputs,
    read,
    text_metadata,
)

# A few hundred characters of Simplified text and its Traditional twin
# (written by hand for these tests).
SIMPLIFIED = (
    "山前县扶贫工作简报\n"
    "县扶贫开发领导小组办公室 2021年3月15日\n"
    "今年以来，山前县坚持把脱贫攻坚作为头等大事，组织县直机关四十二个单位与"
    "全县六十个贫困村结对帮扶，选派第一书记和驻村工作队员一百八十名。"
    "各驻村工作队围绕产业发展、基础设施和教育医疗三个方面开展工作，"
    "帮助村民成立合作社，修建村组道路，改造危旧房屋，落实助学资金。"
    "县委组织部每季度对驻村干部进行考核，考核结果作为评先评优和提拔使用的重要依据。"
    "下一步，全县将继续巩固脱贫成果，防止返贫，推动乡村振兴与脱贫攻坚有效衔接。\n"
)
TRADITIONAL = (
    "山前縣扶貧工作簡報\n"
    "縣扶貧開發領導小組辦公室 2021年3月15日\n"
    "今年以來，山前縣堅持把脫貧攻堅作為頭等大事，組織縣直機關四十二個單位與"
    "全縣六十個貧困村結對幫扶，選派第一書記和駐村工作隊員一百八十名。"
    "各駐村工作隊圍繞產業發展、基礎設施和教育醫療三個方面開展工作，"
    "幫助村民成立合作社，修建村組道路，改造危舊房屋，落實助學資金。"
    "縣委組織部每季度對駐村幹部進行考核，考核結果作為評先評優和提拔使用的重要依據。"
    "下一步，全縣將繼續鞏固脫貧成果，防止返貧，推動鄉村振興與脫貧攻堅有效銜接。\n"
)
SHORT_SIMPLIFIED = "县委组织部选派第一书记到贫困村开展帮扶工作，取得明显成效。"
SHORT_TRADITIONAL = "縣委組織部選派第一書記到貧困村開展幫扶工作，取得明顯成效。"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- plain text


@pytest.mark.parametrize(
    ("text", "encoding", "expected_codec"),
    [
        (SIMPLIFIED, "utf-8", "utf_8"),
        (SIMPLIFIED, "utf-8-sig", "utf_8_sig"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb2312", "gb18030"),
        (TRADITIONAL, "big5", "big5hkscs"),
        (SIMPLIFIED, "utf-16", "utf_16"),
        (SIMPLIFIED, "utf-16-le", "utf_16_le"),
        (SIMPLIFIED, "utf-16-be", "utf_16_be"),
        (SHORT_SIMPLIFIED, "gb18030", "gb18030"),
        (SHORT_SIMPLIFIED, "gbk", "gb18030"),
        (SHORT_TRADITIONAL, "big5", "big5hkscs"),
    ],
)
def test_txt_encodings(tmp_path, text, encoding, expected_codec):
    data = text.encode(encoding)
    path = write(tmp_path, f"report-{encoding}.txt", data)
    doc = read(path)
    assert doc.original == text
    assert doc.meta["encoding"] == expected_codec
    assert doc.meta["format"] == "txt"
    assert doc.name == path.name
    assert doc.path == str(path)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.text is None and doc.offsets is None


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL])
def test_txt_metadata_from_text(tmp_path, text):
    doc = read(write(tmp_path, "r.txt", text.encode("utf-8")))
    assert doc.meta["title"] == text.split("\n")[0]
    assert doc.meta["date"] == "2021-03-15"


def test_crlf_and_bom_normalised(tmp_path):
    doc = read(write(tmp_path, "r.txt", ("\ufeff" + "第一行\r\n第二行\r第三行").encode("utf-8")))
    assert doc.original == "第一行\n第二行\n第三行"


def test_decode_bytes_prefers_chinese_over_lookalikes():
    # Short Big5 text: charset-normalizer ranks Shift-JIS first; Big5 must win.
    text, encoding = decode_bytes("驻村工作队帮助村民发展产业，增加收入。".encode("gb18030"))
    assert text == "驻村工作队帮助村民发展产业，增加收入。"
    text, encoding = decode_bytes("駐村工作隊幫助村民發展產業，增加收入。".encode("big5"))
    assert text == "駐村工作隊幫助村民發展產業，增加收入。"
    assert encoding.startswith("big5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("简报\n某办公室 2019年7月4日\n正文。", {"title": "简报", "date": "2019-07-04"}),
        ("标题\n2019-07-04 12:00\n", {"title": "标题", "date": "2019-07-04"}),
        ("标题\n\n26.08.2015  12:49\n", {"title": "标题", "date": "2015-08-26"}),
        ("标题\n２０２０年１月２日\n", {"title": "标题", "date": "2020-01-02"}),
        ("这是一句话，不是标题。\n", {}),
        ("2019年7月4日\n正文。", {"date": "2019-07-04"}),
        ("标题\n2019年13月40日\n", {"title": "标题"}),  # not a real date
        ("标题\n一\n二\n三\n四\n五\n2019年7月4日\n", {"title": "标题"}),  # too far down
        ("很" * 60 + "\n", {}),  # too long for a title
    ],
)
def test_text_metadata(text, expected):
    assert text_metadata(text) == expected


# --------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>驻村帮扶见成效 - 山前县人民政府</title>
<meta name="author" content="县扶贫办">
<meta name="date" content="2021-04-02">
</head><body>
<header><nav><ul><li><a href="/">网站首页</a></li><li><a href="/gk">政务公开导航栏</a></li>
<li><a href="/hd">互动交流导航栏</a></li></ul></nav></header>
<main><article>
<h1>驻村帮扶见成效</h1>
<p>今年以来，山前县选派一百八十名干部组成六十支驻村工作队，分赴全县六十个贫困村开展帮扶。
工作队员吃住在村，逐户走访，摸清每户的收入来源和致贫原因，制定一户一策的帮扶计划。</p>
<p>在工作队的帮助下，东坪村成立了茶叶专业合作社，带动一百二十户村民增收，
户均年增收三千余元。西岭村修通了通组公路，解决了村民出行难的问题。</p>
<p>县委组织部每季度对驻村干部进行考核，考核结果作为干部评先评优的重要依据。</p>
</article></main>
<footer><p>版权所有：山前县人民政府网站页脚信息 备案号：示例备案00000号</p></footer>
</body></html>
"""


@pytest.mark.parametrize(("charset", "codec"), [("utf-8", "utf-8"), ("gb2312", "gb2312")])
def test_html_article_without_boilerplate(tmp_path, charset, codec):
    page = HTML_PAGE.format(charset=charset)
    doc = read(write(tmp_path, "page.html", page.encode(codec)))
    assert doc.meta["format"] == "html"
    assert doc.meta["extraction"] == "trafilatura"
    assert "东坪村成立了茶叶专业合作社" in doc.original
    assert "考核结果作为干部评先评优" in doc.original
    for noise in ("政务公开导航栏", "互动交流导航栏", "网站页脚信息", "备案号"):
        assert noise not in doc.original
    assert "驻村帮扶见成效" in doc.meta["title"]
    assert doc.meta["date"] == "2021-04-02"


def test_html_meta_charset_respected(tmp_path):
    # Big5 bytes declared as Big5: the declaration decides.
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=big5'>"
        f"</head><body><p>{TRADITIONAL}</p></body></html>"
    )
    doc = read(write(tmp_path, "page.htm", page.encode("big5")))
    assert doc.meta["encoding"].startswith("big5")
    assert "駐村工作隊" in doc.original


def test_html_meta_charset_that_lies(tmp_path):
    # Declared UTF-8, written in GB18030: the declaration fails, detection decides.
    page = HTML_PAGE.format(charset="utf-8")
    doc = read(write(tmp_path, "page.html", page.encode("gb18030")))
    assert doc.meta["encoding"] == "gb18030"
    assert "东坪村成立了茶叶专业合作社" in doc.original


def test_html_fallback_when_no_article(tmp_path):
    # trafilatura finds no article in a page that is only an aside: keep its plain text.
    page = "<html><body><aside>帮扶名单：东坪村</aside></body></html>"
    doc = read(write(tmp_path, "page.html", page.encode()))
    assert doc.original == "帮扶名单：东坪村"
    assert doc.meta["extraction"].startswith("fallback")


# --------------------------------------------------------------------------- DOCX


def make_docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "驻村工作总结"
    document.core_properties.author = "山前县扶贫办"
    document.add_paragraph("驻村工作总结")
    document.add_paragraph("2021年6月30日")
    document.add_paragraph("上半年，工作队帮助东坪村发展茶叶产业。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "村名"
    table.cell(0, 1).text = "帮扶单位"
    table.cell(1, 0).text = "东坪村"
    table.cell(1, 1).text = "县农业农村局"
    document.add_paragraph("下半年，工作队将继续巩固脱贫成果。")
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格"
    merged.cell(0, 2).text = "备注"
    document.save(path)
    return path


def test_docx(tmp_path):
    doc = read(make_docx(tmp_path / "summary.docx"))
    assert doc.meta["format"] == "docx"
    assert doc.meta["title"] == "驻村工作总结"
    assert doc.meta["author"] == "山前县扶贫办"
    assert doc.meta["date"] == "2021-06-30"
    assert "created" in doc.meta
    lines = doc.original.split("\n")
    assert lines[:3] == ["驻村工作总结", "2021年6月30日", "上半年，工作队帮助东坪村发展茶叶产业。"]
    assert lines[3:7] == ["村名", "帮扶单位", "东坪村", "县农业农村局"]  # table, in order
    assert lines[7] == "下半年，工作队将继续巩固脱贫成果。"
    assert lines[8:] == ["合并单元格", "备注"]  # a merged cell once


# --------------------------------------------------------------------------- PDF


def make_pdf(path: Path, lines: list[str], *, title: str | None = None) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    if title:
        c.setTitle(title)
        c.setAuthor("山前县扶贫办")
    c.setFont("STSong-Light", 14)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 24 * i, line)
    c.showPage()
    c.save()
    return path


def test_pdf_cjk_text_layer(tmp_path):
    lines = ["驻村帮扶工作报告", "2020年5月6日", "第一书记带领村民发展茶叶产业。"]
    doc = read(make_pdf(tmp_path / "r.pdf", lines, title="驻村帮扶工作报告"))
    assert doc.original.split("\n") == lines
    assert doc.meta["format"] == "pdf"
    assert doc.meta["title"] == "驻村帮扶工作报告"
    assert doc.meta["author"] == "山前县扶贫办"
    assert doc.meta["date"] == "2020-05-06"
    assert doc.meta["pages"] == 1


def test_pdf_title_from_text_when_no_info(tmp_path):
    doc = read(make_pdf(tmp_path / "r.pdf", ["帮扶工作简报", "正文第一段。"]))
    assert doc.meta["title"] == "帮扶工作简报"
    assert "author" not in doc.meta


def test_pdf_without_text_layer(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(72, 72, 200, 300, fill=1)  # drawing only, like a scanned page
    c.showPage()
    c.save()
    with pytest.raises(InputError, match=r"no text layer \(scanned PDF\?\)"):
        read(path)


# --------------------------------------------------------------------------- bad input


def _png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes((x * 7 + y * 13) % 256 for x in range(48)) for y in range(16))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _elf_bytes() -> bytes:
    header = b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + struct.pack("<HHI", 2, 62, 1)
    return header + bytes(range(256)) * 8


def _high_bytes() -> bytes:
    # No NULs, not UTF-8, not any Chinese encoding: a byte soup.
    return bytes((i * 97 + 13) % 128 + 128 for i in range(4000))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t", "empty file"),
        ("image.txt", _png_bytes(), "binary file"),
        ("program.txt", _elf_bytes(), "binary file"),
        ("nul.txt", "正文\x00正文".encode() * 50, "binary file"),
        ("soup.txt", _high_bytes(), "(binary|undecodable)"),
        (
            "latin.txt",
            "Café résumé naïve déjà vu, très bien.".encode("latin-1"),
            "undecodable bytes",
        ),
        ("badbom.txt", b"\xef\xbb\xbf" + b"\xff\xfe\xfd" * 10, "undecodable bytes"),
        ("report.doc", b"whatever", "unsupported file type '.doc'"),
        ("noext", b"whatever", "unsupported file type"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "corrupt or unreadable DOCX"),
        ("notzip.docx", "这不是压缩包".encode(), "corrupt or unreadable DOCX"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "corrupt or unreadable PDF"),
        ("page.html", _png_bytes(), "binary file"),
        ("renamed-pdf.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"binary file \(PDF\)"),
        ("renamed-docx.txt", b"PK\x03\x04\x14\x00" + bytes(range(1, 200)), "binary file"),
        ("archive.txt", gzip.compress("扶贫".encode() * 100), r"binary file \(gzip"),
        (
            "broken-utf8.txt",
            "正文第一段。".encode() * 40 + b"\xff" + "正文。".encode() * 40,
            r"undecodable bytes: invalid UTF-8 at byte 720",
        ),
        ("blank.html", b"<html><body></body></html>", "no text found"),
    ],
)
def test_bad_input(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    with pytest.raises(InputError, match=reason) as info:
        read(path)
    assert info.value.source == str(path)
    assert "\n" not in info.value.message


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "不是文档")
    with pytest.raises(InputError, match="corrupt or unreadable DOCX"):
        read(path)


def test_too_large_rejected_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: instant
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(InputError, match="file too large") as info:
        read(path)
    assert info.value.source == str(path)


def test_max_bytes_parameter(tmp_path):
    path = write(tmp_path, "r.txt", SIMPLIFIED.encode())
    with pytest.raises(InputError, match="file too large"):
        read(path, max_bytes=100)
    assert read(path, max_bytes=10_000).original == SIMPLIFIED


def test_vanished_file(tmp_path):
    path = tmp_path / "gone.txt"
    with pytest.raises(InputError, match="file vanished or unreadable") as info:
        read(path)
    assert info.value.source == str(path)


def test_directory_with_supported_suffix(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError):
        read(tmp_path / "dir.txt")


def test_error_str_is_one_line(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(InputError) as info:
        read(path)
    assert str(info.value) == f"[E001] {path}: empty file"


# --------------------------------------------------------------------------- iter_inputs


def test_iter_inputs(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for rel in ["b/2.txt", "b/1.PDF", "a/x.html", "a/notes.md", "a/y.docx", "top.htm"]:
        (tmp_path / rel).write_bytes(b"x")
    (tmp_path / "a" / "sub").mkdir()
    (tmp_path / "a" / "sub" / "z.txt").write_bytes(b"x")
    loose = tmp_path / "loose.xyz"
    loose.write_bytes(b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path, loose])]
    assert got == [
        "a/sub/z.txt",
        "a/x.html",
        "a/y.docx",
        "b/1.PDF",
        "b/2.txt",
        "top.htm",
        "loose.xyz",
    ]
    assert {".txt", ".html", ".htm", ".docx", ".pdf"} == SUPPORTED_SUFFIXES
