"""The families' PDFs: open only with their passphrase, hold every approved letter, leave no plaintext behind."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from exports import passphrases
from exports.common import ExportError
from exports.howto import NOTE_NAME
from exports.relatives import RelativesEmbargoed, export_relatives
from exports.wording import DISPLAY_NAMES, attorney_names
from napishy.app import App
from napishy.cli.main import main
from processors import audit, review
from tests import tiers
from tests.letters import add_letter

TODAY = dt.date(2027, 5, 21)
PHRASE = "long enough passphrase"
TEXTS = {
    "be": "BE-1 Дарагі Максім! Мы памятаем пра вас і чакаем дома. Ўсё будзе добра, трымайцеся. Мяне завуць [name].",
    "pl": "PL-1 Drogi Maksimie! Zażółć gęślą jaźń — pamiętamy o Panu w Łodzi i we Wrocławiu. Śpiewamy.",
    "uk": "UK-1 Дорогий Максиме! Ґанок, їжак, є: ми пам'ятаємо про вас у Києві та Львові. [workplace]",
    "ru": "RU-1 Дорогие Максим и Виталий! Держитесь, мы с вами. Ёлка, щука, съезд.",
    "en": "EN-1 Dear Yulia, we remember you every day. Thank you.",
}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def queue(app: App) -> dict[str, str]:
    db = app.database
    ids = {
        "be": add_letter(db, TEXTS["be"], recipients=["znak"], images=[_jpeg()]),
        "pl": add_letter(db, TEXTS["pl"], recipients=["znak"], language="pl"),
        "uk": add_letter(db, TEXTS["uk"], recipients=["znak"], language="uk"),
        "ru": add_letter(db, TEXTS["ru"], recipients=["znak", "braginets"], language="ru"),
        "en": add_letter(db, TEXTS["en"], recipients=["yurgilevich"], language="en"),
    }
    review.approve(db, list(ids.values()), "op")
    add_letter(db, "PENDING-1 Дарагі Максім", recipients=["znak"])
    review.reject(db, [add_letter(db, "REJECTED-1 spam", recipients=["znak"])], "op", "spam")
    return ids


def _export(app: App, out: Path, **kwargs: object):
    kwargs.setdefault("today", TODAY)
    settings = kwargs.pop("settings", app.settings)
    return export_relatives(app.database, settings, attorney_names(app.roster.attorneys), out, operator="org",
                            **kwargs)


def _text(path: Path, passphrase: str) -> str:
    reader = PdfReader(path)
    assert reader.decrypt(passphrase)
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_each_pdf_opens_only_with_the_passphrase_and_holds_its_letters(app: App, queue: dict, tmp_path: Path) -> None:
    summary = _export(app, tmp_path / "rel", passphrase=PHRASE)
    assert {b.attorney: b.letters for b in summary.bundles} == {"znak": 4, "braginets": 1, "yurgilevich": 1}
    expected = {"znak": ["be", "pl", "uk", "ru"], "braginets": ["ru"], "yurgilevich": ["en"]}
    for bundle in summary.bundles:
        assert bundle.path == tmp_path / "rel" / f"{bundle.attorney}.pdf" and bundle.generated_passphrase is None
        reader = PdfReader(bundle.path)
        assert reader.is_encrypted
        encryption = reader.trailer["/Encrypt"]
        assert (encryption["/V"], encryption["/R"], encryption["/CF"]["/StdCF"]["/CFM"]) == (5, 6, "/AESV3")
        with pytest.raises(FileNotDecryptedError):
            reader.pages[0].extract_text()
        assert not PdfReader(bundle.path).decrypt("wrong passphrase!")
        text = _flat(_text(bundle.path, PHRASE))
        for language in TEXTS:
            assert (_flat(TEXTS[language]) in text) == (language in expected[bundle.attorney]), language
        assert "PENDING" not in text and "REJECTED" not in text
        assert len(PdfReader(bundle.path, password=PHRASE).pages) == 1 + len(expected[bundle.attorney])


def test_fonts_are_embedded_and_the_cover_explains_every_marker(app: App, queue: dict, tmp_path: Path) -> None:
    from anonymizer.vocabulary import ALL_MARKERS

    summary = _export(app, tmp_path / "rel", passphrase=PHRASE)
    reader = PdfReader(summary.out / "znak.pdf", password=PHRASE)
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert {str(f["/BaseFont"]).split("+")[-1] for f in fonts} >= {"DejaVuSerifBook", "DejaVuSansBook"}
    cover = reader.pages[0].extract_text()
    assert "Максім Знак" in cover and "4 лісты" in cover
    assert all(f"[{marker}]" in cover for marker in ALL_MARKERS)
    assert "[workplace] — месца працы ці вучобы" in cover
    assert reader.metadata.creation_date.date() == TODAY  # not the moment the organisers made it


def test_other_languages_are_marked_and_the_family_language_is_on_the_cover(app: App, queue: dict,
                                                                            tmp_path: Path) -> None:
    summary = _export(app, tmp_path / "rel", passphrase=PHRASE, language="pl")
    pages = [page.extract_text() for page in PdfReader(summary.out / "znak.pdf", password=PHRASE).pages]
    assert "Te listy napisali ludzie" in pages[0] and "4 listy" in pages[0] and "[name] — imię" in " ".join(pages)
    by_letter = {next(code for code in TEXTS if TEXTS[code][:4] in page): page for page in pages[1:]}
    assert "Napisany po ukraińsku" in by_letter["uk"] and "Напісаны па-ўкраінску" in by_letter["uk"]
    assert "Napisany po polsku" in by_letter["pl"] and "Напісаны па-руску" in by_letter["ru"]
    assert "Напісаны" not in by_letter["be"]
    note = (summary.out / NOTE_NAME).read_text(encoding="utf-8")
    assert "ЯК АДКРЫЦЬ ФАЙЛ PDF" in note and "JAK OTWORZYĆ PLIK PDF" in note


def test_glyphs_no_font_has_are_not_logged(app: App, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    review.approve(app.database, [add_letter(app.database, "Дарагі Максім ❤ שלום 中文秘密 🙏 [name]")], "op")
    caplog.set_level(logging.DEBUG)
    summary = _export(app, tmp_path / "rel", passphrase=PHRASE, attorney="znak")
    text = _text(summary.out / "znak.pdf", PHRASE)
    assert "Дарагі Максім ❤" in text  # the heart from the sans face, which the serif lacks
    assert "שלום" in text or "שלום"[::-1] in text  # Hebrew too; extraction may give it in drawing order
    assert not any(word in record.getMessage() for record in caplog.records for word in ("中", "秘", "🙏", "Максім"))


def test_no_plaintext_letter_and_no_name_is_left_in_the_folder(app: App, queue: dict, tmp_path: Path) -> None:
    summary = _export(app, tmp_path / "rel", passphrase=PHRASE)
    files = sorted(p.name for p in summary.out.rglob("*"))
    assert files == [".napishy-export", "braginets.pdf", NOTE_NAME, "yurgilevich.pdf", "znak.pdf"]
    fragments = [w for text in TEXTS.values() for w in re.findall(r"\w{5,}", text) if not w.isascii()]
    fragments += ["Yulia", "remember", "Дарагі", "Максім"]
    for path in summary.out.iterdir():
        data = path.read_bytes()
        for fragment in fragments:
            for encoding in ("utf-8", "utf-16-be", "utf-16-le"):
                assert fragment.encode(encoding) not in data, f"{fragment!r} readable in {path.name}"
    note = (summary.out / NOTE_NAME).read_text(encoding="utf-8")
    for name in DISPLAY_NAMES.values():
        for word in (*name.be.split(), *name.latin.split()):
            assert word not in note
    assert PHRASE not in note
    assert not list(tmp_path.glob(".rel.*")), "no staging folder is left behind"


def test_generated_passphrases_differ_per_family_and_read_aloud(app: App, queue: dict, tmp_path: Path) -> None:
    summary = _export(app, tmp_path / "rel")
    phrases = {b.attorney: b.generated_passphrase for b in summary.bundles}
    assert len(set(phrases.values())) == len(phrases) == 3
    for attorney, phrase in phrases.items():
        assert phrase is not None and phrase.isascii() and len(phrase) >= 12
        assert re.fullmatch(r"(?:[bdfgkmnprstvz][aeiu]){2}(?:-(?:[bdfgkmnprstvz][aeiu]){2}){4}", phrase)
        assert PdfReader(summary.out / f"{attorney}.pdf").decrypt(phrase)
        for other in set(phrases) - {attorney}:
            assert not PdfReader(summary.out / f"{other}.pdf").decrypt(phrase)
    assert len({passphrases.generate() for _ in range(200)}) == 200


def test_relatives_embargo_and_drafts(app: App, make_settings, queue: dict, tmp_path: Path) -> None:
    embargoed = make_settings(relatives_date="2027-05-21")
    with pytest.raises(RelativesEmbargoed, match=r"embargoed until 2027-05-21 .*use --force"):
        _export(app, tmp_path / "rel", settings=embargoed, passphrase=PHRASE, today=dt.date(2027, 5, 20))
    assert not (tmp_path / "rel").exists() and not (tmp_path / "rel-DRAFT").exists()
    draft = _export(app, tmp_path / "rel", settings=embargoed, passphrase=PHRASE, today=dt.date(2027, 5, 20),
                    force=True, attorney="znak")
    assert draft.draft and draft.out == tmp_path / "rel-DRAFT"
    pages = PdfReader(draft.out / "znak.pdf", password=PHRASE).pages
    assert all("ЧАРНАВІК — не перадаваць да 21 мая 2027 г." in page.extract_text() for page in pages)
    assert audit.entries(app.database)[-1].detail == "znak: 4 letters, encrypted PDF, written to rel-DRAFT/, draft"
    final = _export(app, tmp_path / "rel", settings=embargoed, passphrase=PHRASE, attorney="znak")
    assert not final.draft and final.out == tmp_path / "rel"
    assert not any("ЧАРНАВІК" in p.extract_text() for p in PdfReader(final.out / "znak.pdf", password=PHRASE).pages)
    # default: no relatives' date, the bundles may be made at any time and are no drafts
    assert not _export(app, tmp_path / "any", passphrase=PHRASE, today=dt.date(2027, 1, 2)).draft


def test_every_pdf_is_audited_without_content(app: App, queue: dict, tmp_path: Path) -> None:
    _export(app, tmp_path / "rel", passphrase=PHRASE)
    entries = [e for e in audit.entries(app.database) if e.action == "export-relatives"]
    assert [(e.operator, e.detail) for e in entries] == [
        ("org", "znak: 4 letters, encrypted PDF, written to rel/"),
        ("org", "braginets: 1 letter, encrypted PDF, written to rel/"),
        ("org", "yurgilevich: 1 letter, encrypted PDF, written to rel/"),
    ]
    assert audit.verify(app.database) == []


def test_bad_input(app: App, queue: dict, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown attorney"):
        _export(app, tmp_path / "x", attorney="nobody", passphrase=PHRASE)
    with pytest.raises(ExportError, match="no approved letters for attorney borodko"):
        _export(app, tmp_path / "x", attorney="borodko", passphrase=PHRASE)
    with pytest.raises(ExportError, match="unknown language 'de'"):
        _export(app, tmp_path / "x", language="de", passphrase=PHRASE)
    for content, message in (("tiny\n", "shorter than 12"), ("пароль-па-беларуску\n", "must be ASCII"),
                             ("", "shorter than 12")):
        path = tmp_path / "phrase"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ExportError, match=message):
            passphrases.read(path)
    with pytest.raises(ExportError, match="shorter than 12"):
        _export(app, tmp_path / "x", passphrase="short")
    assert not (tmp_path / "x").exists()


def test_cli(app: App, queue: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_RELATIVES_DATE", "2999-05-21")
    base = ["--env-file", "/dev/null", "export", "relatives", "--out", str(tmp_path / "o")]
    assert main(base) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "napishy: bundles for relatives are embargoed until 2999-05-21 (NAPISHY_RELATIVES_DATE); "
        "use --force to make drafts before then"
    ]
    assert main([*base, "--force", "--attorney", "znak", "--language", "uk"]) == 0
    out = capsys.readouterr().out.splitlines()
    match = re.fullmatch(r"znak: 4 letters in (\S+), passphrase (\S+) \(tell it to the family by phone.*", out[0])
    assert match and match.group(1) == str(tmp_path / "o-DRAFT" / "znak.pdf")
    assert "Ці листи написали" in _text(Path(match.group(1)), match.group(2))
    assert "DRAFTS" in out[-1]
    phrase = tmp_path / "phrase"
    phrase.write_text("tiny")
    assert main([*base, "--force", "--passphrase-file", str(phrase)]) == 1
    assert capsys.readouterr().err.strip() == f"napishy: the passphrase in {phrase} is shorter than 12 characters"


POPPLER = shutil.which("pdftoppm")


@pytest.mark.skipif(POPPLER is None, reason=tiers.PDF_RENDERING.message)
def test_pages_render_with_the_embedded_fonts(app: App, queue: dict, tmp_path: Path) -> None:
    """pdftoppm draws the Belarusian, Polish and Ukrainian letters' pages; the PNGs were looked at by eye."""
    summary = _export(app, tmp_path / "rel", passphrase=PHRASE, language="uk")
    pdf = summary.out / "znak.pdf"
    reader = PdfReader(pdf, password=PHRASE)
    for code in ("be", "pl", "uk"):
        number = next(n for n, page in enumerate(reader.pages, start=1) if TEXTS[code][:4] in page.extract_text())
        stem = tmp_path / f"page-{code}"
        assert POPPLER is not None
        subprocess.run([POPPLER, "-upw", PHRASE, "-f", str(number), "-l", str(number), "-r", "80", "-png",
                        "-singlefile", str(pdf), str(stem)], check=True, capture_output=True, timeout=60)
        with Image.open(f"{stem}.png") as image:
            grey = image.convert("L")
            text_band = grey.crop((0, int(grey.height * 0.08), grey.width, int(grey.height * 0.3)))
            dark = sum(text_band.histogram()[:128])
            assert dark > 800, f"the {code} letter's page rendered (nearly) blank"
    failed = subprocess.run([POPPLER, "-r", "20", "-png", "-singlefile", str(pdf), str(tmp_path / "nope")],
                            capture_output=True, timeout=60)
    assert failed.returncode != 0, "poppler opened the PDF without its passphrase"
