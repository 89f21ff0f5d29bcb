"""Throughput of `napishy import`: N corpus-like letters through the whole pipeline, as an operator runs it.

Usage: .venv/bin/python bench/import_bench.py [--letters N] [--source DIR] [--no-floor]
Writes the development corpus (tests/data/corpus/letters, 6.4 KiB mean) repeated to N (default
1,000, each with its own Message-ID) as .eml files into a temp folder, then runs the real
`napishy import FOLDER` once (a fresh SQLite store, the anonymiser in its capped child, sealing)
and times the whole command, start-up and model loading included. Then the same letters go
through `floor.py` in a process of its own, and the import is printed as a ratio to that floor
measured in the same run (the floor's models are loaded before its clock starts, so the ratio is
the harder one; it reads each image once with Tesseract, as napishy does). Memory is sampled from
/proc four times a second: the peak RSS of each process (napishy and its anonymiser children,
NAPISHY_WORKERS of them at most) and the peak of the whole tree's PSS, Tesseracts included: PSS
counts a page shared by several processes (the interpreter, libraries) once in all, so the sum is
the memory the import really holds; a sum of RSS counts shared pages once per process. A process
caught between fork and exec (it still shares its parent's pages) is not counted twice.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import floor
from corpus import CORPUS, letters

from foundation.vault import generate_keys


def children(pid: int) -> list[int]:
    try:
        return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except OSError:
        return []


def tree(root: int) -> list[int]:
    """`root` and every process below it (the anonymiser children and their Tesseracts)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children(pid)
    return found


def field_bytes(path: str, name: str) -> int:
    """A `Name:   123 kB` line of a /proc file, in bytes; 0 once the process is gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def rss_bytes(pid: int) -> int:
    return field_bytes(f"/proc/{pid}/status", "VmRSS:")


def pss_bytes(pid: int) -> int:
    return field_bytes(f"/proc/{pid}/smaps_rollup", "Pss:")


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


class MemoryWatch(threading.Thread):
    """Peak RSS per process of a tree and of its sum, sampled until `done` is set."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.done = root, threading.Event()
        self.peaks: dict[int, int] = {}
        self.workers: set[int] = set()  # napishy's own children: the anonymisers
        self.peak_total = 0  # of the RSS sum
        self.peak_pss = 0

    def run(self) -> None:
        while not self.done.wait(0.25):
            workers = children(self.root)
            self.workers.update(workers)
            pids = [self.root, *workers]
            for worker in workers:  # their Tesseracts, once exec'd (before, they are the worker's pages)
                pids += [pid for pid in tree(worker)[1:] if command(pid) != command(worker)]
            sizes = {pid: rss_bytes(pid) for pid in pids}
            for pid, size in sizes.items():
                self.peaks[pid] = max(self.peaks.get(pid, 0), size)
            self.peak_total = max(self.peak_total, sum(sizes.values()))
            self.peak_pss = max(self.peak_pss, sum(pss_bytes(pid) for pid in pids))


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
        process = subprocess.Popen([napishy, "import", str(inbox), "--mailbox", "association"], cwd=work, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        watch = MemoryWatch(process.pid)
        watch.start()
        stdout, stderr = process.communicate()
        elapsed = time.perf_counter() - started
        watch.done.set()
        watch.join()
        if process.returncode != 0:
            raise SystemExit(f"napishy import failed: {stderr[-2000:]}")
    workers = sorted((watch.peaks[pid] for pid in watch.workers if pid in watch.peaks), reverse=True)
    summary = re.search(r"imported .*", stdout)
    size = sum(map(len, raws)) / len(raws)
    print(f"napishy import: {len(raws)} letters, mean {size / 1024:.1f} KiB, on {os.cpu_count()} cores")
    print(f"  {summary.group() if summary else stdout.strip()}")
    print(f"  {elapsed:.2f} s = {len(raws) / elapsed:.0f} letters/s, start-up included,"
          f" NAPISHY_WORKERS={os.environ.get('NAPISHY_WORKERS', 'one per core')}")
    mib = 2**20
    print(f"  peak RSS: napishy {watch.peaks.get(process.pid, 0) / mib:.0f} MiB, anonymiser children"
          f" {', '.join(f'{size / mib:.0f}' for size in workers) or 'none seen'} MiB;"
          f" all together (Tesseracts included) at most {watch.peak_pss / mib:.0f} MiB PSS"
          f" ({watch.peak_total / mib:.0f} MiB summing RSS, shared pages once per process)")
    if not args.no_floor:
        seconds = floor.in_child(args.source, args.letters, CORPUS)
        print(f"  single-core floor for the same letters (one Tesseract pass per image), this run: {seconds:.2f} s;"
              f" the import takes {elapsed / seconds:.2f}x the floor")


if __name__ == "__main__":
    main()
