"""Claims ("I'm reviewing this"), seen marks and internal notes, through processors and the CLI.

The `app` fixture runs every test here on SQLite and on PostgreSQL. Notes never leave the
console: the publication, the families' PDFs and `show --json` are searched for a note's words,
and a note holding an identifier is refused before anything is stored (leak scan at the end).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from exports.publication import export_publication
from exports.relatives import export_relatives
from exports.wording import attorney_names
from foundation.errors import NapishyError, NotFound
from foundation.storage.models import Claim, Letter, Note
from napishy.app import App
from napishy.cli.main import main
from processors import audit, claims, notes, review
from processors.claims import ClaimHeld
from processors.notes import NoteRefused
from processors.purge import purge
from tests.leakscan import assert_no_leaks, database_texts
from tests.letters import add_letter

NOTE = "Праверыла другі абзац: можна публікаваць пасля праўкі слова «квітнеючы»."
PHRASE = "long enough passphrase"


def _status(app: App, letter_id: str) -> str:
    with app.database.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        return letter.status


def test_a_claim_holds_others_off_until_the_decision_releases_it(app: App) -> None:
    db = app.database
    letter, other = add_letter(db), add_letter(db)
    held = claims.claim(db, letter, "olga", 30)
    assert held.operator == "olga" and dt.timedelta(minutes=29) < held.expires_at - held.claimed_at
    with pytest.raises(ClaimHeld, match=f"letter {letter} is being reviewed by olga until"):
        claims.claim(db, letter, "ben", 30)
    for decide in (lambda: review.approve(db, [letter, other], "ben"),
                   lambda: review.reject(db, [other, letter], "ben", "spam"),
                   lambda: review.reject_kind(db, "letter", "ben", "spam")):
        with pytest.raises(ClaimHeld):
            decide()
    assert (_status(app, letter), _status(app, other)) == ("pending", "pending")  # all or nothing
    with pytest.raises(ClaimHeld):
        claims.release(db, letter, "ben")

    assert claims.claims_of(db, [letter, other]) == {letter: held}
    review.approve(db, [letter], "olga")  # the holder decides: the claim ends with the decision
    assert claims.claims_of(db, [letter]) == {}
    review.undo(db, [letter], "olga")
    claims.claim(db, letter, "ben", 30)  # free again for anyone
    with pytest.raises(NapishyError, match="only pending letters are claimed"):
        claims.claim(db, add_letter(db, status="approved"), "ben", 30)
    actions = [(e.operator, e.action, e.letter_id, e.detail) for e in audit.entries(db)]
    assert actions == [("olga", "claim", letter, "30 min"), ("olga", "approve", letter, ""),
                       ("olga", "undo", letter, "approve (entry 2)"),
                       ("ben", "claim", letter, "30 min")]
    assert audit.verify(db) == []


def test_take_over_release_and_expiry(app: App) -> None:
    db = app.database
    letter = add_letter(db)
    claims.claim(db, letter, "olga", 30)
    claims.claim(db, letter, "olga", 60)  # one's own again: extended, still one claim
    taken = claims.claim(db, letter, "ben", 30, force=True)
    assert taken.operator == "ben"
    assert claims.release(db, letter, "ben") is True
    assert claims.release(db, letter, "ben") is False  # nothing left to give back
    claims.claim(db, letter, "ben", 5)
    assert claims.release(db, letter, "olga", force=True) is True
    assert [(e.operator, e.action, e.detail) for e in audit.entries(db)] == [
        ("olga", "claim", "30 min"), ("olga", "claim", "60 min"), ("ben", "claim", "30 min, taken over from olga"),
        ("ben", "release", ""), ("ben", "claim", "5 min"), ("olga", "release", "was ben"),
    ]

    claims.claim(db, letter, "olga", 5)
    with db.session() as session:  # the laptop was closed: the claim ran out
        session.execute(update(Claim).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert claims.claims_of(db, [letter]) == {}
    claims.claim(db, letter, "ben", 5)  # nobody has to release it first
    review.approve(db, [letter], "ben")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0
    with pytest.raises(NotFound):
        claims.claim(db, "nosuchletter", "ben", 5)
    with pytest.raises(NapishyError, match="1 to 1440 minutes"):
        claims.claim(db, letter, "ben", 0)


def test_seen_is_per_operator(app: App) -> None:
    db = app.database
    a, b = add_letter(db), add_letter(db)
    claims.mark_seen(db, [a, b], "olga")
    claims.mark_seen(db, [a], "olga")  # twice is once
    claims.mark_seen(db, [b], "ben")
    assert claims.seen_of(db, [a, b], "olga") == {a, b}
    assert claims.seen_of(db, [a, b], "ben") == {b}
    claims.mark_seen(db, [a], "olga", seen=False)
    assert claims.seen_of(db, [a, b], "olga") == {b}
    with pytest.raises(NotFound):
        claims.mark_seen(db, [a, "nosuchletter"], "olga")
    assert audit.entries(db) == []  # bookkeeping, not decisions


def test_notes_are_kept_audited_without_their_text_and_refused_with_an_identifier(app: App) -> None:
    db = app.database
    letter = add_letter(db)
    first = notes.add(db, letter, "olga", NOTE, app.roster)
    second = notes.add(db, letter, "ben", "Максім Знак ужо атрымаў падобны ліст.", app.roster)  # attorneys pass
    assert [(n.author, n.text) for n in notes.of_letter(db, letter)] == [
        ("olga", NOTE), ("ben", "Максім Знак ужо атрымаў падобны ліст.")]
    entries = audit.entries(db)
    assert [(e.operator, e.action, e.letter_id, e.detail) for e in entries] == [
        ("olga", "note", letter, f"note {first.id}"), ("ben", "note", letter, f"note {second.id}")]
    assert all("абзац" not in e.detail for e in entries)

    refused = {
        "Тэлефануйце ёй: +375 29 123-45-67": ("phone",),
        "her address is anna.kowalska@gmail.com": ("email",),
        "I think the sender is Anna Kowalska from Brest.": ("name",),
    }
    for text, kinds in refused.items():
        with pytest.raises(NoteRefused, match="notes must not identify anyone") as error:
            notes.add(db, letter, "olga", text, app.roster)
        assert error.value.kinds == kinds
        assert "Kowalska" not in str(error.value) and "123-45" not in str(error.value)  # kinds, never the text
    for text, message in (("   ", "must say something"), ("x" * 1001, "at most 1000")):
        with pytest.raises(NoteRefused, match=message):
            notes.add(db, letter, "olga", text, app.roster)
    assert len(notes.of_letter(db, letter)) == 2
    assert notes.add(db, letter, "olga", "ok\x1b]0;owned\x07 then", app.roster).text == "ok]0;owned then"
    with pytest.raises(NotFound):
        notes.add(db, "nosuchletter", "olga", NOTE, app.roster)
    assert_no_leaks(["+375 29 123-45-67", "123-45-67", "anna.kowalska", "Kowalska"], [app.settings.data_dir],
                    database_texts(app.settings.database_url))


def test_no_export_and_no_show_json_carries_a_note(app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = app.database
    letter = add_letter(db, "Дарагі Максім! Трымайцеся, мы з вамі.")
    notes.add(db, letter, "olga", NOTE, app.roster)
    review.approve(db, [letter], "olga")
    names = attorney_names(app.roster.attorneys)
    publication = export_publication(db, app.settings, names, tmp_path / "out" / "pub", operator="org", force=True,
                                     today=dt.date(2027, 5, 1))
    relatives = export_relatives(db, app.settings, names, tmp_path / "out" / "rel", operator="org",
                                 today=dt.date(2027, 5, 1), passphrase=PHRASE, force=True)
    assert publication is not None and relatives.bundles
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert any(p.name == "letters.json" for p in written)
    texts = []
    for path in written:
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            assert reader.decrypt(PHRASE)
            texts.append("\n".join(page.extract_text() for page in reader.pages))
        else:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    assert any("Трымайцеся" in text for text in texts)  # the letter is there …
    assert not any(word in text for text in texts for word in ("абзац", "квітнеючы", "olga"))  # … its note is not

    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    assert main(["--env-file", "/dev/null", "show", letter, "--json"]) == 0
    shown = capsys.readouterr().out
    assert json.loads(shown)["id"] == letter and "абзац" not in shown and "note" not in shown
    assert main(["--env-file", "/dev/null", "show", letter]) == 0  # a person reading sees it
    assert NOTE in capsys.readouterr().out


def test_cli_claim_mine_notes_seen(app: App, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_OPERATOR", "olga")
    db = app.database
    mine, theirs, free = add_letter(db), add_letter(db), add_letter(db)
    claims.claim(db, theirs, "ben", 30)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--env-file", "/dev/null", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("claim", mine)
    assert code == 0 and out.startswith(f"{mine} is yours to review until ")
    code, out, err = run("claim", theirs)
    assert code == 4 and out == "" and err.count("\n") == 1
    assert err.startswith(f"napishy: letter {theirs} is being reviewed by ben until ") and "--force" in err
    code, out, _ = run("queue", "--mine", "--json")
    assert code == 0 and [row["id"] for row in json.loads(out)] == [mine]
    assert set(json.loads(out)[0]) == {"id", "mailbox", "status", "kind", "recipients", "language", "received_on"}
    code, out, err = run("approve", theirs)
    assert code == 4 and "being reviewed by ben" in err
    code, out, _ = run("show", theirs)
    assert "being reviewed by ben until" in out

    code, out, _ = run("note", mine, "Праверыла", "другі", "абзац.")
    assert code == 0 and out.startswith("note ") and out.endswith(f" added to {mine}\n")
    code, out, err = run("note", mine, "call", "+375 29 123-45-67")
    assert code == 1 and out == "" and err.count("\n") == 1 and "phone" in err and "123-45" not in err
    code, out, _ = run("notes", mine)
    assert code == 0 and "by olga" in out and "Праверыла другі абзац." in out
    code, out, _ = run("notes", free, "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = run("notes", "nosuchletter")
    assert code != 0 and err == "napishy: no letter nosuchletter\n"

    code, out, _ = run("seen", mine, free)
    assert code == 0 and out == "2 letters marked seen\n"
    code, out, _ = run("queue", "--unseen", "--json")
    assert [row["id"] for row in json.loads(out)] == [theirs]
    run("unseen", free)
    code, out, _ = run("queue", "--unseen", "--status", "pending", "--json")
    assert sorted(row["id"] for row in json.loads(out)) == sorted([theirs, free])

    code, out, _ = run("approve", mine)
    assert code == 0
    code, out, _ = run("queue", "--mine")
    assert code == 0 and out == "no letters claimed by you\n"  # the decision released it
    code, out, _ = run("release", theirs)
    assert code == 4
    code, out, _ = run("release", theirs, "--force")
    assert code == 0 and out == f"released {theirs}\n"


def test_purge_takes_notes_claims_and_seen_marks_with_the_letter(app: App) -> None:
    db = app.database
    old = add_letter(db, received_on=dt.date(2026, 1, 1))
    notes.add(db, old, "olga", NOTE, app.roster)
    claims.claim(db, old, "olga", 30)
    claims.mark_seen(db, [old], "olga")
    assert purge(db, dt.date(2026, 6, 1), "org") == 1
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Note)) == 0
        assert session.scalar(select(func.count()).select_from(Claim)) == 0
    assert not any("абзац" in text for text in database_texts(app.settings.database_url))


def test_review_passes_by_letters_others_claimed_and_marks_what_it_shows_seen(app: App) -> None:
    from napishy.cli.review_loop import ReviewLoop
    from tests.test_review_terminal import Screen

    db = app.database
    theirs = add_letter(db, "Ліст, які разглядае ben", received_on=dt.date(2027, 5, 1))
    mine = add_letter(db, "Ліст для olga", received_on=dt.date(2027, 5, 2))
    claims.claim(db, theirs, "ben", 30)
    screen = Screen(["a", "q"])
    assert ReviewLoop(app, "olga", screen.terminal(), color=False).run() == {"approved": 1}
    assert any(f"{theirs} skipped: ben is reviewing it until" in text for text in screen.said)
    assert (_status(app, theirs), _status(app, mine)) == ("pending", "approved")
    assert claims.seen_of(db, [theirs, mine], "olga") == {mine}
