"""How long the publication export takes for 10,000 approved letters, and how much memory it needs.

Run: .venv/bin/python bench/export.py [N]   (aim: under 10 s for 10,000 letters)
"""

from __future__ import annotations

import datetime as dt
import resource
import secrets
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from exports.publication import export_publication
from exports.wording import attorney_names
from foundation.settings import Settings
from foundation.storage.models import Letter, new_letter_id
from napishy.app import App

ATTORNEYS = ("znak", "danilevich", "braginets", "lazarenko", "yurgilevich", "borodko")
PARAGRAPH = ("Дарагі Максім! Вы абаранялі людзей тады, калі гэта было небяспечна, і мы памятаем гэта. "
             "Мяне завуць [name]. Трымайцеся, калі ласка. Вы не адзін, і нас вельмі шмат.\n\n")


def populate(app: App, count: int) -> None:
    rng = secrets.SystemRandom()
    with app.database.session() as session:
        for n in range(count):
            session.add(Letter(
                id=new_letter_id(), mailbox="association", status="approved", kind="letter",
                recipients=sorted(rng.sample(ATTORNEYS, rng.choice((1, 1, 1, 2, 6)))),
                language=rng.choice(("be", "ru", "en")), received_on=dt.date(2027, 5, 1 + n % 20),
                fingerprint=secrets.token_hex(32), text=PARAGRAPH * rng.randint(1, 6), redactions={}, defects=[],
            ))


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = App(Settings.from_mapping({"NAPISHY_DATA_DIR": str(Path(folder) / "data")}))
        started = time.perf_counter()
        populate(app, count)
        print(f"created {count} approved letters in {time.perf_counter() - started:.1f} s")
        names = attorney_names(app.roster.attorneys)
        out = Path(folder) / "out"
        for run in ("first export (assigns publication ids)", "second export", "with tracemalloc"):
            traced = run == "with tracemalloc"  # tracing slows the export: measure memory separately
            if traced:
                tracemalloc.start()
            started = time.perf_counter()
            summary = export_publication(app.database, app.settings, names, out, operator="bench",
                                         today=dt.date(2027, 5, 21))
            elapsed = time.perf_counter() - started
            if traced:
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                print(f"peak Python memory during an export: {peak / 2**20:.0f} MiB")
            else:
                print(f"{run}: {summary.letters} letters in {elapsed:.2f} s")
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"output {size / 2**20:.1f} MiB; max RSS of this process "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        app.database.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
