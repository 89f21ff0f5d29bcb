"""The command line end to end on SQLite: import, queue, show, open; bad input gets one line."""

from __future__ import annotations

import email
import email.policy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from napishy.cli.main import main
from tests.conftest import EXAMPLES, KeyPair
from tests.leakscan import assert_no_leaks, database_texts

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Identifiers planted in the bodies of the example letters (headers are collected below).
BODY_IDENTIFIERS = [
    "Прыклад",
    "+375 29 555-01-23",
    "Образцова",
    "irina.obrazcova",
    "Примерной",
    "Exampleton",
    "+44 161 496 0000",
    "tracker.example",
    "555-44-33",
]


def header_identifiers(folder: Path) -> list[str]:
    """What a mail header says about its sender: address, display name, hosts, IPs, Message-ID."""
    found: set[str] = set()
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        sender = message["From"].addresses[0]
        found.update({sender.addr_spec, sender.display_name, str(message["Message-ID"]).strip("<>")})
        for received in message.get_all("Received", []):
            found.update(re.findall(r"\d{1,3}(?:\.\d{1,3}){3}", received))
            found.update(h for h in re.findall(r"from \[?([\w.-]+)", received) if not h[0].isdigit())
    return sorted(i for i in found if i)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, data_dir: Path, keypair: KeyPair) -> Path:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(data_dir))
    monkeypatch.setenv("NAPISHY_PUBLIC_KEY_FILE", str(keypair.public))
    monkeypatch.setenv("NAPISHY_KEY_PASSPHRASE", keypair.passphrase)
    monkeypatch.setenv("NAPISHY_MAILBOXES", "")
    monkeypatch.setenv("NAPISHY_IMPORT_MAILBOXES", "association")
    return data_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--env-file", "/dev/null", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_queue_show_open(env: Path, keypair: KeyPair, tmp_path: Path, capsys, caplog) -> None:
    code, out, _ = run(capsys, "import", str(EXAMPLES), "--mailbox", "association")
    letters = sorted(EXAMPLES.glob("*.eml"))
    assert code == 0
    assert f"imported {len(letters)} letters into association: {len(letters)} stored, 0 duplicates" in out
    assert "1 other files skipped" in out  # examples/README.md

    code, out, _ = run(capsys, "import", str(EXAMPLES), "--mailbox", "association")
    assert f"0 stored, {len(letters)} duplicates" in out

    code, out, _ = run(capsys, "queue", "--json")
    queue = json.loads(out)
    assert len(queue) == len(letters)
    assert {tuple(sorted(entry)) for entry in queue} == {
        ("id", "kind", "language", "mailbox", "received_on", "recipients", "status")
    }
    assert {entry["status"] for entry in queue} == {"pending"}

    code, out, _ = run(capsys, "queue")
    assert code == 0 and f"{len(letters)} letters" in out

    first = queue[0]["id"]
    code, out, _ = run(capsys, "show", first, "--json")
    detail = json.loads(out)
    assert detail["id"] == first and detail["text"]
    assert "Received:" not in detail["text"] and "Message-ID" not in detail["text"]

    originals = {path.read_bytes() for path in letters}
    opened = set()
    for entry in queue:
        target = tmp_path / f"{entry['id']}.eml"
        code, _, _ = run(capsys, "open", entry["id"], "--private-key", str(keypair.private), "--out", str(target))
        assert code == 0
        opened.add(target.read_bytes())
        target.unlink()
    assert opened == originals

    texts = [caplog.text, *database_texts(f"sqlite:///{env / 'napishy.sqlite3'}")]
    assert_no_leaks(header_identifiers(EXAMPLES) + BODY_IDENTIFIERS, [env], texts)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "nosuchletter"], "napishy: no letter nosuchletter\n"),
        (
            ["import", "/nonexistent/folder", "--mailbox", "association"],
            "napishy: /nonexistent/folder does not exist\n",
        ),
        (["anonymize", "/nonexistent.eml", "--json"], "napishy: no such file: /nonexistent.eml\n"),
    ],
)
def test_bad_input_is_one_line(env: Path, capsys, argv: list[str], message: str) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0  # a store to look in
    code, _, err = run(capsys, *argv)
    assert code != 0
    assert err == message


def test_missing_public_key_stops_the_service_with_one_line(env: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NAPISHY_PUBLIC_KEY_FILE", "/nonexistent/public.key")
    code, _, err = run(capsys, "import", str(EXAMPLES), "--mailbox", "association")
    assert code != 0
    assert err == "napishy: public key file /nonexistent/public.key does not exist\n"


def test_bad_settings_list_every_problem_without_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "NAPISHY_MAX_LETTER_BYTES": "huge", "NAPISHY_LOG_LEVEL": "LOUD"}
    result = subprocess.run(
        [sys.executable, "-m", "napishy.cli.main", "queue"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "napishy: NAPISHY_MAX_LETTER_BYTES: 'huge' is not a whole number",
        "napishy: NAPISHY_LOG_LEVEL: 'LOUD' is not one of DEBUG, INFO, WARNING, ERROR",
    ]


def test_open_with_a_wrong_passphrase_is_one_line(env: Path, keypair: KeyPair, monkeypatch, capsys, tmp_path) -> None:
    run(capsys, "import", str(EXAMPLES / "01-be-znak.eml"), "--mailbox", "association")
    _, out, _ = run(capsys, "queue", "--json")
    letter_id = json.loads(out)[0]["id"]
    monkeypatch.setenv("NAPISHY_KEY_PASSPHRASE", "wrong wrong wrong")
    code, _, err = run(capsys, "open", letter_id, "--private-key", str(keypair.private), "--out", str(tmp_path / "x"))
    assert code == 1 and err == "napishy: wrong passphrase for the private key\n"
    assert not (tmp_path / "x").exists()


def test_queue_starts_fast(env: Path, tmp_path: Path) -> None:
    """`napishy queue` must not load the anonymizer's models or the crypto stack."""
    assert main(["--env-file", "/dev/null", "db", "upgrade"]) == 0
    code = (
        "import sys, napishy.cli.main as m; m.main(['--env-file','/dev/null','queue','--json']);"
        "heavy=('natasha','lingua','PIL','cryptography.hazmat.primitives.hpke','mailparser');"
        "heavy=[n for n in heavy if n in sys.modules];"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"NAPISHY_DATA_DIR": str(env), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


CHECK_LETTER = """\
From: Ivan Testovich <ivan.testovich@example.org>
To: association@example.net
Subject: Letter
Message-ID: <checks-7f3a9c@mail.example.org>
Date: Mon, 3 May 2027 10:00:00 +0000
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Дарагі Максім!

Сябры ў Смаргоні і я чытаем, што піша Святлана Ціханоўская. Мы ўсе памятаем пра вас.
Трымайцеся!

Мікола Пракапенка
"""
CHECK_IDENTIFIERS = ["Ivan Testovich", "ivan.testovich@example.org", "checks-7f3a9c@mail.example.org",
                     "Мікола", "Пракапенка"]


def test_show_lists_and_highlights_the_words_to_check(env: Path, tmp_path: Path, capsys, caplog) -> None:
    """A public figure and a listed town stay in the text; `show` points the operator at them."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "checks.eml").write_text(CHECK_LETTER, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(source), "--mailbox", "association")
    assert code == 0 and "1 stored" in out
    _, out, _ = run(capsys, "queue", "--json")
    letter_id = json.loads(out)[0]["id"]

    code, out, _ = run(capsys, "show", letter_id, "--json")
    detail = json.loads(out)
    assert code == 0
    assert {"Ціханоўская", "Смаргоні"} <= set(detail["checks"])
    assert all(word in detail["text"] for word in detail["checks"])  # kept words, nothing new
    assert {"id", "status", "text", "recipients", "redactions", "defects", "attachments"} <= set(detail)

    code, out, _ = run(capsys, "show", letter_id)  # captured, not a terminal: no colour
    assert code == 0
    check_line = next(line for line in out.splitlines() if line.startswith("check: "))
    assert check_line == f"check: {', '.join(detail['checks'])} — kept, but looked like a name or a number"
    assert "\033[" not in out

    from napishy.cli.render import render_letter

    coloured = render_letter(detail, color=True)
    assert "\033[4;36mЦіханоўская\033[0m" in coloured and "\033[4;36mСмаргоні\033[0m" in coloured
    assert "\033[1;33m[name]\033[0m" in coloured  # the signature: a redaction, styled apart from checks

    texts = [caplog.text, *database_texts(f"sqlite:///{env / 'napishy.sqlite3'}")]
    assert_no_leaks(CHECK_IDENTIFIERS, [env], texts)


def test_checks_are_highlighted_as_whole_words_only() -> None:
    from napishy.cli.render import highlight
    from processors.segments import segments

    text = "Мінск, Мінскі раён, [name] у Мінску; Нью-Ёрк і Нью-Ёркер"
    pieces = list(segments(text, ["Мінск", "Нью-Ёрк", "  "]))
    assert [p for kind, p in pieces if kind == "check"] == ["Мінск", "Нью-Ёрк"]
    assert [p for kind, p in pieces if kind == "marker"] == ["[name]"]
    assert "".join(p for _, p in pieces) == text
    assert highlight(text, color=False, checks=["Мінск"]) == text
