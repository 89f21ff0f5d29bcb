"""`napishy export publication|relatives`: what organisers hand to the public and to families."""

from __future__ import annotations

import argparse
from pathlib import Path

from napishy.cli.common import load_app


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="write the publication or the bundles for relatives")
    kinds = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)

    publication = kinds.add_parser("publication", help="letters.json, index.html and letters.md of approved letters")
    publication.add_argument("--out", type=Path, required=True, help="folder to write (replaced if an earlier export)")
    publication.add_argument("--force", action="store_true", help="export before the publication date")
    publication.set_defaults(handler=export_publication)

    relatives = kinds.add_parser("relatives", help="one printable bundle per attorney")
    relatives.add_argument("--out", type=Path, required=True, help="folder to write (replaced if an earlier export)")
    relatives.add_argument("--attorney", metavar="ID", help="only this attorney's bundle")
    relatives.add_argument("--passphrase-file", type=Path, metavar="F",
                           help="also write each bundle as an AES-256 zip with the passphrase in F")
    relatives.set_defaults(handler=export_relatives)


def export_publication(args: argparse.Namespace) -> int:
    from exports.publication import export_publication as export
    from exports.wording import attorney_names
    from processors.audit import current_operator

    app = load_app(args)
    summary = export(app.database, app.settings, attorney_names(app.roster.attorneys), args.out,
                     operator=current_operator(app.settings), force=args.force)
    note = f" — a DRAFT, BEFORE the publication date {summary.publication_date}" if summary.forced else ""
    print(f"wrote {_letters(summary.letters)} for {summary.attorneys} attorneys ({summary.images} images) "
          f"to {summary.out}{note}")
    return 0


def export_relatives(args: argparse.Namespace) -> int:
    from exports.relatives import export_relatives as export
    from exports.relatives import read_passphrase
    from exports.wording import attorney_names
    from processors.audit import current_operator

    passphrase = read_passphrase(args.passphrase_file) if args.passphrase_file else None
    app = load_app(args)
    bundles = export(app.database, app.settings, attorney_names(app.roster.attorneys), args.out,
                     operator=current_operator(app.settings), attorney=args.attorney, passphrase=passphrase)
    for bundle in bundles:
        zipped = f" and {bundle.attorney}.zip" if bundle.encrypted else ""
        print(f"{bundle.attorney}: {_letters(bundle.letters)} in {args.out / bundle.attorney}{zipped}")
    return 0


def _letters(n: int) -> str:
    return f"{n} letter" if n == 1 else f"{n} letters"
