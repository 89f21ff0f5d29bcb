"""`napishy import`, `anonymize`, `open` and `retry`: commands that read whole letters."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from anonymizer.vocabulary import Status
from foundation.errors import NapishyError
from napishy.cli.common import load_app, load_settings, passphrase, print_json

if TYPE_CHECKING:
    from foundation.source import Outcome, RawLetter

# Letters read into the pipeline at a time: a batch is committed as one group (or a few, if slow),
# so long batches mean few commits; the bytes bound keeps memory flat for big letters.
IMPORT_BATCH = 500
IMPORT_BATCH_BYTES = 32 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:
    importer = subparsers.add_parser("import", help="import an mbox, a Maildir or a folder of .eml files")
    importer.add_argument("path", type=Path)
    importer.add_argument("--mailbox", required=True, help="campaign mailbox id the letters belong to")
    importer.set_defaults(handler=import_letters)

    anonymize = subparsers.add_parser("anonymize", help="anonymise .eml files; no database, no network")
    anonymize.add_argument("files", nargs="+", type=Path)
    anonymize.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    anonymize.add_argument("--explain", action="store_true", help="show each redaction with its reason")
    anonymize.set_defaults(handler=anonymize_files)

    opener = subparsers.add_parser("open", help="decrypt a sealed original with the offline private key")
    opener.add_argument("id")
    opener.add_argument("--private-key", type=Path, required=True)
    opener.add_argument("--out", type=Path, required=True)
    opener.set_defaults(handler=open_original)

    retry = subparsers.add_parser("retry", help="re-process a quarantined letter from its sealed original")
    retry.add_argument("ids", nargs="+", metavar="ID")
    retry.add_argument("--private-key", type=Path, required=True)
    retry.set_defaults(handler=retry_letters)


def import_letters(args: argparse.Namespace) -> int:
    from intake.files import FileSource

    app = load_app(args, create=True)
    known = app.settings.known_mailboxes()
    if args.mailbox not in known:
        configured = f"configured: {', '.join(known)}" if known else "none is configured"
        raise NapishyError(f"unknown mailbox {args.mailbox!r} ({configured}); "
                           "add it to NAPISHY_MAILBOXES or NAPISHY_IMPORT_MAILBOXES")
    source = FileSource(args.path, args.mailbox)
    pipeline = app.pipeline
    counts: Counter[str] = Counter()
    with _progress(source.count()) as bar:
        def committed(group: Sequence[Outcome]) -> None:
            counts.update(o.result for o in group)
            bar.update(len(group))

        def batches() -> Iterator[list[RawLetter]]:
            """Read as the pipeline asks: the pool anonymises one batch while the one before commits."""
            batch: list[RawLetter] = []
            size = 0
            for letter in source:
                batch.append(letter)
                size += len(letter.data)
                if len(batch) >= IMPORT_BATCH or size >= IMPORT_BATCH_BYTES:
                    yield batch
                    batch, size = [], 0
            if batch:
                yield batch

        pipeline.process_stream(batches(), on_commit=committed)
    total = sum(counts.values())
    print(
        f"imported {total} letters into {args.mailbox}: {counts['stored']} stored, "
        f"{counts['duplicate']} duplicates, {counts['quarantined']} quarantined, "
        f"{source.skipped} other files skipped"
    )
    return 0


def _progress(total: int | None):  # noqa: ANN202 - tqdm's type is noisy and optional here
    from tqdm import tqdm

    return tqdm(total=total, unit="letter", disable=not sys.stderr.isatty(), file=sys.stderr)


def anonymize_files(args: argparse.Namespace) -> int:
    from anonymizer.errors import AnonymizerError
    from anonymizer.letter import anonymize
    from napishy.app import App

    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise NapishyError(f"no such file: {', '.join(missing)}")
    app = App(load_settings(args))
    roster, ocr = app.roster, app.ocr  # images read as the service reads them (NAPISHY_TESSERACT, _REQUIRE_OCR)
    failures = 0
    for path in args.files:
        try:
            result = anonymize(path.read_bytes(), roster, ocr)
        except AnonymizerError as error:
            failures += 1
            if args.json:
                print_json(
                    {
                        "file": str(path),
                        "error": str(error),
                        "text": "",
                        "recipients": [],
                        "language": "",
                        "kind": "empty",
                        "attachments": [],
                        "redactions": {},
                    }
                )
            else:
                print(f"{path}: cannot anonymise: {error}", file=sys.stderr)
            continue
        if args.json:
            print_json(result.to_json())
        else:
            _print_human(path, result, explain=args.explain)
    return 1 if failures else 0


def _print_human(path: Path, result: object, *, explain: bool) -> None:
    from anonymizer.model import AnonymizedLetter

    assert isinstance(result, AnonymizedLetter)  # noqa: S101 - narrowing for the type checker
    print(f"== {path}  kind={result.kind} language={result.language} to={','.join(result.recipients) or '-'}")
    print(result.text)
    for image in result.attachments:
        decision = f"WITHHELD: {image.withheld_reason}" if image.withheld_reason else "for the operator to decide"
        print(f"{image.name} ({image.content_type}): OCR {image.ocr_status or 'not run'}; {decision}")
        print("".join(f"  | {line}\n" for line in image.ocr_text.splitlines()), end="")
    if explain:
        print("-- redactions (shown because you ran --explain on a file you hold):")
        for span in result.spans:
            print(f"  {span.marker:<10} {span.kind:<10} {span.reason:<24} {span.original!r}")
    if result.checks:
        print("-- check (kept, but looked like a name or a number): " + ", ".join(result.checks))
    print()


def open_original(args: argparse.Namespace) -> int:
    from foundation.storage.models import Letter
    from foundation.vault import Opener

    app = load_app(args)
    opener = Opener.from_file(args.private_key, passphrase(app.settings))
    with app.database.session() as session:
        letter = session.get(Letter, args.id)
        if letter is None:
            raise NapishyError(f"no letter {args.id}")
        if letter.sealed is None:
            raise NapishyError(f"letter {args.id} has no sealed original (it was never downloaded)")
        blob = letter.sealed.blob
    original = opener.open(blob)
    args.out.write_bytes(original)
    from processors import audit

    # Who read a sender's original, and when: the most sensitive thing napishy lets anyone do.
    audit.record_now(app.database, audit.current_operator(app.settings), "open", args.id, "sealed original opened")
    print(f"wrote {len(original)} bytes to {args.out}")
    return 0


def retry_letters(args: argparse.Namespace) -> int:
    from processors.retry import retry

    app = load_app(args)
    from foundation.vault import Opener

    opener = Opener.from_file(args.private_key, passphrase(app.settings))
    failed = 0
    for letter_id in args.ids:
        status, reason = retry(app.database, opener, app.anonymize_function(), letter_id)
        print(f"{letter_id}: {status}" + (f" ({reason})" if reason else ""))
        failed += status == Status.QUARANTINED
    return 1 if failed else 0
