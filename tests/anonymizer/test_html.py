"""HTML bodies: visible text kept, hidden/remote/quoted content gone (talon fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymizer.charset import decode_text
from anonymizer.html import html_to_text

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"

# Real replies from mail clients: the reply stays, the quoted message and its sender go.
TALON = [
    ("gmail.html", "gmail_quote"),
    ("thunderbird.html", "html-quote"),
    ("mail_ru.html", "html-quote"),
    ("yandex_ru.html", "html-quote"),
    ("hotmail.html", "html-reply-header"),
    ("ms_outlook_2007.html", "html-reply-header"),
]


@pytest.mark.parametrize(("name", "_why"), TALON)
def test_talon_reply_keeps_reply_and_drops_quote(name: str, _why: str) -> None:
    result = html_to_text(decode_text((DATA / name).read_bytes()).text)
    assert "Hi. I am fine." in result.text
    assert "Alex" in result.text
    for quoted in ("Hello! How are you?", "Sasha", "abc@example.com", "wrote:"):
        assert quoted not in result.text
    assert result.spans, "the removed quote is reported for --explain"
    assert all(s.kind == "quote" for s in result.spans)


CASES = [
    # (markup, must appear, must not appear)
    ('<p>Hi <a href="https://track.example/u?id=7">my page</a></p>', ["Hi my page"], ["track.example"]),
    ('<p>A<img src="https://pixel.example/o.gif" width="1" height="1">B</p>', ["AB"], ["pixel.example"]),
    ('<p>Seen</p><div style="display: none">preheader secret</div>', ["Seen"], ["preheader"]),
    ('<p>Seen</p><span style="font-size:0px">tiny secret</span>', ["Seen"], ["tiny secret"]),
    ('<p>Seen</p><div hidden>hidden attr</div>', ["Seen"], ["hidden attr"]),
    ('<p>Seen</p><p style="mso-hide:all">outlook hidden</p>', ["Seen"], ["outlook hidden"]),
    ("<p>Seen</p><script>var x='script text'</script><style>.a{}</style>", ["Seen"], ["script text", ".a{}"]),
    ('<p>Letter</p><div class="gmail_signature">Ivan Petrov +375291234567</div>', ["Letter"], ["Petrov"]),
    ('<p>Letter</p><div id="Signature">Sent from Outlook</div>', ["Letter"], ["Outlook"]),
    ('<p>Letter</p><div id="divRplyFwdMsg">From: x@y.by</div><div>old text</div>', ["Letter"], ["x@y.by", "old"]),
    ('<p>Letter</p><div class="yahoo_quoted">On Monday Bob wrote: hi</div>', ["Letter"], ["Bob"]),
    ("<p>one</p><p>two<br>three</p>", ["one\n\ntwo\nthree"], []),
    ("<p>&lt;tag&gt; &amp; &#1044;</p>", ["<tag> & Д"], []),
    ('<p>smile <img class="emoji" alt="🙂" src="https://x.example/e.png"></p>', ["smile 🙂"], ["x.example"]),
]


@pytest.mark.parametrize(("markup", "present", "absent"), CASES)
def test_html_cases(markup: str, present: list[str], absent: list[str]) -> None:
    text = html_to_text(markup).text
    for item in present:
        assert item in text
    for item in absent:
        assert item not in text


HOSTILE = [
    "",
    "\x00\x00\x00",
    "<",
    "<html><body>" + "<div>" * 5000 + "deep text" + "</div>" * 10,
    "<p>" + "x" * 100_000,
    '<?xml version="1.0" encoding="koi8-r"?><html><body>xml decl</body></html>',
    "<!DOCTYPE html [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><p>&e;</p>",
]


@pytest.mark.parametrize("markup", HOSTILE)
def test_hostile_html_never_raises(markup: str) -> None:
    result = html_to_text(markup)
    assert "root:" not in result.text
    assert "\x00" not in result.text


def test_deep_nesting_keeps_text() -> None:
    markup = "<p>start</p>" + "<div>" * 5000 + "deep text" + "</div>" * 5000 + "<p>after</p>"
    result = html_to_text(markup)
    assert "deep text" in result.text
    assert "after" in result.text
