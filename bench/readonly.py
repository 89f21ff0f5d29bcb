"""Wall time of the read-only commands operators and health checks run all day.

Usage: .venv/bin/python bench/readonly.py [--letters N] [--runs R] [--keep DIR]
Fills a SQLite data dir with N letters (default 10,000: every status, some with images, edits and a
sealed original) and an audit log, then runs `napishy queue --json`, `show ID`, `status` and
`audit verify --head H` R times each (default 10) as new processes and prints the fastest and the
median wall time. Aim: under 0.2 s (`show` under 0.3 s). `--keep DIR` leaves the data dir and its
settings.env there, for `hyperfine` or `python -X importtime`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from foundation.settings import Settings
from foundation.storage.models import Attachment, Letter, MailboxState, Revision, SealedOriginal, new_letter_id
from napishy.app import App
from processors import audit

ATTORNEYS = ("znak", "danilevich", "braginets", "lazarenko", "yurgilevich", "borodko")
STATUSES = ("pending", "pending", "approved", "rejected", "quarantined")
PARAGRAPH = ("Дарагі Максім! Вы абаранялі людзей тады, калі гэта было небяспечна, і мы памятаем гэта. "
             "Мяне завуць [name]. Трымайцеся, калі ласка. Вы не адзін, і нас вельмі шмат.\n\n")


def settings_text(data_dir: Path) -> str:
    return "\n".join([
        f"NAPISHY_DATA_DIR={data_dir}",
        "NAPISHY_MAILBOXES=association",
        "NAPISHY_MAILBOX_ASSOCIATION_HOST=127.0.0.1",
        "NAPISHY_MAILBOX_ASSOCIATION_PORT=1143",
        "NAPISHY_MAILBOX_ASSOCIATION_USER=association",
        "NAPISHY_MAILBOX_ASSOCIATION_PASSWORD=bench",
        "NAPISHY_MAILBOX_ASSOCIATION_SECURITY=plain",
        "NAPISHY_STALE_POLL_SECONDS=86400000",
        "",
    ])


def populate(app: App, count: int) -> str:
    """N letters and 1,000 audit entries; returns the id of a letter with an image and an edit."""
    rng = secrets.SystemRandom()
    shown = ""
    with app.database.session() as session:
        for n in range(count):
            letter = Letter(
                id=new_letter_id(), mailbox="association", status=STATUSES[n % len(STATUSES)], kind="letter",
                recipients=sorted(rng.sample(ATTORNEYS, rng.choice((1, 1, 1, 2)))),
                language=rng.choice(("be", "ru", "en")), received_on=dt.date(2027, 4, 1 + n % 28),
                fingerprint=secrets.token_hex(32), text=PARAGRAPH * rng.randint(1, 6), redactions={"name": 1},
                defects=[], checks=[],
                quarantine_reason="LetterTimedOut: took longer than 60 s" if n % 5 == 4 else None,
            )
            letter.sealed = SealedOriginal(key_id="bench", blob=secrets.token_bytes(4096))
            if n % 10 == 0:
                letter.attachments = [Attachment(position=0, name="image-1.jpg", content_type="image/jpeg",
                                                 sha256="0" * 64, data=secrets.token_bytes(50_000),
                                                 ocr_status="read", ocr_text="Свабоду [name]!")]
                letter.revisions = [Revision(number=1, text=letter.text, author="napishy",
                                             created_on=letter.received_on)]
                shown = shown or letter.id
            session.add(letter)
        session.add(MailboxState(mailbox="association", uidvalidity=1, last_poll_at=dt.datetime.now(dt.UTC)))
    with app.database.session() as session:
        for n in range(1000):
            audit.record(session, "bench", "approve", None, f"entry {n}")
    return shown


def timed(argv: list[str], cwd: Path, runs: int) -> list[float]:
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
    return walls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="build the data here and leave it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = (args.keep or Path(scratch)).absolute()
        work.mkdir(parents=True, exist_ok=True)
        env_file = work / "settings.env"
        env_file.write_text(settings_text(work / "data"))
        os.chmod(env_file, 0o600)
        app = App(Settings.load(environ={}, env_file=env_file))
        started = time.perf_counter()
        letter_id = populate(app, args.letters)
        app.database.dispose()
        print(f"{args.letters} letters and 1000 audit entries written in {time.perf_counter() - started:.1f} s")
        napishy = [str(Path(sys.executable).with_name("napishy")), "--env-file", str(env_file)]
        head = subprocess.run([*napishy, "audit", "verify"], cwd=work, check=True, capture_output=True,
                              text=True).stdout.split()[-1]
        commands = {
            "queue --json": ["queue", "--json"],
            "show ID": ["show", letter_id],
            "status": ["status"],
            "audit verify --head": ["audit", "verify", "--head", head],
        }
        for name, argv in commands.items():
            walls = timed([*napishy, *argv], work, args.runs)
            print(f"  napishy {name:<20} fastest {min(walls):.3f} s, median {statistics.median(walls):.3f} s"
                  f" ({args.runs} runs)")
        if args.keep:
            print(f"kept: {env_file} (show {letter_id}, head {head})")


if __name__ == "__main__":
    main()
