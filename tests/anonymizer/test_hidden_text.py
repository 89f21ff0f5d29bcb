"""Documents read whole or not at all: what the page does not show never becomes letter text.

Each dirty DOCX is made here with python-docx (or, for a text box, the XML Word writes), carrying
a business name and a phone where the sender cannot see them; the letter keeps the visible
text and says, as a defect, what kind of text it left out."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from anonymizer.attachments import clean_parts
from anonymizer.letter import anonymize
from anonymizer.mime import RawPart
from anonymizer.roster import default_roster

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
VISIBLE = "Дарагі Максім! Трымайцеся."
PLANTED = ["Сонечка-Трэйд", "+375 29 111-22-33"]
SECRET = "ТАА Сонечка-Трэйд, тэл. +375 29 111-22-33"


def saved(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_run(style: Callable[[object], None]) -> bytes:
    """A visible paragraph, and a run carrying the secret formatted by `style`."""
    document = Document()
    paragraph = document.add_paragraph(VISIBLE + " ")
    style(paragraph.add_run(SECRET).font)
    return saved(document)


def hidden_by_style() -> bytes:
    document = Document()
    quiet = document.styles.add_style("Quiet", WD_STYLE_TYPE.CHARACTER)
    quiet.font.hidden = True
    based = document.styles.add_style("QuietToo", WD_STYLE_TYPE.CHARACTER)
    based.base_style = quiet  # hidden through its parent
    paragraph = document.add_paragraph(VISIBLE + " ")
    paragraph.add_run(SECRET, style="QuietToo")
    return saved(document)


def hidden_paragraph_style() -> bytes:
    document = Document()
    pale = document.styles.add_style("Pale", WD_STYLE_TYPE.PARAGRAPH)
    pale.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.add_paragraph(VISIBLE)
    document.add_paragraph(SECRET, style="Pale")
    return saved(document)


def text_box() -> bytes:
    """A letterhead in a text box, as Word writes it (DrawingML with a VML fallback)."""
    document = Document()
    document.add_paragraph(VISIBLE)
    raw = saved(document)
    box = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
           '<a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>' + SECRET +
           '</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
           '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>'
           + SECRET + '</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r></w:p>')
    namespaces = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
                  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                  'xmlns:v="urn:schemas-microsoft-com:vml" ')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode()
                missing = " ".join(n for n in namespaces.split() if n.split("=")[0] not in xml)
                xml = xml.replace("<w:document ", f"<w:document {missing} ", 1)
                xml = xml.replace("<w:sectPr", box + "<w:sectPr", 1)
                data = xml.encode()
            target.writestr(info, data)
    return out.getvalue()


def header_and_footer() -> bytes:
    document = Document()
    document.add_paragraph(VISIBLE)
    document.sections[0].header.paragraphs[0].text = SECRET
    document.sections[0].footer.paragraphs[0].text = "Сонечка-Трэйд"
    return saved(document)


def white(font: object) -> None:
    font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def nearly_white(font: object) -> None:
    font.color.rgb = RGBColor(0xFA, 0xFB, 0xFC)


def tiny(font: object) -> None:
    font.size = Pt(1)


def vanish(font: object) -> None:
    font.hidden = True


DIRTY = [
    ("vanish", with_run(vanish), "HiddenTextDropped:hidden"),
    ("hidden by a style's parent", hidden_by_style(), "HiddenTextDropped:hidden"),
    ("white text", with_run(white), "HiddenTextDropped:white"),
    ("nearly white text", with_run(nearly_white), "HiddenTextDropped:white"),
    ("white by paragraph style", hidden_paragraph_style(), "HiddenTextDropped:white"),
    ("1 pt text", with_run(tiny), "HiddenTextDropped:tiny"),
    ("text box letterhead", text_box(), "HiddenTextDropped:text-box"),
    ("header and footer", header_and_footer(), "DocumentPartsNotRead:footer,header"),
]


@pytest.mark.parametrize(("_label", "data", "defect"), DIRTY, ids=[c[0] for c in DIRTY])
def test_hidden_text_is_dropped_and_named(_label: str, data: bytes, defect: str) -> None:
    result = clean_parts([RawPart(data)])
    (text,) = result.texts
    assert VISIBLE in text
    for planted in PLANTED:
        assert planted not in text
    assert defect in result.defects


def test_visible_formatting_is_kept() -> None:
    def grey_and_small(font: object) -> None:
        font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        font.size = Pt(8)
    document = Document()
    document.add_paragraph(VISIBLE + " ").add_run("Мы з вамі.").font.hidden = False
    grey_and_small(document.add_paragraph().add_run("Дзякуй!").font)
    result = clean_parts([RawPart(saved(document))])
    assert result.texts == (f"{VISIBLE} Мы з вамі.\nДзякуй!",) and result.defects == ()


def test_mat2_comment_docx_names_its_unread_comments() -> None:
    result = clean_parts([RawPart((DATA / "comment.docx").read_bytes())])
    assert "DocumentPartsNotRead:comments" in result.defects
    assert "This is a comment." not in result.texts[0]


def test_a_letter_with_a_dirty_document_keeps_only_what_the_sender_saw() -> None:
    message = EmailMessage()
    message["From"] = "someone@example.org"
    message.set_content("Ліст у дакуменце.")
    for n, (_label, data, _defect) in enumerate(DIRTY):
        message.add_attachment(data, maintype="application", filename=f"letter{n}.docx",
                               subtype="vnd.openxmlformats-officedocument.wordprocessingml.document")
    result = anonymize(message.as_bytes(), default_roster())
    assert "Трымайцеся" in result.text
    for planted in PLANTED:
        assert planted not in result.text
    assert {"HiddenTextDropped:hidden", "HiddenTextDropped:white", "HiddenTextDropped:tiny",
            "HiddenTextDropped:text-box", "DocumentPartsNotRead:footer,header"} <= set(result.defects)


def odt(build: Callable[[object, object], None]) -> bytes:
    """An ODT made with odfpy: a visible paragraph, then whatever `build(document, styles)` adds."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=VISIBLE))
    build(document, document.automaticstyles)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def odt_span(**properties: str) -> Callable[[object, object], None]:
    def build(document: object, styles: object) -> None:
        from odf.style import Style, TextProperties
        from odf.text import P, Span

        base = Style(name="Base", family="text")
        base.addElement(TextProperties(**properties))
        document.styles.addElement(base)  # a common style, inherited by the automatic one
        child = Style(name="T1", family="text", parentstylename="Base")
        styles.addElement(child)
        paragraph = P(text="Мы з вамі. ")
        paragraph.addElement(Span(stylename=child, text=SECRET))
        document.text.addElement(paragraph)
    return build


def odt_text_box(document: object, styles: object) -> None:
    from odf.draw import Frame, TextBox
    from odf.text import P

    frame = Frame(width="6cm", height="2cm", anchortype="paragraph")
    box = TextBox()
    box.addElement(P(text=SECRET))
    frame.addElement(box)
    holder = P()
    holder.addElement(frame)
    document.text.addElement(holder)


def odt_hidden_section(document: object, styles: object) -> None:
    from odf.text import P, Section

    section = Section(name="S", display="none")
    section.addElement(P(text=SECRET))
    document.text.addElement(section)


def odt_header_comment(document: object, styles: object) -> None:
    from odf.office import Annotation
    from odf.style import Footer, Header, MasterPage, PageLayout
    from odf.text import P

    layout = PageLayout(name="L")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header, footer = Header(), Footer()
    header.addElement(P(text=SECRET))
    footer.addElement(P(text="Сонечка-Трэйд"))
    master.addElement(header)
    master.addElement(footer)
    document.masterstyles.addElement(master)
    paragraph = P(text="Дзякуй. ")
    note = Annotation()
    note.addElement(P(text=SECRET))
    paragraph.addElement(note)
    document.text.addElement(paragraph)


ODT_DIRTY = [
    ("odt display none by parent style", odt(odt_span(display="none")), "HiddenTextDropped:hidden"),
    ("odt white span", odt(odt_span(color="#ffffff")), "HiddenTextDropped:white"),
    ("odt 1pt span", odt(odt_span(fontsize="1pt")), "HiddenTextDropped:tiny"),
    ("odt text box", odt(odt_text_box), "HiddenTextDropped:text-box"),
    ("odt hidden section", odt(odt_hidden_section), "HiddenTextDropped:hidden"),
    ("odt header, footer, comment", odt(odt_header_comment), "DocumentPartsNotRead:comments,footer,header"),
]


@pytest.mark.parametrize(("_label", "data", "defect"), ODT_DIRTY, ids=[c[0] for c in ODT_DIRTY])
def test_odt_hidden_text_is_dropped_and_named(_label: str, data: bytes, defect: str) -> None:
    result = clean_parts([RawPart(data)])
    assert result.dropped == 0, result.defects
    (text,) = result.texts
    assert VISIBLE in text
    for planted in PLANTED:
        assert planted not in text
    assert defect in result.defects


def test_odt_visible_spans_are_kept() -> None:
    data = odt(odt_span(color="#336699", fontsize="9pt"))
    result = clean_parts([RawPart(data)])
    assert result.defects == () and SECRET in result.texts[0]  # visible: it is letter text, redacted later


def rtf(body: str) -> bytes:
    """An RTF as WordPad and Word write them: code page 1251, tables, an info block, then `body`."""
    head = (r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\fswiss\fcharset204 Arial;}}"
            r"{\colortbl ;\red0\green0\blue0;\red255\green255\blue255;\red250\green251\blue252;}"
            r"{\info{\author Hanna Koval}{\company Сонечка-Трэйд}}"
            r"{\*\generator Msftedit 5.41.21.2510;}\viewkind4\uc1\pard\f0\fs24 ")
    return (head + body + "}").encode("cp1251")


def cp1251(text: str) -> str:
    """Text as RTF escapes it: \\'hh bytes of the code page."""
    return "".join(f"\\'{byte:02x}" if byte > 127 else chr(byte) for byte in text.encode("cp1251"))


VISIBLE_RTF = cp1251(VISIBLE) + r"\par "
RTF_DIRTY = [
    ("rtf hidden", rtf(VISIBLE_RTF + r"{\v " + cp1251(SECRET) + "}"), "HiddenTextDropped:hidden"),
    ("rtf hidden switched on and off", rtf(VISIBLE_RTF + r"\v " + cp1251(SECRET) + r"\v0 "),
     "HiddenTextDropped:hidden"),
    ("rtf white", rtf(VISIBLE_RTF + r"{\cf2 " + cp1251(SECRET) + "}"), "HiddenTextDropped:white"),
    ("rtf nearly white", rtf(VISIBLE_RTF + r"\cf3 " + cp1251(SECRET) + r"\cf1 "), "HiddenTextDropped:white"),
    ("rtf 1pt", rtf(VISIBLE_RTF + r"{\fs2 " + cp1251(SECRET) + "}"), "HiddenTextDropped:tiny"),
    ("rtf unicode in a header", rtf(r"{\header\pard " + "".join(f"\\u{ord(c)}?" for c in SECRET) + r"\par}"
                                    + VISIBLE_RTF), "DocumentPartsNotRead:header"),
    ("rtf comment", rtf(VISIBLE_RTF + r"{\*\atnid HK}{\*\annotation " + cp1251(SECRET) + "}"),
     "DocumentPartsNotRead:comments"),
    ("rtf text box", rtf(VISIBLE_RTF + r"{\shp{\*\shpinst{\sp{\sn fillColor}{\sv 255}}{\shptxt "
                         + cp1251(SECRET) + r"}}{\shprslt " + cp1251(SECRET) + "}}"), "HiddenTextDropped:text-box"),
]


@pytest.mark.parametrize(("_label", "data", "defect"), RTF_DIRTY, ids=[c[0] for c in RTF_DIRTY])
def test_rtf_gives_its_visible_text_only(_label: str, data: bytes, defect: str) -> None:
    result = clean_parts([RawPart(data)])
    assert result.dropped == 0, result.defects
    (text,) = result.texts
    assert text.startswith(VISIBLE)
    for planted in (*PLANTED, "Hanna Koval", "Msftedit", "fillColor"):
        assert planted not in text
    assert defect in result.defects


def test_rtf_letter_text_with_unicode_escapes_and_symbols() -> None:
    body = (r"\u1044?\u1072?\u1088?\u1072?\u1075?\u1110?  \u1052?\u1072?\u1082?\u1089?\u1110?\u1084?!\par "
            r"{\b " + cp1251("Трымайцеся") + r"}\~\emdash\~" + cp1251("мы з вамі.") + r"\par "
            r"{\field{\*\fldinst HYPERLINK \"http://x\"}{\fldrslt " + cp1251("спасылка") + "}}")
    result = clean_parts([RawPart(rtf(body))])
    assert result.defects == ()
    assert result.texts == ("Дарагі  Максім!\nТрымайцеся\u00a0—\u00a0мы з вамі.\nспасылка",)


@pytest.mark.parametrize(("data", "outcome"), [
    (b"{\\rtf1 " + b"{" * 5000 + b"x" + b"}" * 5000 + b"}", "AttachmentRefused:rtf-too-deep"),
    (b"{\\rtf1 \\bin999999999 {\\v }}}}} tail", None),
    (b"{\\rtf1 unbalanced}}}} after \\", None),
    (b"{\\rtf1 truncated \\'4", None),
    (b"{\\rtf1 \\u-3913?\\u99999999999? \\cf999 \\fs-5 x}", None),
], ids=["deep", "bin", "unbalanced", "truncated", "odd numbers"])
def test_hostile_rtf_costs_at_most_the_part(data: bytes, outcome: str | None) -> None:
    result = clean_parts([RawPart(data)])
    if outcome is not None:
        assert outcome in result.defects and result.texts == ()
    else:
        assert not any(d.startswith("AttachmentFailed") for d in result.defects), result.defects
