"""Property tests on the parser entry point: whatever the bytes, only an AnonymizerError escapes,
and a planted address or phone never reaches the output, whatever the encoding around it."""

from __future__ import annotations

import base64
import quopri
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymizer.errors import AnonymizerError
from anonymizer.letter import anonymize
from anonymizer.roster import default_roster

ROSTER = default_roster()
QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SENTENCES = st.sampled_from([
    "Дорогой Максим, держитесь!", "Дарагі Віталь, мы з Вамі.", "Dear Mr Znak, we remember you.",
    "Спасибо Вам за мужество.", "Мы чакаем Вас дома.", "",
])
LOCAL = st.from_regex(r"[a-z][a-z0-9._]{2,10}[a-z0-9]", fullmatch=True)
DOMAIN = st.sampled_from(["gmail.com", "mail.ru", "tut.by", "wp.pl", "example.org"])
PHONE = st.from_regex(r"\+375 (25|29|33|44) [1-9]\d{2}-\d{2}-\d{2}", fullmatch=True)
CHARSET = st.sampled_from(["utf-8", "koi8-r", "windows-1251", "iso-8859-5"])
ENCODING = st.sampled_from(["8bit", "base64", "quoted-printable"])


def build(body: str, charset: str, encoding: str, html: bool, sender: str) -> bytes:
    if html:
        body = "<html><body><p>" + body.replace("\n", "</p><p>") + "</p></body></html>"
    data = body.encode(charset, "replace")
    if encoding == "base64":
        data = base64.encodebytes(data)
    elif encoding == "quoted-printable":
        data = quopri.encodestring(data)
    head = (
        f"From: Someone <{sender}>\r\nTo: letters@association.example\r\nMessage-ID: <p1@host.example>\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: text/{'html' if html else 'plain'}; charset={charset}\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n"
    )
    return head.encode() + data


@QUICK
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_result_or_an_anonymizer_error(raw: bytes) -> None:
    try:
        anonymize(raw, ROSTER)
    except AnonymizerError:
        pass


@QUICK
@given(
    st.lists(SENTENCES, min_size=1, max_size=4), LOCAL, DOMAIN, PHONE, CHARSET, ENCODING, st.booleans(), LOCAL
)
def test_planted_identifiers_never_survive(
    sentences: list[str], local: str, domain: str, phone: str, charset: str, encoding: str, html: bool, sender: str
) -> None:
    body = "\n".join([*sentences, f"Пишите: {local}@{domain}", f"тел. {phone}", *sentences])
    result = anonymize(build(body, charset, encoding, html, f"{sender}@{domain}"), ROSTER)
    assert f"{local}@{domain}" not in result.text
    assert f"{sender}@{domain}" not in result.text
    assert re.sub(r"\D", "", phone)[-7:] not in re.sub(r"\D", "", result.text)
    assert "host.example" not in result.text
