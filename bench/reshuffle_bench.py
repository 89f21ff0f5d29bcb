"""What the hourly PostgreSQL rewrite (foundation/storage/reshuffle.py) costs on N stored letters.

Usage: .venv/bin/python bench/reshuffle_bench.py [--letters N]
A private cluster with fsync on (bench/intake_bench.py's), N letters of about 2 KB of text, an
8 KB sealed original, one 20 KB image and one revision each, written in arrival order. Prints the
size of the four tables, each table's three steps (the longest is how long intake or the web
console can wait for the rewrite), the whole rewrite, and the heap's rank correlation with
arrival before and after.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake_bench import DurableCluster
from sqlalchemy import Engine, text

from foundation.storage import reshuffle
from foundation.storage.database import Database
from tests.postgres import find_bin

SIZE = ("SELECT pg_size_pretty(sum(pg_total_relation_size(CAST(t AS regclass)))) "
        "FROM unnest(ARRAY['letters', 'sealed_originals', 'attachments', 'revisions']) t")


def fill(engine: Engine, count: int) -> None:
    """Rows written in arrival order, as intake writes them (one INSERT per table here, for speed)."""
    with engine.begin() as c:
        c.execute(text("CREATE TEMP TABLE arrival AS SELECT g AS n, substr(md5(random()::text), 1, 12) AS id "
                       "FROM generate_series(1, :n) g"), {"n": count})
        c.execute(text("""INSERT INTO letters (id, mailbox, status, kind, recipients, language, received_on,
            fingerprint, text, redactions, defects, checks, version)
            SELECT id, 'association', 'pending', 'letter', '[]', 'be', current_date, md5(id),
            repeat(md5(random()::text), 64), '{}', '[]', '[]', 1 FROM arrival ORDER BY n"""))
        c.execute(text("""INSERT INTO sealed_originals
            SELECT a.id, 'k', decode(string_agg(md5(random()::text), ''), 'hex')
            FROM arrival a, generate_series(1, 512) GROUP BY a.n, a.id ORDER BY a.n"""))
        c.execute(text("""INSERT INTO attachments (id, letter_id, position, name, content_type, sha256, data,
            ocr_status, ocr_text, approved)
            SELECT (random() * 2e9)::int, a.id, 0, 'image-1.jpg', 'image/jpeg', '',
            decode(string_agg(md5(random()::text), ''), 'hex'), '', '', false
            FROM arrival a, generate_series(1, 1280) GROUP BY a.n, a.id ORDER BY a.n"""))
        c.execute(text("""INSERT INTO revisions (id, letter_id, number, text, author, created_on)
            SELECT (random() * 2e9)::int, l.id, 1, l.text, 'napishy', current_date
            FROM arrival a JOIN letters l USING (id) ORDER BY a.n"""))
        c.execute(text("CREATE TABLE arrival_order AS SELECT * FROM arrival"))


def heap_correlation(engine: Engine) -> float:
    with engine.connect() as c:
        ranks = [row[0] for row in c.execute(text("SELECT a.n FROM letters JOIN arrival_order a USING (id) "
                                                  "ORDER BY letters.ctid"))]
    n = len(ranks)
    return 1 - 6 * sum((i - (r - 1)) ** 2 for i, r in enumerate(ranks)) / (n * (n * n - 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args()
    bin_dir = find_bin()
    if bin_dir is None:
        sys.exit("reshuffle_bench: PostgreSQL not found; install postgresql")
    cluster = DurableCluster(bin_dir)
    cluster.start()
    try:
        database = Database(cluster.new_database())
        database.upgrade()
        engine = database.engine
        fill(engine, args.letters)
        with engine.connect() as c:
            size = c.execute(text(SIZE)).scalar_one()
        print(f"{args.letters} letters, {size} in the four tables; "
              f"heap vs arrival rho = {heap_correlation(engine):.2f}")
        total = 0.0
        for table, key, long_columns in reshuffle.TABLES:
            seconds = []
            for step in reshuffle.STEPS:
                began = time.monotonic()
                reshuffle.run_step(engine, step, table, key, long_columns)
                seconds.append(time.monotonic() - began)
            total += sum(seconds)
            print(f"  {table:17} " + ", ".join(f"{s} {t:.2f} s" for s, t in zip(reshuffle.STEPS, seconds, strict=True)))
        print(f"whole rewrite {total:.2f} s; heap vs arrival rho = {heap_correlation(engine):.2f}")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
