"""Throughput of IMAP intake: a private Dovecot, N letters APPENDed, one `poll_once`.

Usage: .venv/bin/python bench/intake_bench.py [--letters N] [--chunk C] [--stub-anonymizer] [--source DIR]
                                              [--database sqlite | postgresql | URL] [--no-floor] [--workers N]
Letters come from examples/*.eml (else ../shared/corpus/letters/*.eml), repeated to N and made
unique by a varying Message-ID. Prints letters/s, peak memory (ru_maxrss) and where the parent's
wall time goes per chunk (`intake.imap.PHASES`): what the main thread waits for (fetch: an IMAP
FETCH, run ahead in a thread; feed: fingerprints and the dedupe query of a chunk; pool: the next
anonymised letter; handoff: the committer, still busy with the group before), and what the
committer thread (commit: the group's transaction; ack: its UID MOVE) and the pool's threads
(seal: HPKE) spend meanwhile. `--profile 40` adds cProfile's 40 costliest functions over all the
parent's threads (bench/threadprofile.py), the profiler's overhead included.
`--stub-anonymizer` replaces anonymize() with a constant, to measure intake itself.
With the full anonymiser the same letters then go through `floor.py` (in a process of its own,
after the pass) and the time is printed as a ratio to that single-core floor, measured in the
same run: on a busy machine both slow down together, so the ratio stays comparable.
`--database`: `sqlite` (default, a file in the temp dir), `postgresql` (a private cluster started
for the run from tests/postgres.py, with fsync on like a real server), or a database URL such as
postgresql+psycopg://user@host/db (migrated first; it must hold no letters, or they count as
duplicates).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.dovecot, the private server helper

import floor  # noqa: E402
import threadprofile  # noqa: E402
from corpus import letters as bench_letters  # noqa: E402
from corpus import source_letters  # noqa: E402

from anonymizer.model import AnonymizedLetter  # noqa: E402
from foundation.settings import Settings  # noqa: E402
from foundation.storage.database import Database  # noqa: E402
from foundation.vault import generate_keys  # noqa: E402
from intake.imap import MailboxSummary, poll_once  # noqa: E402
from napishy.app import App  # noqa: E402
from processors.near_duplicates import stored_signature  # noqa: E402
from tests import dovecot  # noqa: E402
from tests.postgres import PostgresCluster, _as_postgres, find_bin  # noqa: E402


class StubApp(App):
    def anonymize_function(self):
        return lambda raw: AnonymizedLetter(text="stub", recipients=(), language="", kind="letter")


def settings_for(server: dovecot.Dovecot, work: Path, chunk: int | None, database_url: str,
                 workers: int | None) -> Settings:
    generate_keys(work / "keys", b"bench passphrase")
    return Settings.from_mapping({
        **({"NAPISHY_WORKERS": str(workers)} if workers else {}),
        "NAPISHY_DATA_DIR": str(work / "data"),
        "NAPISHY_DATABASE_URL": database_url,
        "NAPISHY_PUBLIC_KEY_FILE": str(work / "keys" / "public.key"),
        "NAPISHY_MAILBOXES": "association",
        **({"NAPISHY_FETCH_CHUNK": str(chunk)} if chunk else {}),
        "NAPISHY_MAILBOX_ASSOCIATION_HOST": "127.0.0.1",
        "NAPISHY_MAILBOX_ASSOCIATION_PORT": str(server.port),
        "NAPISHY_MAILBOX_ASSOCIATION_USER": "association",
        "NAPISHY_MAILBOX_ASSOCIATION_PASSWORD": dovecot.PASSWORD,
        "NAPISHY_MAILBOX_ASSOCIATION_SECURITY": "plain",
    })


class DurableCluster(PostgresCluster):
    """The suite's private cluster, but with fsync left on, as SQLite keeps synchronous=FULL."""

    def start(self) -> None:
        data, log = self.root / "data", self.root / "log"
        initdb = [str(self.bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
        options = f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1"
        pg_ctl = [str(self.bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]
        subprocess.run(_as_postgres(pg_ctl), check=True, capture_output=True)


@contextlib.contextmanager
def database_url(choice: str, work: Path) -> Iterator[str]:
    """The URL to bench against, with a private PostgreSQL cluster running if one was asked for.
    The cluster keeps fsync on (the test suite turns it off): commit latency is part of the figure."""
    if choice == "sqlite":
        yield f"sqlite:///{work / 'data' / 'napishy.sqlite3'}"
        return
    if choice in ("postgresql", "postgres"):
        bin_dir = find_bin()
        if bin_dir is None:
            raise SystemExit("no PostgreSQL server binaries (apt-get install postgresql)")
        cluster = DurableCluster(bin_dir)
        cluster.start()
        try:
            url = cluster.new_database()
            migrate(url)
            yield url
        finally:
            cluster.stop()
        return
    if not choice.startswith("postgresql"):
        raise SystemExit(f"--database: sqlite, postgresql or a postgresql+psycopg:// URL, not {choice!r}")
    migrate(choice)
    yield choice


def migrate(url: str) -> None:
    """What `napishy db upgrade` does once before services start on a shared database."""
    database = Database(url)
    database.upgrade()
    database.dispose()


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, reaped: bool = False) -> float:
    """User + system CPU a live process has used (utime, stime of /proc/PID/stat), with `reaped`
    that of its children it has waited for too (cutime, cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15 if reaped else 13]) / TICKS


def server_cpu(server: dovecot.Dovecot) -> float:
    """Dovecot's CPU: the master with the imap processes it reaped, plus its live children."""
    return cpu_seconds(server.pid, reaped=True) + sum(cpu_seconds(p) for p in dovecot_pids(server) if p != server.pid)


def dovecot_pids(server: dovecot.Dovecot) -> list[int]:
    """The Dovecot master and its service processes (imap, auth...), to count the server's CPU too."""
    pids, parents = [], {server.pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent in parents or int(entry.name) == server.pid:
                    pids.append(int(entry.name))
    return pids


def append_all(server: dovecot.Dovecot, letters: list[bytes]) -> float:
    started = time.perf_counter()
    with server.client("association") as imap:
        for start in range(0, len(letters), 100):
            imap.multiappend("INBOX", letters[start : start + 100])
    return time.perf_counter() - started


def phase_lines(summary: MailboxSummary, elapsed: float) -> str:
    """Where the parent's wall time goes, per chunk: the main thread's waits (they add up to its
    wall time, with `other`), and what the committer and the pool's threads did meanwhile."""
    split, chunks = summary.seconds, max(1, summary.chunks)
    main = ("fetch", "feed", "pool", "handoff")
    rest = elapsed - sum(split.get(k, 0.0) for k in main)

    def part(keys: tuple[str, ...]) -> str:
        return ", ".join(f"{k} {1000 * split.get(k, 0.0) / chunks:.1f}" for k in keys)

    return (f"  per chunk ({summary.chunks} chunks), ms: main thread waits {part(main)},"
            f" other {1000 * rest / chunks:.1f} (connect, sizes, purge);"
            f" committer {part(('commit', 'ack'))}; pool threads {part(('seal',))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--chunk", type=int, help="NAPISHY_FETCH_CHUNK (default: the setting's)")
    parser.add_argument("--stub-anonymizer", action="store_true")
    parser.add_argument("--source", type=Path, help="a folder of .eml files (default: examples/)")
    parser.add_argument("--database", default="sqlite",
                        help="sqlite (default), postgresql (a private cluster for this run), or a URL")
    parser.add_argument("--no-floor", action="store_true", help="skip measuring the single-core floor")
    parser.add_argument("--workers", type=int, help="NAPISHY_WORKERS (default: one per core)")
    parser.add_argument("--profile", type=int, metavar="LINES",
                        help="cProfile the parent's threads during the pass; print the LINES costliest functions")
    args = parser.parse_args()
    sources = source_letters(args.source)
    letters = bench_letters(args.source, args.letters)
    with (tempfile.TemporaryDirectory() as folder, dovecot.running() as server,
          database_url(args.database, Path(folder)) as url):
        work = Path(folder)
        appended = append_all(server, letters)
        app = (StubApp if args.stub_anonymizer else App)(settings_for(server, work, args.chunk, url, args.workers))
        app.database  # noqa: B018 - open and migrate outside the timed pass
        warm = time.perf_counter()
        # Model loading is start-up cost, not throughput: every source letter through every child
        # (lingua loads a language's models the first time a letter of its script asks, ~0.7 s each)
        with ThreadPoolExecutor(app.pipeline.width) as warming:
            list(warming.map(app.pipeline.anonymize, letters[: len(sources) * app.pipeline.width]))
        stored_signature("warm")  # near-duplicate signing imports datasketch, numpy, scipy: 0.7 s, once
        warm = time.perf_counter() - warm
        children = app.pipeline.anonymize.pids() if hasattr(app.pipeline.anonymize, "pids") else []
        before = (resource.getrusage(resource.RUSAGE_SELF), [cpu_seconds(p) for p in children], server_cpu(server))
        profiler = threadprofile.install() if args.profile else None
        started = time.perf_counter()
        summary = poll_once(app)[0]
        elapsed = time.perf_counter() - started
        if profiler is not None:
            print(threadprofile.report(profiler, args.profile))
        after = resource.getrusage(resource.RUSAGE_SELF)
        parent_cpu = after.ru_utime + after.ru_stime - before[0].ru_utime - before[0].ru_stime
        children_cpu = sum(cpu_seconds(p) for p in children) - sum(before[1])
        dovecot_cpu = server_cpu(server) - before[2]
        left = server.count("association")
        app.database.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(map(len, letters)) / len(letters)
    mode = "stub anonymizer" if args.stub_anonymizer else "full anonymizer"
    backend = url.split(":", 1)[0] + ("" if args.database in ("sqlite", "postgresql", "postgres") else " (given URL)")
    print(f"intake ({mode}, {backend}): {args.letters} letters from {len(sources)} sources,"
          f" mean {size / 1024:.1f} KiB, chunk {app.settings.fetch_chunk}")
    print(f"  appended in {appended:.2f} s; warm-up (model load, {app.pipeline.width} children) {warm:.2f} s")
    print(f"  {summary.line()}; {left} left in INBOX")
    print(f"  poll_once: {elapsed:.2f} s = {args.letters / elapsed:.0f} letters/s; peak RSS {peak_mb:.0f} MiB")
    print(phase_lines(summary, elapsed))
    per = 1000 / args.letters
    print(f"  CPU a letter (load-independent): parent {parent_cpu * per:.2f} ms, {len(children)} children"
          f" {children_cpu * per:.2f} ms, Dovecot {dovecot_cpu * per:.2f} ms; total"
          f" {(parent_cpu + children_cpu + dovecot_cpu) * per:.2f} ms"
          f" (200 letters/s on 2 cores needs at most 10 ms); children busy"
          f" {100 * children_cpu / max(1e-9, elapsed * max(1, len(children))):.0f} % of the pass;"
          f" load {os.getloadavg()[0]:.1f}")
    if not (args.stub_anonymizer or args.no_floor):
        seconds = floor.in_child(args.source, args.letters, ROOT / "examples")
        print(f"  single-core floor for the same letters, this run: {seconds:.2f} s;"
              f" poll_once takes {elapsed / seconds:.2f}x the floor")


if __name__ == "__main__":
    main()
