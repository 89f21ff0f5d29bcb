"""Throughput of `napishy import`: N corpus-like letters through the whole pipeline, as an operator runs it.

Usage: .venv/bin/python bench/import_bench.py [--letters N] [--source DIR] [--no-floor]
Writes the development corpus (tests/data/corpus/letters, 6.4 KiB mean) repeated to N (default
1,000, each with its own Message-ID) as .eml files into a temp folder, then runs the real
`napishy import FOLDER` once (a fresh SQLite store, the anonymiser in its capped child, sealing)
and times the whole command, start-up and model loading included. Then the same letters go
through `floor.py` in a process of its own, and the import is printed as a ratio to that floor
measured in the same run (the floor's models are loaded before its clock starts, so the ratio is
the harder one). Peak RSS is of the largest process the import ran.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import floor
from corpus import CORPUS, letters

from napishy.vault import generate_keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--source", type=Path, help="a folder of .eml files (default: tests/data/corpus/letters)")
    parser.add_argument("--no-floor", action="store_true", help="skip measuring the single-core floor")
    args = parser.parse_args()
    raws = letters(args.source, args.letters, CORPUS)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        inbox = work / "letters"
        inbox.mkdir()
        for number, raw in enumerate(raws):
            (inbox / f"{number:06d}.eml").write_bytes(raw)
        generate_keys(work / "keys", b"bench passphrase")
        env = {**os.environ, "NAPISHY_DATA_DIR": str(work / "data"),
               "NAPISHY_PUBLIC_KEY_FILE": str(work / "keys" / "public.key"), "NAPISHY_IMPORT_MAILBOXES": "association"}
        napishy = str(Path(sys.executable).with_name("napishy"))
        started = time.perf_counter()
        done = subprocess.run([napishy, "import", str(inbox), "--mailbox", "association"], cwd=work, env=env,
                              check=True, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = re.search(r"imported .*", done.stdout)
    size = sum(map(len, raws)) / len(raws)
    print(f"napishy import: {len(raws)} letters, mean {size / 1024:.1f} KiB, on {os.cpu_count()} cores")
    print(f"  {summary.group() if summary else done.stdout.strip()}")
    print(f"  {elapsed:.2f} s = {len(raws) / elapsed:.0f} letters/s, start-up included;"
          f" peak RSS of its largest process {peak_mb:.0f} MiB")
    if not args.no_floor:
        seconds = floor.in_child(args.source, args.letters, CORPUS)
        print(f"  single-core floor for the same letters, this run: {seconds:.2f} s;"
              f" the import takes {elapsed / seconds:.2f}x the floor")


if __name__ == "__main__":
    main()
