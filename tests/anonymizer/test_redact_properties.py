"""Property tests: a planted e-mail address or phone number never survives redact()."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymizer.redact import redact
from anonymizer.roster import default_roster

ROSTER = default_roster()
WORDS = st.sampled_from(
    "Дарагі Максім дзякуй Вам за працу мы чакаем Вас Dear Vitaly thank you we wait Пишу вам письмо "
    "и очень жду встречи 2021 года , . ! — Droga Pani Julio dziękuję".split()
)
PROSE = st.lists(WORDS, min_size=0, max_size=12).map(" ".join)
LOCAL = st.from_regex(r"[a-z][a-z0-9._]{1,12}[a-z0-9]", fullmatch=True)
DOMAIN = st.sampled_from(["gmail.com", "mail.ru", "yandex.by", "tut.by", "wp.pl", "ukr.net", "outlook.com"])
OPERATOR = st.sampled_from(["25", "29", "33", "44", "17"])
SEVEN = st.from_regex(r"[1-9]\d{6}", fullmatch=True)


@st.composite
def by_phone(draw: st.DrawFn) -> str:
    op, rest = draw(OPERATOR), draw(SEVEN)
    style = draw(st.integers(0, 5))
    a, b, c = rest[:3], rest[3:5], rest[5:]
    return [
        f"+375 {op} {a}-{b}-{c}", f"8 (0{op}) {rest}", f"80{op}{rest}", f"375{op}{rest}",
        f"+375 ({op}) {a} {b} {c}", f"8 0{op} {a}-{b}-{c}",
    ][style]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROSE, LOCAL, DOMAIN, PROSE)
def test_planted_email_never_survives(before: str, local: str, domain: str, after: str) -> None:
    out = redact(f"{before} {local}@{domain} {after}", ROSTER).text
    assert f"{local}@{domain}" not in out
    assert "[email]" in out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROSE, by_phone(), PROSE)
def test_planted_phone_never_survives(before: str, phone: str, after: str) -> None:
    out = redact(f"{before}\nтэл. {phone}\n{after}", ROSTER).text
    digits = re.sub(r"\D", "", phone)
    assert digits[-7:] not in re.sub(r"\D", "", out)
