"""One frozen, typed settings object, built once from the environment and `settings.env`.

No other module reads `os.environ`: the object is passed in, so tests build their own.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from foundation.errors import NapishyError

PREFIX = "NAPISHY_"
SECURITY_MODES = ("tls", "starttls", "plain")
_MAILBOX_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class SettingsError(NapishyError):
    """Raised at start-up when settings are missing or malformed; one line per problem."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class MailboxSettings:
    """Where one campaign mailbox lives and how to reach it."""

    id: str
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    security: str = "tls"
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    oversized_folder: str = "Oversized"
    ca_file: Path | None = None
    allow_plain_remote: bool = False

    @property
    def is_loopback(self) -> bool:
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host == "localhost"


@dataclass(frozen=True)
class Settings:
    """Everything napishy is configured with. Build with `Settings.load()`."""

    data_dir: Path
    database_url: str
    public_key_file: Path | None
    fingerprint_key_file: Path
    mailboxes: tuple[MailboxSettings, ...] = ()
    import_mailboxes: tuple[str, ...] = ()
    max_letter_bytes: int = 25 * 1024 * 1024
    mailbox_retention_days: int = 0
    fetch_chunk: int = 200  # letters per FETCH and per commit; chosen by bench/intake_bench.py (README)
    rescan_seconds: int = 180
    idle_seconds: int = 540
    stale_poll_seconds: int = 1800
    outage_grace_seconds: int = 0
    roster_file: Path | None = None
    operator: str = ""
    publication_date: dt.date | None = None
    relatives_date: dt.date | None = None  # None: the families' bundles may be made at any time
    publish_dates: str = "none"
    log_level: str = "INFO"
    isolate_anonymizer: bool = True
    letter_timeout_seconds: int = 60
    worker_memory_mb: int = 1536
    workers: int = 1  # anonymiser children; `from_mapping` defaults to one per core
    tesseract: str = "tesseract"
    require_ocr: bool = False
    key_passphrase: str | None = field(default=None, repr=False)
    web_tls_cert: Path | None = None
    web_tls_key: Path | None = None
    web_idle_minutes: int = 30
    claim_minutes: int = 30  # how long "I'm reviewing this" holds a letter without a decision
    web_hosts: tuple[str, ...] = ()
    web_password: str | None = field(default=None, repr=False)

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path("settings.env")) -> Settings:
        """Merge `settings.env` (lower priority) with the process environment (higher)."""
        values: dict[str, str] = {}
        if env_file is not None and env_file.exists():
            _check_env_file_permissions(env_file)
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        reader = _Reader(values)
        default = _Defaults(cls)  # each default is written once, on the field above
        data_dir = Path(reader.text("DATA_DIR", "./napishy-data")).expanduser().absolute()
        settings = cls(
            data_dir=data_dir,
            database_url=reader.text("DATABASE_URL", f"sqlite:///{data_dir / 'napishy.sqlite3'}"),
            public_key_file=reader.path("PUBLIC_KEY_FILE"),
            fingerprint_key_file=reader.path("FINGERPRINT_KEY_FILE") or data_dir / "fingerprint.key",
            mailboxes=tuple(_read_mailboxes(reader)),
            import_mailboxes=tuple(_mailbox_ids(reader, "IMPORT_MAILBOXES")),
            max_letter_bytes=reader.integer("MAX_LETTER_BYTES", default.max_letter_bytes, minimum=1024),
            mailbox_retention_days=reader.integer("MAILBOX_RETENTION_DAYS", default.mailbox_retention_days, minimum=0),
            fetch_chunk=reader.integer("FETCH_CHUNK", default.fetch_chunk, minimum=1),
            rescan_seconds=reader.integer("RESCAN_SECONDS", default.rescan_seconds, minimum=5),
            idle_seconds=reader.integer("IDLE_SECONDS", default.idle_seconds, minimum=5, maximum=600),
            stale_poll_seconds=reader.integer("STALE_POLL_SECONDS", default.stale_poll_seconds, minimum=60),
            outage_grace_seconds=reader.integer("OUTAGE_GRACE_SECONDS", default.outage_grace_seconds, minimum=0),
            roster_file=reader.path("ROSTER"),
            operator=reader.text("OPERATOR", default.operator),
            publication_date=reader.date("PUBLICATION_DATE"),
            relatives_date=reader.date("RELATIVES_DATE"),
            publish_dates=reader.choice("PUBLISH_DATES", default.publish_dates, ("none", "day")),
            log_level=reader.choice("LOG_LEVEL", default.log_level, ("DEBUG", "INFO", "WARNING", "ERROR")),
            key_passphrase=reader.raw("KEY_PASSPHRASE"),
            isolate_anonymizer=reader.boolean("ISOLATE_ANONYMIZER", default.isolate_anonymizer),
            letter_timeout_seconds=reader.integer("LETTER_TIMEOUT_SECONDS", default.letter_timeout_seconds, minimum=1),
            worker_memory_mb=reader.integer("WORKER_MEMORY_MB", default.worker_memory_mb, minimum=256),
            workers=reader.integer("WORKERS", len(os.sched_getaffinity(0)), minimum=1, maximum=64),
            tesseract=reader.text("TESSERACT", default.tesseract),
            require_ocr=reader.boolean("REQUIRE_OCR", default.require_ocr),
            web_tls_cert=reader.path("WEB_TLS_CERT"),
            web_tls_key=reader.path("WEB_TLS_KEY"),
            web_idle_minutes=reader.integer("WEB_IDLE_MINUTES", default.web_idle_minutes, minimum=1, maximum=24 * 60),
            claim_minutes=reader.integer("CLAIM_MINUTES", default.claim_minutes, minimum=1, maximum=24 * 60),
            web_hosts=tuple(h.strip().lower() for h in reader.text("WEB_HOSTS", "").split(",") if h.strip()),
            web_password=reader.raw("WEB_PASSWORD"),
        )
        if (settings.web_tls_cert is None) != (settings.web_tls_key is None):
            reader.problems.append(f"{PREFIX}WEB_TLS_CERT and {PREFIX}WEB_TLS_KEY: set both or neither")
        reader.raise_problems()
        return settings

    def mailbox(self, mailbox_id: str) -> MailboxSettings | None:
        return next((m for m in self.mailboxes if m.id == mailbox_id), None)

    def known_mailboxes(self) -> tuple[str, ...]:
        """Every mailbox id letters may belong to: the IMAP ones and those only imported into."""
        return tuple(dict.fromkeys([*(m.id for m in self.mailboxes), *self.import_mailboxes]))


def _check_env_file_permissions(path: Path) -> None:
    """A settings file holding passwords must not be readable by other users of the host."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRGRP | stat.S_IROTH) and "PASSWORD" in path.read_text(errors="replace"):
        raise SettingsError([f"{path}: holds a password but is readable by others; run chmod 600 {path}"])


class _Defaults:
    """The dataclass's own field defaults, read by attribute, so `from_mapping` repeats none of them."""

    def __init__(self, settings: type[Any]) -> None:
        self._values = {f.name: f.default for f in fields(settings) if f.default is not MISSING}

    def __getattr__(self, name: str) -> Any:
        return self._values[name]


class _Reader:
    """Reads typed values and collects every problem, so start-up reports them all at once."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.problems: list[str] = []

    def raw(self, key: str) -> str | None:
        value = self.values.get(PREFIX + key)
        return value.strip() if value is not None and value.strip() != "" else None

    def text(self, key: str, default: str) -> str:
        return self.raw(key) or default

    def required(self, key: str) -> str:
        value = self.raw(key)
        if value is None:
            self.problems.append(f"{PREFIX}{key}: missing")
            return ""
        return value

    def path(self, key: str) -> Path | None:
        value = self.raw(key)
        return Path(value).expanduser() if value else None

    def integer(self, key: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.raw(key)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            self.problems.append(f"{PREFIX}{key}: {value!r} is not a whole number")
            return default
        if number < minimum or (maximum is not None and number > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.problems.append(f"{PREFIX}{key}: {number} must be {bound}")
            return default
        return number

    def choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self.raw(key)
        if value is None:
            return default
        for option in allowed:
            if value.lower() == option.lower():
                return option
        self.problems.append(f"{PREFIX}{key}: {value!r} is not one of {', '.join(allowed)}")
        return default

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        self.problems.append(f"{PREFIX}{key}: {value!r} is not yes or no")
        return default

    def date(self, key: str) -> dt.date | None:
        value = self.raw(key)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problems.append(f"{PREFIX}{key}: {value!r} is not a date like 2027-05-21")
            return None

    def raise_problems(self) -> None:
        if self.problems:
            raise SettingsError(self.problems)


def _mailbox_ids(reader: _Reader, key: str) -> list[str]:
    ids = []
    for part in (reader.raw(key) or "").split(","):
        mailbox_id = part.strip().lower()
        if not mailbox_id:
            continue
        if _MAILBOX_ID.match(mailbox_id):
            ids.append(mailbox_id)
        else:
            reader.problems.append(f"{PREFIX}{key}: {mailbox_id!r} is not a valid id (a-z, 0-9, _)")
    return ids


def _read_mailboxes(reader: _Reader) -> list[MailboxSettings]:
    mailboxes = []
    default = _Defaults(MailboxSettings)
    for mailbox_id in _mailbox_ids(reader, "MAILBOXES"):
        key = f"MAILBOX_{mailbox_id.upper()}_"
        security = reader.choice(key + "SECURITY", default.security, SECURITY_MODES)
        default_port = {"tls": 993, "starttls": 143, "plain": 143}[security]
        mailbox = MailboxSettings(
            id=mailbox_id,
            host=reader.required(key + "HOST"),
            port=reader.integer(key + "PORT", default_port, minimum=1, maximum=65535),
            user=reader.required(key + "USER"),
            password=reader.required(key + "PASSWORD"),
            security=security,
            folder=reader.text(key + "FOLDER", default.folder),
            processed_folder=reader.text(key + "PROCESSED_FOLDER", default.processed_folder),
            oversized_folder=reader.text(key + "OVERSIZED_FOLDER", default.oversized_folder),
            ca_file=reader.path(key + "CA_FILE"),
            allow_plain_remote=reader.boolean(key + "ALLOW_PLAIN_REMOTE", default.allow_plain_remote),
        )
        if mailbox.security == "plain" and not mailbox.is_loopback and not mailbox.allow_plain_remote:
            reader.problems.append(
                f"{PREFIX}{key}SECURITY: plain IMAP to a non-loopback host sends the password in the clear;"
                f" set {PREFIX}{key}ALLOW_PLAIN_REMOTE=yes if you really mean it"
            )
        mailboxes.append(mailbox)
    return mailboxes
