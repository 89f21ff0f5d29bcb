"""MIME parsing: charsets, body choice, attachments as raw parts, bounds and defects."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from anonymizer.charset import decode_text
from anonymizer.errors import UnreadableLetter
from anonymizer.mime import CLASSIFY_HEADERS, MAX_DEPTH, MAX_PARTS, parse_letter

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
BE = "Дарагі Максім! Вы абаранялі людзей тады, калі гэта было небяспечна."
RU = "Дорогая Юлия! Это настоящее мужество, и я хочу, чтобы Вы знали: его видят."


def mail(body: bytes, ctype: str = "text/plain", cte: str = "8bit", extra: str = "") -> bytes:
    head = (
        "From: =?UTF-8?B?0JPQsNC90L3QsA==?= <hanna@example.by>\r\n"
        "Subject: =?koi8-r?B?8MnT2M3P?=\r\nMessage-ID: <abc@example.by>\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: {cte}\r\n{extra}\r\n"
    )
    return head.encode("ascii") + body


CHARSETS = [
    # (text, encoding used, declared charset, expected defect or None)
    (BE, "utf-8", "utf-8", None),
    (RU, "koi8-r", "koi8-r", None),
    (RU, "cp1251", "windows-1251", None),
    (RU, "iso-8859-5", "iso-8859-5", None),
    (RU, "cp1251", None, "CharsetGuessedDefect"),
    (RU, "koi8-r", None, "CharsetGuessedDefect"),
    (BE, "utf-8", None, "CharsetGuessedDefect"),
    (RU, "cp1251", "koi8-r", "CharsetMismatchDefect"),
    (RU, "koi8-r", "windows-1251", "CharsetMismatchDefect"),
    (RU, "utf-8", "iso-8859-1", "CharsetMismatchDefect"),
    (RU, "cp1251", "us-ascii", "CharsetMismatchDefect"),
    (RU, "cp1251", "x-no-such-charset", "UnknownCharsetDefect"),
    (RU, "utf-8", "unicode_escape", "UnknownCharsetDefect"),
    (RU, "koi8-r", "utf-8", "CharsetMismatchDefect"),
]


@pytest.mark.parametrize(("text", "encoding", "declared", "defect"), CHARSETS)
def test_body_charsets(text: str, encoding: str, declared: str | None, defect: str | None) -> None:
    ctype = f'text/plain; charset="{declared}"' if declared else "text/plain"
    parsed = parse_letter(mail(text.encode(encoding), ctype))
    assert parsed.body.strip() == text
    if defect:
        assert defect in parsed.defects
    else:
        assert not [d for d in parsed.defects if "Charset" in d]


@pytest.mark.parametrize("cte", ["base64", "quoted-printable"])
def test_transfer_encodings(cte: str) -> None:
    raw = RU.encode("koi8-r")
    body = base64.b64encode(raw) if cte == "base64" else raw.hex().upper().encode()
    if cte == "quoted-printable":
        body = b"".join(b"=" + body[i : i + 2] if raw[i // 2] > 127 else bytes([raw[i // 2]])
                        for i in range(0, len(body), 2))
    parsed = parse_letter(mail(body, 'text/plain; charset="koi8-r"', cte))
    assert parsed.body.strip() == RU


def test_headers_are_only_the_classifying_few() -> None:
    parsed = parse_letter(mail(b"hi", extra="Auto-Submitted: auto-replied\r\nX-Originating-IP: 1.2.3.4\r\n"))
    assert set(parsed.headers) <= set(CLASSIFY_HEADERS)
    assert parsed.headers["auto-submitted"] == "auto-replied"
    assert parsed.headers["subject"] == "Письмо"
    assert "1.2.3.4" not in repr(parsed) and "hanna" not in repr(parsed)


def test_only_the_senders_display_name_is_held_to_look_for_in_the_text() -> None:
    """The From name ("Ганна") is kept in memory to be found in the body; the address never."""
    parsed = parse_letter(mail(b"hi"))
    assert parsed.sender_names == ("Ганна",)
    assert "Ганна" not in repr(parsed)


def multipart(subtype: str, *parts: bytes, boundary: str = "b1") -> bytes:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + p + b"\r\n" for p in parts)
    return mail(body + b"--" + boundary.encode() + b"--\r\n", f'multipart/{subtype}; boundary="{boundary}"')


PLAIN = b'Content-Type: text/plain; charset="utf-8"\r\n\r\n' + "plain версія".encode()
HTML = b'Content-Type: text/html; charset="utf-8"\r\n\r\n<p>html <b>version</b></p>'


def test_alternative_prefers_plain() -> None:
    assert parse_letter(multipart("alternative", HTML, PLAIN)).body == "plain версія"
    assert parse_letter(multipart("alternative", PLAIN, HTML)).body == "plain версія"


def test_empty_plain_alternative_falls_back_to_html() -> None:
    empty_plain = b'Content-Type: text/plain; charset="utf-8"\r\n\r\n  \r\n'
    assert parse_letter(multipart("alternative", empty_plain, HTML)).body == "html version"


def test_html_only_is_converted() -> None:
    assert parse_letter(multipart("alternative", HTML)).body == "html version"


def test_html_meta_charset_used_when_mime_has_none() -> None:
    html = '<meta charset="windows-1251"><p>Прывітанне, як справы ў вас сёння?</p>'.encode("cp1251")
    parsed = parse_letter(mail(html, "text/html"))
    assert "Прывітанне" in parsed.body


def test_inline_image_in_html_alternative_is_kept_as_part() -> None:
    image = b'Content-Type: image/png\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    image += base64.b64encode(b"\x89PNG\r\n\x1a\nfake")
    related = (b'Content-Type: multipart/related; boundary="r"\r\n\r\n--r\r\n' + HTML + b"\r\n--r\r\n"
               + image + b"\r\n--r--")
    parsed = parse_letter(multipart("alternative", PLAIN, related))
    assert parsed.body == "plain версія"
    assert [p.data[:4] for p in parsed.parts] == [b"\x89PNG"]


def test_text_attachment_is_a_part_not_body() -> None:
    att = (b'Content-Type: text/plain; name="Hanna_Koval.txt"\r\n'
           b'Content-Disposition: attachment; filename="Hanna_Koval.txt"\r\n\r\nletter in file')
    parsed = parse_letter(multipart("mixed", PLAIN, att))
    assert parsed.body == "plain версія"
    assert [p.data for p in parsed.parts] == [b"letter in file"]
    assert "Hanna_Koval" not in repr(parsed)


def test_attached_message_is_the_letter_without_its_headers() -> None:
    fwd = (b"Content-Type: message/rfc822\r\n\r\nFrom: Olga Nowak <other@example.com>\r\nSubject: x\r\n\r\n"
           b"Dear Maxim, the forwarded letter itself")
    parsed = parse_letter(multipart("mixed", PLAIN, fwd))
    assert "the forwarded letter itself" in parsed.body
    assert "other@" not in repr(parsed) and "Nowak" not in repr(parsed)
    assert parsed.dropped == 0 and "AttachedMessageRead" in parsed.defects


def test_other_message_parts_are_dropped_and_counted() -> None:
    report = b"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n"
    parsed = parse_letter(multipart("mixed", PLAIN, report))
    assert "mx.example" not in parsed.body
    assert parsed.dropped == 1 and "AttachedMessageDropped" in parsed.defects


def test_nul_bytes_are_removed_with_defect() -> None:
    parsed = parse_letter(mail("Прывітанне\x00 свет\x00".encode()))
    assert parsed.body == "Прывітанне свет"
    assert "NulByteDefect" in parsed.defects


def test_binary_labelled_as_text_goes_to_cleaners() -> None:
    parsed = parse_letter(mail(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4))
    assert parsed.body == ""
    assert "BinaryTextPartDefect" in parsed.defects and len(parsed.parts) == 1


def nested(depth: int) -> bytes:
    opening = b"".join(b'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r\n' % (i, i) for i in range(depth))
    closing = b"".join(b"\r\n--n%d--" % i for i in reversed(range(depth)))
    return b"MIME-Version: 1.0\r\n" + opening + b"Content-Type: text/plain\r\n\r\ndeep" + closing


def test_nesting_beyond_limit_is_a_defect() -> None:
    parsed = parse_letter(nested(MAX_DEPTH + 10))
    assert "NestingTooDeepDefect" in parsed.defects


def test_absurd_nesting_is_unreadable_not_a_crash() -> None:
    try:
        parsed = parse_letter(nested(3000))
    except UnreadableLetter as exc:
        assert "nesting" in str(exc) or "boundar" in str(exc)
    else:
        assert "NestingTooDeepDefect" in parsed.defects


def test_too_many_parts_is_a_defect() -> None:
    part = b"Content-Type: text/plain\r\n\r\nx"
    parsed = parse_letter(multipart("mixed", *([part] * (MAX_PARTS + 50))))
    assert "TooManyPartsDefect" in parsed.defects


def test_huge_header_is_a_defect() -> None:
    raw = b"X-Junk: " + b"a" * 300_000 + b"\r\nSubject: s\r\n\r\nbody"
    parsed = parse_letter(raw)
    assert "HeaderTooLargeDefect" in parsed.defects
    assert parsed.body == "body"


@pytest.mark.parametrize("raw", [b"", b"\r\n\r\n", b"\x00" * 100, b"garbage without headers", bytes(range(256))])
def test_degenerate_inputs(raw: bytes) -> None:
    parse_letter(raw)


def test_not_bytes_is_unreadable() -> None:
    with pytest.raises(UnreadableLetter):
        parse_letter("a str")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["mail_malformed_1.eml", "mail_malformed_2.eml", "mail_malformed_3.eml",
                                  "mail_test_6.eml", "gmail.eml", "iphone.eml"])
def test_real_world_mail_parses(name: str) -> None:
    parsed = parse_letter((DATA / name).read_bytes())
    assert parsed.body.strip() or parsed.parts


def test_decode_text_prefers_utf8_over_wrong_single_byte_label() -> None:
    decoded = decode_text(RU.encode("utf-8"), "koi8-r")
    assert decoded.text == RU and decoded.defects == ("CharsetMismatchDefect",)


def test_a_boundary_with_a_non_ascii_byte_is_still_split() -> None:
    """Fail closed: the attachment's name and base64 never become letter text."""
    raw = (b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b\xe9x"\r\n\r\n'
           b"--b\xe9x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear Maxim, hello.\r\n"
           b'--b\xe9x\r\nContent-Type: image/jpeg; name="Hanna_Koval.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
           b"/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4R\r\n--b\xe9x--\r\n")
    parsed = parse_letter(raw)
    assert parsed.body.strip() == "Dear Maxim, hello."
    assert "NonAsciiBoundaryDefect" in parsed.defects and len(parsed.parts) == 1


def test_a_multipart_that_cannot_be_split_never_becomes_text() -> None:
    raw = (b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=nowhere\r\n\r\n"
           b'Content-Type: image/jpeg; name="Hanna_Koval.jpg"\r\n\r\n/9j/4AAQSkZJRgABAQEASABIAAD\r\n')
    parsed = parse_letter(raw)
    assert "Hanna" not in parsed.body and not parsed.parts
    assert "UnsplittableMultipartDefect" in parsed.defects and parsed.dropped == 1


def test_an_attached_messages_sender_is_a_name_to_look_for() -> None:
    """A forwarded relative's letter, attached: its From name is looked for in the text too."""
    from email.message import EmailMessage

    inner = EmailMessage()
    inner["From"] = "Зінаіда Карповіч <z@example.by>"
    inner.set_content("Дарагі Максім! Трымайцеся.")
    outer = EmailMessage()
    outer["From"] = "Ганна <h@example.by>"
    outer.set_content("Перасылаю ліст бабулі.")
    outer.add_attachment(inner)
    assert set(parse_letter(bytes(outer)).sender_names) == {"Ганна", "Зінаіда", "Карповіч"}
