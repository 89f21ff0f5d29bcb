"""Attachment cleaners: content-based detection, metadata-free images, body-only documents,
bombs refused. Outputs are read back with Pillow and searched byte by byte."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from anonymizer.attachments import DOCUMENT_READERS, clean_parts
from anonymizer.attachments import documents as docs
from anonymizer.attachments.detect import detect
from anonymizer.attachments.images import MAX_OUTPUT_SIDE, clean_image
from anonymizer.errors import AttachmentRefused
from anonymizer.mime import RawPart

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
METADATA_BYTES = (b"Exif", b"GPS", b"<x:xmpmeta", b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"ICC_PROFILE",
                  b"NIKON", b"GIMP", b"http://ns.adobe.com")


def assert_clean_image(data: bytes) -> Image.Image:
    """No EXIF, GPS, XMP, ICC or text chunks, by Pillow and by raw bytes."""
    for needle in METADATA_BYTES:
        assert needle not in data, needle
    img = Image.open(io.BytesIO(data))
    assert not img.getexif()
    assert "icc_profile" not in img.info and "exif" not in img.info and "xmp" not in img.info
    assert not {k for k in img.info if k not in ("jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi")}
    if img.format == "PNG":
        assert not img.text  # type: ignore[attr-defined]
    return img


def make_image(fmt: str, size: tuple[int, int] = (64, 48), mode: str = "RGB", **save: object) -> bytes:
    img = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None)
    out = io.BytesIO()
    img.save(out, format=fmt, **save)
    return out.getvalue()


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "NIKON"  # Make
    exif[0x013B] = "Hanna Koval"  # Artist
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update({1: "N", 2: (53.0, 40.0, 9.8), 3: "E", 4: (23.0, 48.0, 47.2)})
    return exif


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Hanna Koval")
    info.add_itxt("Title", "паштоўка", lang="be")
    info.add_text("Comment", "x" * 2000, zip=True)
    return make_image("PNG", pnginfo=info, icc_profile=b"\0" * 128, exif=exif_with_gps())


IMAGE_CASES = [
    ("exif-gps photo", (DATA / "DSCN0010.jpg").read_bytes(), "image/jpeg"),
    ("mat2 dirty.jpg", (DATA / "dirty.jpg").read_bytes(), "image/jpeg"),
    ("mat2 dirty.png", (DATA / "dirty.png").read_bytes(), "image/png"),
    ("jpeg exif gps xmp icc", make_image("JPEG", exif=exif_with_gps(), icc_profile=b"\0" * 200,
                                          xmp=b"<x:xmpmeta>Hanna</x:xmpmeta>"), "image/jpeg"),
    ("png text chunks", png_with_text(), "image/png"),
    ("webp exif", make_image("WEBP", exif=exif_with_gps(), xmp=b"<x:xmpmeta>Hanna</x:xmpmeta>"), "image/png"),
    ("gif comment", make_image("GIF", mode="P", comment=b"Hanna Koval"), "image/png"),
    ("cmyk jpeg", make_image("JPEG", mode="CMYK"), "image/jpeg"),
    ("rgba png", make_image("PNG", mode="RGBA"), "image/png"),
]


@pytest.mark.parametrize(("_label", "data", "content_type"), IMAGE_CASES, ids=[c[0] for c in IMAGE_CASES])
def test_images_are_rebuilt_without_metadata(_label: str, data: bytes, content_type: str) -> None:
    result = clean_parts([RawPart(data)])
    assert result.dropped == 0, result.defects
    (image,) = result.images
    assert image.content_type == content_type
    assert image.name == ("image-1.jpg" if content_type == "image/jpeg" else "image-1.png")
    assert b"Hanna" not in image.data
    assert_clean_image(image.data)


def test_exif_orientation_is_applied_before_dropping_it() -> None:
    data = make_image("JPEG", size=(80, 40), exif=exif_with_gps(orientation=6))
    out = clean_image(data, "jpeg")
    img = assert_clean_image(out.data)
    assert img.size == (40, 80)


def test_large_photo_is_downscaled() -> None:
    data = make_image("JPEG", size=(5000, 3000))
    img = Image.open(io.BytesIO(clean_image(data, "jpeg").data))
    assert max(img.size) <= MAX_OUTPUT_SIDE


def test_animated_gif_keeps_first_frame() -> None:
    frames = [Image.new("P", (32, 32), color) for color in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    img = Image.open(io.BytesIO(clean_image(out.getvalue(), "gif").data))
    assert img.format == "PNG" and getattr(img, "n_frames", 1) == 1


def png_bomb(width: int, height: int) -> bytes:
    """A valid-looking PNG whose header claims a huge canvas; the IDAT is tiny."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


REFUSED_IMAGES = [
    ("decompression bomb", png_bomb(100_000, 100_000), "image-too-large"),
    ("one huge side", png_bomb(30_000, 20), "image-too-large"),
    ("tracking pixel", make_image("PNG", size=(1, 1)), "image-tiny"),
    ("truncated jpeg", (DATA / "dirty.jpg").read_bytes()[:300], "image-corrupt"),
    ("png header only", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image-corrupt"),
]


@pytest.mark.parametrize(("_label", "data", "reason"), REFUSED_IMAGES, ids=[c[0] for c in REFUSED_IMAGES])
def test_hostile_images_are_refused(_label: str, data: bytes, reason: str) -> None:
    result = clean_parts([RawPart(data)])
    assert not result.images and result.dropped == 1
    assert f"AttachmentRefused:{reason}" in result.defects


# mat2's dirty documents: body text in, every metadata string out.
DOCUMENTS = [
    ("dirty.docx", "please love me", ["julien voisin", "Julien Voisin", "LibreOffice"]),
    ("comment.docx", "This is a document.", ["Alex Marchant", "This is a comment.", "Microsoft Office"]),
    ("revision.docx", "You should only see this one", ["Unknown Author", "please love me", "julien"]),
    ("embedded.docx", "embedding an unsupported", ["julien voisin", "LibreOffice"]),
    ("dirty.odt", "Hello World", ["jvoisin", "LibreOffice"]),
    ("dirty.pdf", "Code-Reuse Attacks", ["pdfTeX", "PDFeXpress", "Certified by IEEE"]),
]


@pytest.mark.parametrize(("name", "present", "absent"), DOCUMENTS)
def test_documents_give_body_text_only(name: str, present: str, absent: list[str]) -> None:
    result = clean_parts([RawPart((DATA / name).read_bytes())])
    assert result.images == () and result.dropped == 0, result.defects
    (text,) = result.texts
    assert present in text
    for item in absent:
        assert item not in text


def docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_hidden_runs_and_deletions_are_not_text() -> None:
    xml = (f"<w:document {W}><w:body><w:p><w:r><w:t>visible</w:t></w:r>"
           "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden run</w:t></w:r>"
           '<w:del w:author="Hanna"><w:r><w:delText>deleted</w:delText></w:r></w:del>'
           "<w:r><w:instrText>AUTHOR</w:instrText></w:r></w:p></w:body></w:document>").encode()
    text = docs.docx_text(docx(xml, {"word/comments.xml": b"<c>comment by Hanna</c>"}))
    assert text == "visible"


def test_docx_xxe_and_entity_expansion_yield_nothing_dangerous() -> None:
    xxe = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f"<w:document {W}><w:body><w:p><w:r><w:t>a&x;b</w:t></w:r></w:p></w:body></w:document>").encode()
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + f"]><w:document {W}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>").encode()
    for data in (xxe, laughs):
        try:
            text = docs.docx_text(docx(data))
        except AttachmentRefused:
            continue
        assert "root:" not in text and len(text) < 1000


def test_zip_bomb_docx_is_refused_from_the_directory() -> None:
    bomb = docx(f"<w:document {W}><w:body><w:p><w:r><w:t>".encode() + b" " * 20_000_000
                + b"</w:t></w:r></w:p></w:body></w:document>")
    assert len(bomb) < 200_000
    assert detect(bomb) == "docx"
    result = clean_parts([RawPart(bomb)])
    assert result.texts == () and "AttachmentRefused:zip-bomb" in result.defects


def test_zip_total_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docs, "MAX_ZIP_TOTAL", 100)
    with pytest.raises(AttachmentRefused, match="zip-bomb"):
        docs.docx_text(docx(f"<w:document {W}><w:body/></w:document>".encode(), {"big": b"x" * 200}))


def test_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(AttachmentRefused, match="pdf-encrypted"):
        docs.pdf_text(out.getvalue())


DETECT = [
    ((DATA / "dirty.pdf").read_bytes(), "pdf"),
    ((DATA / "dirty.odt").read_bytes(), "odt"),
    ((DATA / "dirty.docx").read_bytes(), "docx"),
    ((DATA / "dirty.png").read_bytes(), "png"),
    (b"\x00\x00\x00\x18ftypheic" + b"\0" * 40, "heic"),
    ("Дарагі Максім!".encode("cp1251"), "text"),
    (b"<html><body>hi</body></html>", "html"),
    (b"MZ\x90\x00" + b"\0" * 100, None),
    (b"-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----", None),
    (b"BEGIN:VCARD\nFN:Hanna Koval\nEND:VCARD", None),
    (b"{\\rtf1\\ansi hello}", "rtf"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", None),
    (b"Received: from x\nFrom: a@b\nMessage-ID: <x@y>\n\nforwarded", None),
    (b"PK\x03\x04 not really a zip", None),
    (b"", None),
]


@pytest.mark.parametrize(("data", "family"), DETECT)
def test_detect_from_content(data: bytes, family: str | None) -> None:
    assert detect(data) == family


def test_declared_type_and_name_are_ignored() -> None:
    # A PDF posing as a JPEG is read as a PDF; no name from the letter is kept.
    result = clean_parts([RawPart((DATA / "dirty.pdf").read_bytes(), charset="utf-8")])
    assert result.texts and not result.images


def test_heic_without_plugin_is_refused_not_crashed() -> None:
    result = clean_parts([RawPart(b"\x00\x00\x00\x18ftypheic" + b"\0" * 40)])
    assert result.dropped == 1 and result.defects[0].startswith("AttachmentRefused:")


def test_every_document_family_has_a_reader() -> None:
    assert set(DOCUMENT_READERS) == {"docx", "odt", "rtf", "pdf", "text", "html"}


def test_generated_names_count_images_only() -> None:
    parts = [RawPart(make_image("PNG")), RawPart(b"plain text document"), RawPart(make_image("JPEG"))]
    result = clean_parts(parts)
    assert [a.name for a in result.images] == ["image-1.png", "image-2.jpg"]
    assert result.texts == ("plain text document",)
