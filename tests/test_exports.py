"""Publication and relatives exports: only approved letters, each once per attorney, nothing identifying."""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from exports.common import ExportError
from exports.publication import Embargoed, export_publication, publication_date
from exports.relatives import export_relatives
from exports.wording import attorney_names, letters_count
from foundation.settings import Settings
from napishy.app import App
from napishy.cli.main import main
from processors import audit, review
from processors.images import ALL
from tests.conftest import CORPUS, KeyPair
from tests.leakscan import assert_no_leaks
from tests.letters import add_letter

TODAY = dt.date(2027, 5, 21)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def queue(app: App) -> dict[str, list[str]]:
    """Approved, rejected and pending letters with unique texts, one to two attorneys, one with an image."""
    db = app.database
    approved = [
        add_letter(db, "APPROVED-1 Дарагі Максім! <script>alert(1)</script>", recipients=["znak"]),
        add_letter(db, "APPROVED-2 Дорогие Максим и Виталий!", recipients=["znak", "braginets"], language="ru"),
        add_letter(db, "APPROVED-3 Dear Yulia", recipients=["yurgilevich"], language="en", images=[_jpeg()]),
        add_letter(db, "APPROVED-4 усім адвакатам", recipients=["znak", "braginets", "lazarenko"]),
    ]
    rejected = [add_letter(db, "REJECTED-1 spam", recipients=["znak"])]
    pending = [add_letter(db, "PENDING-1 not yet", recipients=["znak"])]
    review.approve(db, approved, "op", images=ALL)  # the operator publishes the image too
    review.reject(db, rejected, "op", "spam")
    return {"approved": approved, "rejected": rejected, "pending": pending}


def _names(app: App) -> dict:
    return attorney_names(app.roster.attorneys)


def _publish(app: App, out: Path, settings: Settings | None = None, **kwargs: object) -> object:
    return export_publication(app.database, settings or app.settings, _names(app), out, operator="org",
                              today=kwargs.pop("today", TODAY), **kwargs)


def _sections(html: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="attorney" id="([a-z]+)">(.*?)</section>', html, re.S))


def test_publication_has_each_approved_letter_once_per_attorney(app: App, queue: dict, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    summary = _publish(app, out)
    assert summary.letters == 4 and summary.attorneys == 4 and summary.images == 1
    document = json.loads((out / "letters.json").read_text(encoding="utf-8"))
    assert document["publication_date"] == "2027-05-21"
    letters = document["letters"]
    assert sorted(x["text"].split()[0] for x in letters) == [f"APPROVED-{n}" for n in range(1, 5)]
    assert all(set(x) == {"id", "attorneys", "language", "text", "images"} for x in letters)
    assert not {x["id"] for x in letters} & set(queue["approved"])  # publication ids are not queue ids
    by_text = {x["text"].split()[0]: x for x in letters}
    assert by_text["APPROVED-4"]["attorneys"] == ["braginets", "lazarenko", "znak"]

    html = (out / "index.html").read_text(encoding="utf-8")
    markdown = (out / "letters.md").read_text(encoding="utf-8")
    sections = _sections(html)
    assert list(sections) == ["znak", "braginets", "lazarenko", "yurgilevich"]  # roster order
    expected = Counter(a for x in letters for a in x["attorneys"])
    for attorney, body in sections.items():
        ids = re.findall(r'<article lang="[a-z]*" id="l-([0-9a-f]+)"', body)
        assert len(ids) == len(set(ids)) == expected[attorney]
        assert {by_id["id"] for by_id in letters if attorney in by_id["attorneys"]} == set(ids)
    for letter in letters:
        assert markdown.count(f"`{letter['id']}`") == len(letter["attorneys"])
    for text in ("REJECTED", "PENDING", "received", "2027-05-03"):
        assert text not in html and text not in markdown and text not in json.dumps(document)


def test_publication_page_is_self_contained_and_escaped(app: App, queue: dict, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    _publish(app, out)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert '<html lang="be">' in html and '<meta charset="utf-8">' in html and "@media print" in html
    assert '<article lang="ru"' in html and "па-руску" in html and "Максім Знак" in html
    [image] = json.loads((out / "letters.json").read_text())["letters"][[
        x["text"].startswith("APPROVED-3") for x in json.loads((out / "letters.json").read_text())["letters"]
    ].index(True)]["images"]
    assert re.fullmatch(r"images/[0-9a-f]{16}-1\.jpg", image)
    assert (out / image).read_bytes()[:2] == b"\xff\xd8" and f'src="{image}"' in html
    assert not list(tmp_path.glob(".pub.*")), "no staging folder is left behind"


def test_reexport_keeps_ids_and_content_only_the_order_changes(app: App, queue: dict, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    _publish(app, out)
    first = json.loads((out / "letters.json").read_text())
    _publish(app, out)
    second = json.loads((out / "letters.json").read_text())

    def key(document: dict) -> list:
        return sorted(json.dumps(x, sort_keys=True) for x in document["letters"])

    assert key(first) == key(second)
    assert sorted(p.name for p in (out / "images").iterdir()) == sorted(
        Path(i).name for x in first["letters"] for i in x["images"]
    )


def test_order_is_shuffled(app: App, tmp_path: Path) -> None:
    ids = [add_letter(app.database, f"ORDER-{n:02d}", recipients=["znak"]) for n in range(30)]
    review.approve(app.database, ids, "op")
    orders = set()
    for n in range(3):
        _publish(app, tmp_path / f"pub{n}")
        orders.add(tuple(x["text"] for x in json.loads((tmp_path / f"pub{n}" / "letters.json").read_text())["letters"]))
    assert len(orders) > 1


def test_day_of_receipt_only_when_configured(app: App, make_settings, queue: dict, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    _publish(app, out, make_settings(publish_dates="day"))
    letters = json.loads((out / "letters.json").read_text())["letters"]
    assert {x["received_on"] for x in letters} == {"2027-05-03"}
    assert "атрыманы 2027-05-03" in (out / "index.html").read_text(encoding="utf-8")


def test_embargo(app: App, make_settings, queue: dict, tmp_path: Path) -> None:
    assert publication_date(app.settings, dt.date(2027, 3, 1)) == dt.date(2027, 5, 21)
    assert publication_date(app.settings, dt.date(2027, 5, 21)) == dt.date(2027, 5, 21)
    assert publication_date(app.settings, dt.date(2027, 5, 22)) == dt.date(2028, 5, 21)
    with pytest.raises(Embargoed, match="embargoed until 2027-05-21; use --force"):
        _publish(app, tmp_path / "early", today=dt.date(2027, 5, 20))
    assert not (tmp_path / "early").exists()
    forced = _publish(app, tmp_path / "early", today=dt.date(2027, 5, 20), force=True)
    assert forced.forced
    assert audit.entries(app.database)[-1].detail.endswith("(before embargo)")
    custom = make_settings(publication_date="2027-06-01")
    with pytest.raises(Embargoed, match="2027-06-01"):
        _publish(app, tmp_path / "custom", custom, today=dt.date(2027, 5, 25))
    assert not _publish(app, tmp_path / "custom", custom, today=dt.date(2027, 6, 1)).forced


def test_cli_embargo_is_one_line(app: App, queue: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_PUBLICATION_DATE", "2999-05-21")
    argv = ["--env-file", "/dev/null", "export", "publication", "--out", str(tmp_path / "o")]
    assert main(argv) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "napishy: letters are embargoed until 2999-05-21; use --force to export before then (e.g. to check the page)"
    ]
    assert main([*argv, "--force"]) == 0
    assert "BEFORE the publication date" in capsys.readouterr().out


def test_output_folder_rules(app: App, queue: dict, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.odt").write_text("mine")
    with pytest.raises(ExportError, match="not empty and holds no earlier publication export"):
        _publish(app, busy)
    assert (busy / "thesis.odt").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    _publish(app, empty)
    assert (empty / "index.html").exists()
    with pytest.raises(ExportError, match="no earlier relatives export"):
        export_relatives(app.database, app.settings, _names(app), empty, operator="org", today=TODAY,
                         passphrase="long enough passphrase")


def test_nothing_approved_is_an_error(app: App, tmp_path: Path) -> None:
    add_letter(app.database)
    with pytest.raises(ExportError, match="no approved letters"):
        _publish(app, tmp_path / "pub")


@pytest.mark.parametrize(
    ("n", "words"), [(1, "1 ліст"), (3, "3 лісты"), (5, "5 лістоў"), (11, "11 лістоў"), (21, "21 ліст"),
                     (22, "22 лісты"), (112, "112 лістоў")],
)
def test_belarusian_plurals(n: int, words: str) -> None:
    assert letters_count(n) == words


# --- corpus tier: real letters through the real pipeline ----------------------------------------



def _is_header_identifier(value: str) -> bool:
    """E-mails, IPs, host names and Message-IDs: what only the headers carried."""
    if "@" in value:
        return True
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        pass
    return bool(re.fullmatch(r"(?i)[a-z0-9-]+(?:\.[a-z0-9-]+)+", value)) and not value.replace(".", "").isdigit()


@pytest.fixture
def corpus_app(tmp_path: Path, keypair: KeyPair) -> Iterator[App]:
    """SQLite only: the corpus tier checks what leaves in the export, not the database backend."""
    pytest.importorskip("anonymizer.letter", reason="the anonymizer is not ready yet")
    built = App(Settings.from_mapping({
        "NAPISHY_DATA_DIR": str(tmp_path / "data"), "NAPISHY_PUBLIC_KEY_FILE": str(keypair.public),
    }))
    built.database.upgrade()  # creates the data dir before the pipeline writes its fingerprint key there
    yield built
    built.database.dispose()


def test_corpus_end_to_end_export_leaks_no_sender(corpus_app: App, tmp_path: Path) -> None:
    from foundation.source import RawLetter

    annotations = json.loads((CORPUS / "letters" / "annotations.json").read_text(encoding="utf-8"))
    outcomes = [
        corpus_app.pipeline.process(RawLetter((CORPUS / "letters" / item["file"]).read_bytes(), item["mailbox"]))
        for item in annotations
    ]
    from processors.queries import list_letters

    rows = {row.id: row for row in list_letters(corpus_app.database)}
    ids = [o.letter_id for o in outcomes if o.letter_id in rows and rows[o.letter_id].status == "pending"]
    good = [i for i in ids if rows[i].kind == "letter" and rows[i].recipients]
    approved, rejected = good[::2] + good[1::4], [i for i in ids if i not in good[::2] + good[1::4]][:5]
    review.approve(corpus_app.database, approved, "op")
    review.reject(corpus_app.database, rejected, "op", "test")
    out = tmp_path / "pub"
    rel = tmp_path / "rel"
    summary = export_publication(corpus_app.database, corpus_app.settings, _names(corpus_app), out, operator="org",
                                 today=TODAY)
    bundles = export_relatives(corpus_app.database, corpus_app.settings, _names(corpus_app), rel, operator="org",
                               today=TODAY).bundles
    assert summary.letters == len(approved) > 5

    letters = json.loads((out / "letters.json").read_text(encoding="utf-8"))["letters"]
    with corpus_app.database.session() as session:
        from foundation.storage.models import Letter

        approved_texts = Counter(session.get(Letter, i).text for i in approved)
    assert Counter(x["text"] for x in letters) == approved_texts  # exactly the approved ones, each once
    html = (out / "index.html").read_text(encoding="utf-8")
    assert sum(len(x["attorneys"]) for x in letters) == html.count("<article")

    identifiers = [v for item in annotations for v in item["must_remove"] if _is_header_identifier(v)]
    assert len(identifiers) > 40
    family_texts = [page.extract_text() for b in bundles
                    for page in PdfReader(b.path, password=b.generated_passphrase).pages]
    assert sum(b.letters for b in bundles) == sum(len(x["attorneys"]) for x in letters)
    assert_no_leaks(identifiers, [out, rel], family_texts)
