"""Wiring: turns settings into the objects commands use. Built lazily so cheap commands stay cheap."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from foundation.settings import Settings
from foundation.storage.files import ensure_private_dir

if TYPE_CHECKING:  # imported lazily at run time so that `napishy queue` starts fast
    from anonymizer.attachments.ocr import OcrConfig
    from anonymizer.roster import Roster
    from foundation.storage.database import Database
    from foundation.storage.reader import Source
    from foundation.vault import Sealer
    from processors.pipeline import Anonymize, Pipeline

log = logging.getLogger(__name__)


class App:
    """Holds the settings and builds each collaborator once, on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @functools.cached_property
    def data_dir(self) -> Path:
        return ensure_private_dir(self.settings.data_dir)

    @functools.cached_property
    def database(self) -> Database:
        from foundation.filelock import private_file_lock
        from foundation.storage.database import Database

        database = Database(self.settings.database_url, data_dir=self.data_dir,
                            attorney_ids=lambda: [a.id for a in self.roster.attorneys])
        if database.is_sqlite:
            # One machine, one file: migrating on start is convenient. The lock makes two processes
            # started at once on a fresh data dir migrate one after the other, not both at once.
            with private_file_lock(self.data_dir / "napishy.lock"):
                database.upgrade()
        else:
            database.require_head()  # shared database: migrations are an explicit step
        return database

    @functools.cached_property
    def reader(self) -> Source:
        """What the read-only commands read through: a SQLite file already at the current schema by
        the standard library alone (no SQLAlchemy to import, so they start in well under 0.2 s),
        anything else through `database`, which migrates an older SQLite file first."""
        from foundation.storage.reader import open_sqlite

        reader = open_sqlite(self.settings.database_url, self.data_dir)
        return reader if reader is not None else self.database

    @functools.cached_property
    def sealer(self) -> Sealer:
        from foundation.vault import Sealer

        return Sealer.from_file(self.settings.public_key_file)

    @functools.cached_property
    def roster(self) -> Roster:
        from anonymizer.roster import Roster, default_roster

        path = self.settings.roster_file
        if path is None:
            return default_roster()
        from foundation.errors import NapishyError

        try:
            return Roster.from_json(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise NapishyError(f"NAPISHY_ROSTER: cannot read {path}: {error.strerror}") from None
        except ValueError as error:
            raise NapishyError(f"NAPISHY_ROSTER: {path}: {error}") from None

    @functools.cached_property
    def ocr(self) -> OcrConfig:
        """How images are read: within half the letter's time limit, so a letter of many images
        ends with its unread images withheld rather than quarantined whole."""
        from anonymizer.attachments.ocr import OcrConfig

        budget = min(30.0, self.settings.letter_timeout_seconds / 2)
        return OcrConfig(binary=self.settings.tesseract, image_timeout=min(20.0, budget), letter_budget=budget,
                         required=self.settings.require_ocr)

    def anonymize_function(self) -> Anonymize:
        """The anonymiser as the pipeline calls it: in a capped child process unless told otherwise."""
        roster, ocr = self.roster, self.ocr
        if self.settings.isolate_anonymizer:
            from processors.sandbox import Limits, shared_isolated_anonymizer

            limits = Limits(self.settings.letter_timeout_seconds, self.settings.worker_memory_mb * 1024 * 1024)
            return shared_isolated_anonymizer(roster, limits, ocr, self.settings.workers)
        from anonymizer.letter import anonymize

        return lambda raw: anonymize(raw, roster, ocr)

    @functools.cached_property
    def pipeline(self) -> Pipeline:
        from foundation.fingerprint import Fingerprinter, ensure_same_key, load_or_create_key
        from processors.pipeline import Pipeline

        key = load_or_create_key(self.settings.fingerprint_key_file)
        ensure_same_key(self.database, key, self.settings.fingerprint_key_file)
        from processors.near_duplicates import backfill

        signed = backfill(self.database)  # letters stored before signatures existed: once, then nothing
        if signed:
            log.info("signed and grouped %d letters stored before near-duplicate grouping", signed)
        return Pipeline(self.database, self.sealer, Fingerprinter(key), self.anonymize_function())
