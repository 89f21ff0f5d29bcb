"""Run in the wrong place or with the wrong settings, every command says so in one line and fails.

Each case runs the real `napishy` in a subprocess with a clean environment, the way a newcomer
types it: an empty queue or a new data dir conjured in the wrong folder would read as success.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, KeyPair

NO_DATA = ("set NAPISHY_DATA_DIR or --env-file to yours; `napishy import`, `poll` or `run` start a new one")


def napishy(cwd: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "NAPISHY_ISOLATE_ANONYMIZER": "no"}
    clean.update(env)
    return subprocess.run([sys.executable, "-m", "napishy.cli.main", *argv], cwd=cwd, env=clean,
                          capture_output=True, text=True, timeout=120)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_missing_env_file_is_refused(tmp_path: Path) -> None:
    result = napishy(tmp_path, "--env-file", "missing.env", "queue")
    assert one_line(result) == "napishy: --env-file missing.env: no such file"
    assert result.returncode == 2
    assert list(tmp_path.iterdir()) == []  # no napishy-data made on the way


@pytest.mark.parametrize(
    "argv",
    [
        ["queue"],
        ["queue", "--json"],
        ["show", "abc"],
        ["approve", "abc"],
        ["undo", "abc"],
        ["review"],
        ["status"],
        ["audit", "verify"],
        ["export", "publication", "--out", "pub"],
        ["users", "list"],
        ["web"],
        ["purge", "--before", "2020-01-01"],
    ],
)
def test_a_command_where_no_data_dir_exists_says_where_it_looked(tmp_path: Path, argv: list[str]) -> None:
    result = napishy(tmp_path, *argv)
    expected = f"napishy: no napishy data at {tmp_path / 'napishy-data'} (no {tmp_path / 'settings.env'}): {NO_DATA}"
    assert one_line(result) == expected
    assert result.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_the_settings_file_named_is_in_the_message(tmp_path: Path) -> None:
    (tmp_path / "my.env").write_text(f"NAPISHY_DATA_DIR={tmp_path / 'elsewhere'}\n")
    result = napishy(tmp_path, "--env-file", "my.env", "queue")
    assert one_line(result) == (
        f"napishy: no napishy data at {tmp_path / 'elsewhere'} (settings from {tmp_path / 'my.env'}): {NO_DATA}"
    )


@pytest.mark.parametrize(
    ("configured", "message"),
    [
        ({}, "napishy: unknown mailbox 'asociation' (none is configured); "
             "add it to NAPISHY_MAILBOXES or NAPISHY_IMPORT_MAILBOXES"),
        ({"NAPISHY_IMPORT_MAILBOXES": "association,defence"},
         "napishy: unknown mailbox 'asociation' (configured: association, defence); "
         "add it to NAPISHY_MAILBOXES or NAPISHY_IMPORT_MAILBOXES"),
    ],
)
def test_import_into_an_unconfigured_mailbox_is_refused(tmp_path: Path, keypair: KeyPair,
                                                        configured: dict[str, str], message: str) -> None:
    result = napishy(tmp_path, "import", str(EXAMPLES), "--mailbox", "asociation",
                     NAPISHY_PUBLIC_KEY_FILE=str(keypair.public), **configured)
    assert one_line(result) == message
    assert list(tmp_path.iterdir()) == []  # neither a data dir nor a letter


def test_import_starts_a_data_dir_and_status_reports_only_configured_mailboxes(tmp_path: Path,
                                                                               keypair: KeyPair) -> None:
    env = {"NAPISHY_PUBLIC_KEY_FILE": str(keypair.public), "NAPISHY_IMPORT_MAILBOXES": "association"}
    result = napishy(tmp_path, "import", str(EXAMPLES / "01-be-znak.eml"), "--mailbox", "association", **env)
    assert result.returncode == 0, result.stderr
    assert "1 stored" in result.stdout
    assert (tmp_path / "napishy-data" / "napishy.sqlite3").is_file()

    status = napishy(tmp_path, "status", **env)
    assert status.returncode == 0, status.stderr
    assert status.stdout.splitlines()[0].startswith("association  last poll never; pending 1;")
    assert len(status.stdout.splitlines()) == 2 and status.stdout.splitlines()[1].startswith("ocr ")

    nothing = napishy(tmp_path, "status")  # the same data, but no mailbox configured
    assert one_line(nothing) == ("napishy: no mailbox is configured (NAPISHY_MAILBOXES), so there is no health"
                                 " to report; `napishy queue` lists the letters")
    assert nothing.returncode == 2


def test_status_with_nothing_configured_on_a_fresh_store(tmp_path: Path) -> None:
    assert napishy(tmp_path, "db", "upgrade").returncode == 0  # a store, but no mailbox
    result = napishy(tmp_path, "status", "--json")
    assert one_line(result).startswith("napishy: no mailbox is configured (NAPISHY_MAILBOXES)")
    assert result.stdout == ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_web_prints_the_address_it_serves(tmp_path: Path) -> None:
    env = {"NAPISHY_WEB_PASSWORD": "a long enough password"}
    added = napishy(tmp_path, "users", "add", "olga", "--role", "operator", **env)
    assert added.returncode == 0, added.stderr
    port = _free_port()
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **env}
    process = subprocess.Popen([sys.executable, "-m", "napishy.cli.main", "web", "--port", str(port)],
                               cwd=tmp_path, env=clean, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first == f"napishy web: serving on http://127.0.0.1:{port}/  (Ctrl-C stops it)\n"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # and it does serve there
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("napishy web did not start")
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_web_address_brackets_ipv6() -> None:
    from napishy.web.command import address

    assert address("::1", 8421, tls=False) == "http://[::1]:8421/"
    assert address("10.0.0.5", 443, tls=True) == "https://10.0.0.5:443/"
