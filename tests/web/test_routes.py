"""Routes of the web console with Starlette's test client: auth, CSRF, roles, rate limits, headers, review."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from napishy.app import App
from napishy.web.app import create_app
from napishy.web.auth import LoginLimiter, SessionStore
from processors import audit
from processors.queries import letter_detail
from tests.web.conftest import PASSWORD, add_letter, log_in, token

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "000154a24f5d0000000049454e44ae426082"
)


def _protected(web: TestClient) -> list[tuple[str, str]]:
    found = []
    for route in web.app.routes:
        if isinstance(route, Route) and getattr(route.endpoint, "requires_login", False):
            path = route.path.replace("{letter_id}", "abc").replace("{position:int}", "1")
            path = path.replace("{kind}", "publication")
            found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_every_page_but_login_requires_a_session(web: TestClient) -> None:
    protected = _protected(web)
    assert len(protected) >= 15
    for method, path in protected:
        response = web.request(method, path, follow_redirects=False)
        assert response.status_code == 303, (method, path)
        assert response.headers["location"].startswith("/login"), (method, path)
    public = {r.path for r in web.app.routes if not getattr(r.endpoint, "requires_login", False)}
    assert public == {"/login", "/lang/{code}", "/static/style.css", "/favicon.ico"}


def test_security_headers_on_every_kind_of_response(web: TestClient) -> None:
    for path in ("/login", "/static/style.css", "/no-such-page", "/queue"):
        headers = web.get(path, follow_redirects=False).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"
        assert "server" not in headers


def test_login_cookie_is_httponly_and_strict_and_secure_only_on_tls(app: App, web: TestClient) -> None:
    page = web.get("/login")
    response = web.post("/login", data={"name": "olga", "password": PASSWORD, "login_token": token(page.text)},
                        follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "napishy_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie
    with TestClient(create_app(app, secure=True), base_url="https://testserver") as tls:
        page = tls.get("/login")
        response = tls.post("/login", data={"name": "olga", "password": PASSWORD, "login_token": token(page.text)},
                            follow_redirects=False)
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("__host-napishy=") and "secure" in cookie and "samesite=strict" in cookie
        assert response.headers["strict-transport-security"]


def test_login_form_needs_its_token(web: TestClient) -> None:
    response = web.post("/login", data={"name": "olga", "password": PASSWORD, "login_token": "forged"})
    assert response.status_code == 403
    assert web.get("/queue", follow_redirects=False).status_code == 303


def test_failed_logins_are_rate_limited(web: TestClient) -> None:
    for _ in range(5):
        page = web.get("/login")
        wrong = {"name": "olga", "password": "wrong password!", "login_token": token(page.text)}
        response = web.post("/login", data=wrong)
        assert response.status_code in (401, 429)
    page = web.get("/login")
    response = web.post("/login", data={"name": "olga", "password": PASSWORD, "login_token": token(page.text)})
    assert response.status_code == 429  # even the right password waits for the backoff
    log_in(web, "ales")  # another account from the same client (every tunnel is 127.0.0.1) is not held up


def test_the_limiter_backs_off_per_account_and_never_locks_out() -> None:
    """Issue 13: 20 made-up names from one client locked everyone out, and 5 wrong guesses by
    anyone locked an account for 15 minutes. Now: a growing wait per name, capped at a minute."""
    now = [0.0]
    limiter = LoginLimiter(free=3, max_delay=60, window=900, clock=lambda: now[0])
    for n in range(50):
        limiter.failed(f"made-up-{n}")
    assert not limiter.blocked("olga")  # names others made up cost nobody anything
    waits = []
    for _ in range(12):
        limiter.failed("OLGA")  # case does not make a new name
        waits.append(limiter.retry_after("olga"))
    assert waits[:2] == [0, 0] and waits[2] == 1 and waits[3] == 2 and waits[4] == 4  # doubling
    assert max(waits) == 60  # capped: the real operator waits a minute, never 15
    now[0] = 61
    assert not limiter.blocked("olga")  # and may try again
    limiter.succeeded("olga")
    limiter.failed("olga")
    assert not limiter.blocked("olga")  # a successful login starts over
    now[0] = 61 + 901
    assert limiter.retry_after("made-up-1") == 0  # forgotten after the window


def test_post_without_csrf_token_changes_nothing(app: App, web: TestClient, operator) -> None:
    letter_id = add_letter(app)
    operator()
    for data in ({}, {"csrf": "wrong"}):
        response = web.post(f"/letters/{letter_id}/approve", data=data)
        assert response.status_code == 403
        assert "form" in response.text.lower() or "форма" in response.text.lower()
    assert letter_detail(app.database, letter_id)["status"] == "pending"
    assert [e.action for e in audit.entries(app.database)] == ["login"]  # and nothing else


def test_operator_cannot_export(web: TestClient, operator) -> None:
    csrf = operator()
    assert web.get("/exports").status_code == 403
    assert web.post("/exports/publication", data={"csrf": csrf, "force": "yes"}).status_code == 403
    refused = web.post("/exports/relatives", data={"csrf": csrf, "passphrase": "long enough passphrase"})
    assert refused.status_code == 403
    assert "/exports" not in web.get("/queue").text


def test_organiser_exports_publication_and_downloads_the_zip(app: App, web: TestClient) -> None:
    add_letter(app, status="approved", text="Дзякуй вам за ўсё.")
    csrf = log_in(web, "ales")
    refused = web.post("/exports/publication", data={"csrf": csrf})  # embargoed without force (unless it is May 21)
    assert refused.status_code == 200
    archive = web.post("/exports/publication", data={"csrf": csrf, "force": "yes"})
    assert archive.headers["content-type"] == "application/zip"
    assert archive.headers["cache-control"] == "no-store"
    disposition = archive.headers["content-disposition"]
    assert re.search(r'attachment; filename="napishy-publication(-DRAFT)?\.zip"', disposition)
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert {"letters.json", "index.html", "letters.md"} <= set(names)
    assert not any(".napishy" in name for name in names)
    entries = audit.entries(app.database)
    assert entries[-1].action == "export-publication" and entries[-1].operator == "ales"
    assert entries[-1].detail.startswith("1 letters, 1 attorneys, web download")
    assert not any(app.settings.data_dir.glob("*export*")), "nothing of the export is kept on the server"


def test_organiser_exports_encrypted_family_pdfs_and_nothing_stays(app: App, web: TestClient) -> None:
    from pypdf import PdfReader

    add_letter(app, status="approved", text="Дарагі Максім, дзякуй вам за ўсё.", recipients=("znak", "braginets"))
    csrf = log_in(web, "ales")
    before = sorted(p.relative_to(app.settings.data_dir) for p in app.settings.data_dir.rglob("*"))
    short = web.post("/exports/relatives", data={"csrf": csrf, "attorney": "znak", "passphrase": "short"})
    assert short.status_code == 200 and "shorter than 12" in short.text
    one = web.post("/exports/relatives", data={"csrf": csrf, "attorney": "znak", "passphrase": "long enough passphrase",
                                               "language": "ru"})
    assert one.headers["content-type"] == "application/pdf" and one.headers["cache-control"] == "no-store"
    assert 'filename="znak.pdf"' in one.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(one.content))
    assert reader.is_encrypted and not PdfReader(io.BytesIO(one.content)).decrypt("wrong passphrase")
    assert reader.decrypt("long enough passphrase")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "дзякуй вам за ўсё" in text and "Эти письма написали" in text
    every = web.post("/exports/relatives", data={"csrf": csrf, "passphrase": "long enough passphrase"})
    archive = zipfile.ZipFile(io.BytesIO(every.content))
    assert sorted(archive.namelist()) == ["braginets.pdf", "how-to-open.txt", "znak.pdf"]
    assert PdfReader(io.BytesIO(archive.read("braginets.pdf")), password="long enough passphrase").pages
    details = [e.detail for e in audit.entries(app.database) if e.action == "export-relatives"]
    assert details == ["znak: 1 letter, encrypted PDF, web download"] + [
        f"{a}: 1 letter, encrypted PDF, web download" for a in ("znak", "braginets")]
    assert all(e.operator == "ales" for e in audit.entries(app.database))
    after = sorted(p.relative_to(app.settings.data_dir) for p in app.settings.data_dir.rglob("*"))
    assert [p for p in after if p not in before and "sqlite" not in p.name] == []


def test_queue_filters_counts_and_pages(app: App, web: TestClient, operator) -> None:
    for n in range(55):
        recipients = ("znak",) if n % 2 else ("danilevich", "lazarenko")
        add_letter(app, recipients=recipients, language="be" if n % 3 else "ru")
    add_letter(app, status="approved", kind="spam", recipients=())
    operator()
    first = web.get("/queue")
    assert first.text.count('name="ids"') == 50 and "/queue?status=pending&amp;page=2" in first.text
    second = web.get("/queue?page=2")
    assert second.text.count('name="ids"') == 5
    znak = web.get("/queue?status=pending&attorney=znak")
    assert znak.text.count('name="ids"') == 27
    russian_lazarenko = web.get("/queue?status=all&attorney=lazarenko&language=ru")
    assert russian_lazarenko.text.count('class="status-pending"') == 10
    spam = web.get("/queue?status=all&kind=spam")
    assert spam.text.count('class="status-approved"') == 1
    assert web.get("/queue?status=bogus&attorney=%25").status_code == 200  # ignored, not an error
    assert web.get("/queue?page=-3").status_code == 400  # a number is ASCII digits or a 400 (issue 13)


def test_letter_page_escapes_text_and_highlights_markers(app: App, web: TestClient, operator) -> None:
    letter_id = add_letter(app, text="Прывітанне ад [name] <script>alert(1)</script>", image=PNG)
    operator()
    page = web.get(f"/letters/{letter_id}").text
    assert '<mark class="redaction">[name]</mark>' in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    image = web.get(f"/letters/{letter_id}/images/1")
    assert image.headers["content-type"] == "image/png" and image.content == PNG
    assert web.get(f"/letters/{letter_id}/images/2").status_code == 404
    assert web.get("/letters/nosuchletter").status_code == 404


CHECKED_LETTER = (
    "From: Ivan Testovich <ivan.testovich@example.org>\r\nMessage-ID: <web-checks-51d2@mail.example.org>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\nДарагі Максім! Я са Смаргоні. Мікола Пракапенка\r\n"
).encode()


def test_letter_page_highlights_the_words_to_check(app: App, web: TestClient, operator) -> None:
    """A letter stored by the pipeline keeps the anonymiser's checks; the page marks them apart
    from redactions, with a tooltip and a legend in both languages."""
    from anonymizer.model import AnonymizedLetter
    from foundation.source import RawLetter
    from tests.leakscan import assert_no_leaks, database_texts

    def anonymize(raw: bytes) -> AnonymizedLetter:
        return AnonymizedLetter(text="Дарагі Максім! Я са Смаргоні, дзе Смаргонія не Смаргоні-2. [name]",
                                recipients=("znak",), language="be", kind="letter", redactions={"name": 1},
                                checks=("Смаргоні",))

    app.pipeline.anonymize = anonymize
    letter_id = app.pipeline.process(RawLetter(CHECKED_LETTER, "association")).letter_id
    assert letter_detail(app.database, letter_id)["checks"] == ["Смаргоні"]
    operator()
    pages = {}
    for lang, title, legend in (("be", "Пакінута, хоць падобна на імя або нумар: праверце", "праверце."),
                                ("en", "Kept, but looked like a name or a number: check it", "check it.")):
        web.cookies.set("napishy_lang", lang)
        page = pages[lang] = web.get(f"/letters/{letter_id}").text
        text = page.split('<div class="letter-text"', 1)[1].split("</div>", 1)[0]
        marked = f'<mark class="check" title="{title}">Смаргоні</mark>'
        assert text.count(marked) == 2  # "Смаргоні" and "Смаргоні-2", not inside "Смаргонія"
        assert "Смаргонія" in text and '<mark class="redaction">[name]</mark>' in text
        assert '<p class="hint legend">' in page and legend in page
    plain = add_letter(app, text="Ліст без сумневаў ад [name]")
    plain_page = web.get(f"/letters/{plain}").text
    assert '<mark class="check"' not in plain_page and 'class="hint legend"' not in plain_page

    def quarantine(raw: bytes) -> AnonymizedLetter:
        raise RuntimeError("bad letter")

    app.pipeline.anonymize = quarantine
    quarantined = app.pipeline.process(RawLetter(CHECKED_LETTER + b"again", "association")).letter_id
    assert letter_detail(app.database, quarantined)["checks"] == []

    identifiers = ["Ivan Testovich", "ivan.testovich@example.org", "web-checks-51d2@mail.example.org", "Пракапенка"]
    assert_no_leaks(identifiers, [app.settings.data_dir], [*database_texts(app.settings.database_url), *pages.values()])


def test_words_to_check_are_escaped_and_never_break_the_markup(app: App, web: TestClient, operator) -> None:
    """Check words come from the untrusted letter: they are matched on the raw text and each
    piece is escaped on its own, so neither a word nor the text can inject markup."""
    hostile = '<img src=x onerror=alert(1)>'
    letter_id = add_letter(app, text=f'Мінск {hostile} a < b & "lt" [name] lt',
                           checks=("Мінск", hostile, "lt", "amp", "quot"))
    operator()
    page = web.get(f"/letters/{letter_id}").text
    text = page.split('<div class="letter-text"', 1)[1].split("</div>", 1)[0]
    assert "<img" not in page and "onerror=alert(1)>" not in page.replace("&gt;", "")
    assert '>&lt;img src=x onerror=alert(1)&gt;</mark>' in text
    assert "a &lt; b &amp; &#34;" in text  # no mark inside an entity ("lt", "amp", "quot")
    assert text.count('<mark class="check"') == 4  # Мінск, the tag, "lt" twice
    assert '<mark class="redaction">[name]</mark>' in text


def test_review_actions_go_through_review_and_are_audited_under_the_account(app: App, web: TestClient,
                                                                           operator) -> None:
    first, second, third = (add_letter(app, text=f"Ліст {n} ад [name]") for n in range(3))
    csrf = operator()
    approved = web.post(f"/letters/{first}/approve", data={"csrf": csrf, "to": ["znak", "borodko"]},
                        follow_redirects=False)
    assert approved.headers["location"].split("?")[0] in (f"/letters/{second}", f"/letters/{third}")  # on to the next
    web.post(f"/letters/{second}/reject", data={"csrf": csrf, "reason": "unsafe: names a workplace"})
    web.post(f"/letters/{third}/edit", data={"csrf": csrf, "text": "Ліст 2 ад [name]\r\nДа пабачэння"})
    assert letter_detail(app.database, first)["recipients"] == ["borodko", "znak"]
    assert letter_detail(app.database, second)["reject_reason"] == "unsafe: names a workplace"
    assert letter_detail(app.database, third)["text"] == "Ліст 2 ад [name]\nДа пабачэння"
    actions = [(e.operator, e.action, e.letter_id) for e in audit.entries(app.database) if e.action != "login"]
    assert actions == [("olga", "approve", first), ("olga", "reject", second), ("olga", "edit", third)]
    page = web.get(f"/letters/{third}").text
    assert "Да пабачэння" in page and "olga" in page  # the revision history
    audit_page = web.get("/audit").text
    assert "unsafe: names a workplace" in audit_page and audit.head(app.database)[1] in audit_page
    web.post(f"/letters/{first}/reset", data={"csrf": csrf})
    assert letter_detail(app.database, first)["status"] == "pending"


def test_next_letter_stays_within_the_queue_filters(app: App, web: TestClient, operator) -> None:
    znak = add_letter(app, recipients=("znak",))
    add_letter(app, recipients=("borodko",))
    csrf = operator()
    page = web.get("/queue?status=pending&attorney=znak").text
    assert f"/letters/{znak}?status=pending&amp;attorney=znak" in page
    response = web.post(f"/letters/{znak}/approve", data={"csrf": csrf, "to": "znak",
                                                          "queue": "status=pending&attorney=znak"},
                        follow_redirects=False)
    assert response.headers["location"] == "/queue?status=pending&attorney=znak"  # borodko's is not in this view


def test_reject_without_reason_and_stale_version_show_a_message(app: App, web: TestClient, operator) -> None:
    letter_id = add_letter(app)
    csrf = operator()
    page = web.post(f"/letters/{letter_id}/reject", data={"csrf": csrf, "reason": "  "})
    assert "reason is required" in page.text
    page = web.post(f"/letters/{letter_id}/approve", data={"csrf": csrf, "to": "znak", "version": "99"})
    assert "changed by someone else" in page.text
    assert letter_detail(app.database, letter_id)["status"] == "pending"


def test_bulk_actions_from_the_queue(app: App, web: TestClient, operator) -> None:
    ids = [add_letter(app) for _ in range(3)]
    csrf = operator()
    web.post("/queue", data={"csrf": csrf, "ids": ids[:2], "action": "approve", "back": "/queue", "confirm": "yes"})
    web.post("/queue", data={"csrf": csrf, "ids": ids[2:], "action": "reject", "reason": "spam", "back": "//evil",
                             "confirm": "yes"})
    statuses = [letter_detail(app.database, i)["status"] for i in ids]
    assert statuses == ["approved", "approved", "rejected"]
    page = web.post("/queue", data={"csrf": csrf, "action": "approve", "back": "/queue"})
    assert page.url.path == "/queue"


def test_idle_timeout_and_logout(app: App) -> None:
    from tests.web.conftest import add_account

    add_account(app, "olga", "operator")
    now = [0.0]
    with TestClient(create_app(app, sessions=SessionStore(60, clock=lambda: now[0]))) as client:
        csrf = log_in(client, "olga")
        now[0] = 50
        assert client.get("/queue", follow_redirects=False).status_code == 200
        now[0] = 111
        response = client.get("/queue", follow_redirects=False)
        assert response.headers["location"].startswith("/login?expired=1")
        csrf = log_in(client, "olga")
        client.post("/logout", data={"csrf": csrf})
        assert client.get("/queue", follow_redirects=False).status_code == 303


def test_language_switch_and_safe_redirects(web: TestClient, operator) -> None:
    operator()
    assert "Чарга" in web.get("/queue").text
    response = web.get("/lang/en?next=/status", follow_redirects=False)
    assert response.headers["location"] == "/status"
    assert "Mailboxes" in web.get("/status").text
    assert web.get("/lang/en?next=//evil.example", follow_redirects=False).headers["location"] == "/queue"
    page = web.get("/login?next=https://evil.example")
    assert 'value="https://evil.example"' not in page.text


@pytest.mark.parametrize("lang", ["be", "en"])
def test_every_page_renders_in_both_languages(app: App, web: TestClient, lang: str) -> None:
    letter_id = add_letter(app, text="[name] [phone]", image=PNG)
    rejected = add_letter(app, status="rejected")
    web.cookies.set("napishy_lang", lang)
    log_in(web, "ales")
    for path in ("/queue", "/queue?status=all", f"/letters/{letter_id}", f"/letters/{rejected}",
                 f"/letters/{letter_id}/edit", "/audit", "/status", "/exports", "/no-such-page"):
        response = web.get(path)
        assert response.status_code in (200, 404), path
        assert f'<html lang="{lang}">' in response.text


def test_internal_error_is_a_friendly_page(app: App, web: TestClient, operator, monkeypatch) -> None:
    from napishy.web import queries

    def broken(*_args: object) -> None:
        raise RuntimeError("a letter's text would be here")

    operator()
    monkeypatch.setattr(queries, "queue_page", broken)
    response = web.get("/queue")
    assert response.status_code == 500
    assert "letter's text" not in response.text and "Traceback" not in response.text


def test_a_removed_account_loses_its_session(app: App) -> None:
    from processors.accounts import remove_user
    from tests.web.conftest import add_account

    add_account(app, "olga", "operator")
    now = [0.0]
    with TestClient(create_app(app, sessions=SessionStore(3600, clock=lambda: now[0]))) as client:
        log_in(client, "olga")
        remove_user(app.database, "olga")  # as `napishy users remove olga` in another process
        now[0] = 61
        assert client.get("/queue", follow_redirects=False).status_code == 303
