"""`napishy export publication|relatives`: what organisers hand to the public and to families."""

from __future__ import annotations

import argparse
from pathlib import Path

from exports.languages import FAMILY_LANGUAGES
from napishy.cli.common import load_app


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="write the publication or the bundles for relatives")
    kinds = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)

    publication = kinds.add_parser("publication", help="letters.json, index.html and letters.md of approved letters")
    publication.add_argument("--out", type=Path, required=True, help="folder to write (replaced if an earlier export)")
    publication.add_argument("--force", action="store_true", help="export before the publication date")
    publication.set_defaults(handler=export_publication)

    relatives = kinds.add_parser("relatives", help="one encrypted PDF per attorney, for the families")
    relatives.add_argument("--out", type=Path, required=True, help="folder to write (replaced if an earlier export)")
    relatives.add_argument("--attorney", metavar="ID", help="only this attorney's PDF")
    relatives.add_argument("--passphrase-file", type=Path, metavar="F",
                           help="encrypt every PDF with the passphrase in F (default: a new one per family, printed)")
    relatives.add_argument("--language", choices=FAMILY_LANGUAGES,
                           help="the relatives' own language, beside Belarusian, on the cover and the note")
    relatives.add_argument("--force", action="store_true", help="make drafts before NAPISHY_RELATIVES_DATE")
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
    from exports import passphrases
    from exports.relatives import export_relatives as export
    from exports.wording import attorney_names
    from processors.audit import current_operator

    passphrase = passphrases.read(args.passphrase_file) if args.passphrase_file else None
    app = load_app(args)
    summary = export(app.database, app.settings, attorney_names(app.roster.attorneys), args.out,
                     operator=current_operator(app.settings), attorney=args.attorney, passphrase=passphrase,
                     language=args.language, force=args.force)
    for bundle in summary.bundles:
        secret = (f", passphrase {bundle.generated_passphrase} (tell it to the family by phone, never with the file)"
                  if bundle.generated_passphrase else f", passphrase from {args.passphrase_file}")
        print(f"{bundle.attorney}: {_letters(bundle.letters)} in {bundle.path}{secret}")
    note = " — DRAFTS, before NAPISHY_RELATIVES_DATE" if summary.draft else ""
    print(f"beside them: {summary.out / 'how-to-open.txt'}{note}")
    return 0


def _letters(n: int) -> str:
    return f"{n} letter" if n == 1 else f"{n} letters"
