"""anonymize() end to end: the dev corpus, hostile letters, and Python's odd test messages.

What this half guarantees is checked here: no header survives, images come out clean,
document metadata stays out, and nothing but an AnonymizerError ever escapes.
"""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path

import pytest
import test as cpython_test
from PIL import Image

from anonymizer import anonymize
from anonymizer.attachments import clean_parts
from anonymizer.errors import AnonymizerError, StageFailed
from anonymizer.mime import parse_letter
from anonymizer.model import KINDS

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "letters"
DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
PY_EMAIL = Path(os.path.dirname(cpython_test.__file__)) / "test_email" / "data"
ANNOTATIONS = json.loads((CORPUS / "annotations.json").read_text()) if CORPUS.exists() else []
needs_corpus = pytest.mark.skipif(not ANNOTATIONS, reason="dev corpus not present")


def _readable_text(raw: bytes) -> str:
    """Body plus document text: what the letter itself says (headers excluded)."""
    parsed = parse_letter(raw)
    return "\n".join([parsed.body, *clean_parts(parsed.parts).texts])


@needs_corpus
@pytest.mark.parametrize("note", ANNOTATIONS, ids=[n["file"] for n in ANNOTATIONS])
def test_corpus_letter_keeps_no_header_identifier(note: dict[str, object]) -> None:
    raw = (CORPUS / str(note["file"])).read_bytes()
    letter = anonymize(raw)
    said = _readable_text(raw)
    published = json.dumps(letter.to_json(), ensure_ascii=False)
    for item in note["must_remove"]:  # type: ignore[union-attr]
        if item not in said:  # only in headers (or file names): the MIME half must drop it
            assert item not in published, item
    assert letter.kind in KINDS


@needs_corpus
@pytest.mark.parametrize("note", [n for n in ANNOTATIONS if n["attachments"]], ids=lambda n: n["file"])
def test_corpus_attachments_are_clean(note: dict[str, object]) -> None:
    raw = (CORPUS / str(note["file"])).read_bytes()
    letter = anonymize(raw)
    said = _readable_text(raw)
    for attachment in letter.attachments:
        assert attachment.name.startswith("image-")
        for needle in (b"Exif", b"GPS", b"<x:xmpmeta", b"tEXt", b"iTXt", b"zTXt", b"iCCP"):
            assert needle not in attachment.data
        img = Image.open(io.BytesIO(attachment.data))
        assert not img.getexif() and "icc_profile" not in img.info
    for original in note["attachments"]:  # type: ignore[union-attr]
        stem = str(original["filename"]).rsplit(".", 1)[0]  # type: ignore[index]
        if stem not in said:  # a file name the body happens to repeat is the body's business
            assert stem not in json.dumps(letter.to_json(), ensure_ascii=False)


@needs_corpus
def test_attachment_only_letter_gets_its_text_from_the_document() -> None:
    letter = anonymize((CORPUS / "013.eml").read_bytes())
    assert "Паважаны Аляксандр" in letter.text
    assert letter.recipients == ("danilevich",)


def mail(body: str, extra: str = "", ctype: str = 'text/plain; charset="utf-8"') -> bytes:
    return (f"From: Hanna Koval <hanna@example.by>\r\nReceived: from [192.0.2.77]\r\n{extra}"
            f"Content-Type: {ctype}\r\n\r\n{body}").encode()


def test_no_header_reaches_the_letter() -> None:
    letter = anonymize(mail("Дарагі Максім! Трымайцеся.", "Subject: ад Ганны\r\nX-Originating-IP: 192.0.2.77\r\n"))
    published = json.dumps(letter.to_json(), ensure_ascii=False)
    for item in ("hanna@", "Hanna Koval", "192.0.2.77", "ад Ганны"):
        assert item not in published
    assert "Дарагі Максім" in letter.text


def test_spans_merge_html_quotes_signatures_and_redactions() -> None:
    html = ('<p>Дарагі Максім! Трымайцеся.</p><p>Мяне завуць Ганна Коваль.</p>'
            '<blockquote type="cite">old quoted text</blockquote>')
    letter = anonymize(mail(html, ctype='text/html; charset="utf-8"'))
    kinds = {s.kind for s in letter.spans}
    assert "quote" in kinds
    assert "old quoted" not in letter.text
    assert letter.redactions.get("quote") == 1


def test_document_appended_after_body_with_blank_line() -> None:
    att = base64.b64encode("Ліст у файле.".encode()).decode()
    body = ('--b\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\nГл. укладанне.\r\n'
            '--b\r\nContent-Type: text/plain; name="Hanna.txt"\r\nContent-Disposition: attachment\r\n'
            f"Content-Transfer-Encoding: base64\r\n\r\n{att}\r\n--b--\r\n")
    letter = anonymize(mail(body, ctype='multipart/mixed; boundary="b"'))
    assert "Гл. укладанне.\n\nЛіст у файле." in letter.text


def hostile_letters() -> list[tuple[str, bytes]]:
    part = "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    return [
        ("empty", b""),
        ("nul bytes", mail("Дарагі\x00 Максім\x00!")),
        ("invalid charset", mail("text", ctype="text/plain; charset=no-such-charset")),
        ("escape codec", mail("\\u0041 text", ctype="text/plain; charset=unicode_escape")),
        ("broken base64", mail("!!!not base64@@@", "Content-Transfer-Encoding: base64\r\n")),
        ("broken qp", mail("=ZZ=\r\n=", "Content-Transfer-Encoding: quoted-printable\r\n")),
        ("unknown cte", mail("x", "Content-Transfer-Encoding: x-evil\r\n")),
        ("many parts", mail(part * 1200 + "--b--", ctype='multipart/mixed; boundary="b"')),
        ("no boundary", mail("x", ctype="multipart/mixed")),
        ("terminal escapes", mail("hi \x1b[2J\x1b]0;title\x07 there")),
        ("binary body", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10),
        ("bad header", b"Subject: =?utf-8?q?=ZZ?= =?x-bad?b?AAAA?=\r\nContent-Type: ;;;\r\n\r\nhi"),
        ("huge header", b"X-A: " + b"a" * 400_000 + b"\r\n\r\nhi"),
    ]


@pytest.mark.parametrize(("_label", "raw"), hostile_letters(), ids=[h[0] for h in hostile_letters()])
def test_hostile_letters_return_or_raise_anonymizer_error(_label: str, raw: bytes) -> None:
    try:
        letter = anonymize(raw)
    except AnonymizerError as exc:
        assert "hanna" not in str(exc).lower()
        return
    assert "\x00" not in letter.text and "\x1b" not in letter.text
    assert "hanna" not in json.dumps(letter.to_json()).lower()


PY_FILES = sorted(p for p in PY_EMAIL.iterdir() if p.is_file()) if PY_EMAIL.exists() else []


@pytest.mark.parametrize("path", PY_FILES, ids=[p.name for p in PY_FILES])
def test_cpython_odd_messages(path: Path) -> None:
    """Each of CPython's odd messages is anonymised or refused with an `AnonymizerError` that
    names a stage or a limit — never another exception, never control characters in the text."""
    try:
        letter = anonymize(path.read_bytes())
    except AnonymizerError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(letter.text, str) and "\x00" not in letter.text
    assert letter.kind in KINDS


@pytest.mark.parametrize("name", ["mail_malformed_1.eml", "mail_malformed_2.eml", "mail_malformed_3.eml",
                                  "mail_test_6.eml", "gmail.eml", "iphone.eml"])
def test_real_world_mail(name: str) -> None:
    letter = anonymize((DATA / name).read_bytes())
    assert letter.kind in KINDS


def test_stage_bug_becomes_stage_failed_without_content(monkeypatch: pytest.MonkeyPatch) -> None:
    import anonymizer.letter as letter_module

    def broken(text: str, roster: object) -> None:
        raise ValueError(f"could not handle {text}")

    monkeypatch.setattr(letter_module, "redact", broken)
    with pytest.raises(StageFailed) as caught:
        anonymize(mail("Мяне завуць Ганна Коваль"))
    assert "Ганна" not in str(caught.value) and "redact" in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_not_bytes_raises_anonymizer_error() -> None:
    with pytest.raises(AnonymizerError):
        anonymize("text")  # type: ignore[arg-type]
