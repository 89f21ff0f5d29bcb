"""SQLAlchemy models. No column holds a sender identifier in plaintext.

What a letter keeps: the anonymised text, its classification, the *day* it arrived, a keyed
fingerprint for dedupe, and a sealed original only the offline key can open.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from anonymizer.vocabulary import Status

_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o/1/l: ids are read aloud and typed


def new_letter_id() -> str:
    """A random opaque id: it must not reveal arrival order the way a counter would."""
    # 32 letters: the low five bits of a random byte pick one without bias (256 = 8 × 32), and one
    # read of the system's random source serves the whole id (intake makes several per letter).
    return "".join(_ID_ALPHABET[byte & 31] for byte in secrets.token_bytes(12))


def random_row_id() -> int:
    """A random key for rows a counter would number in the order letters arrived (attachments,
    revisions): with the provider's logs, that order ties a stored letter to a time of sending.
    31 bits, PostgreSQL's `integer`; a clash is an integrity error the pipeline retries."""
    return secrets.randbelow(2**31 - 2) + 1


class Base(DeclarativeBase):
    pass


class Letter(Base):
    __tablename__ = "letters"

    id: Mapped[str] = mapped_column(String(16), primary_key=True, default=new_letter_id)
    mailbox: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default=Status.PENDING.value)
    kind: Mapped[str] = mapped_column(String(16), default="letter")
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8), default="")
    received_on: Mapped[dt.date] = mapped_column(Date)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    redactions: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    defects: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Words the anonymised text keeps although they looked like names or numbers (a listed place,
    # a public figure, a large amount), for an operator to look at twice. They are in `text`
    # already, so keeping them reveals nothing more. The server default fills rows made before 0004.
    checks: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    quarantine_reason: Mapped[str | None] = mapped_column(String(200))
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    publication_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Near-duplicates (processors.likeness): the MinHash signature of the anonymised text (None
    # without one: quarantined, empty), and the group of letters nearly the same as this one, a
    # random id shared by the group (None when no other letter is alike). From 0006.
    likeness: Mapped[bytes | None] = mapped_column(LargeBinary)
    near_group: Mapped[str | None] = mapped_column(String(16), index=True)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads a plain dict

    sealed: Mapped[SealedOriginal] = relationship(back_populates="letter", cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="Attachment.position"
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="Revision.number"
    )


class LikenessBand(Base):
    """One LSH band key of a letter's signature: letters sharing a key are compared (processors.near_duplicates).

    The key is a hash, so the primary key (band, letter) orders rows by chance: on SQLite the table
    has no rowid, which would otherwise number the rows in the order letters arrived; PostgreSQL's
    heap is rewritten in random order like the other tables (storage.reshuffle)."""

    __tablename__ = "likeness_bands"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 - SQLAlchemy reads a plain dict

    band: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class SealedOriginal(Base):
    """The raw message, encrypted to the organisers' public key; `key_id` names that key."""

    __tablename__ = "sealed_originals"

    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), index=True)
    blob: Mapped[bytes] = mapped_column(LargeBinary)

    letter: Mapped[Letter] = relationship(back_populates="sealed")


class Attachment(Base):
    """A cleaned image, rebuilt from pixels; documents never get here, only their text does."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, default=random_row_id)
    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # What OCR made of it ("" for images stored before 0005, never read), the text it read with
    # identifiers already replaced by markers (a draft for the operator), and why it may never be
    # published. `approved`: an operator chose to publish this image; nothing else publishes it.
    ocr_status: Mapped[str] = mapped_column(String(16), default="", server_default="")
    ocr_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    withheld_reason: Mapped[str | None] = mapped_column(String(200))
    approved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    letter: Mapped[Letter] = relationship(back_populates="attachments")


class Revision(Base):
    """An earlier or edited text of a letter; operators' edits never overwrite history."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, default=random_row_id)
    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    created_on: Mapped[dt.date] = mapped_column(Date)

    letter: Mapped[Letter] = relationship(back_populates="revisions")


class Claim(Base):
    """"I'm reviewing this": one operator holds a pending letter until `expires_at` or a decision,
    so two operators walking the same queue do not read and decide the same letter."""

    __tablename__ = "claims"

    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True)
    operator: Mapped[str] = mapped_column(String(64), index=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Seen(Base):
    """An operator has opened this letter (seen/unseen, per operator, like a mail client's)."""

    __tablename__ = "seen"
    __table_args__ = (PrimaryKeyConstraint("letter_id", "operator"),)

    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"))
    operator: Mapped[str] = mapped_column(String(64))


class Note(Base):
    """An internal note between operators about a letter. Never exported, never in `show --json`;
    checked for identifiers before it is stored (processors.notes), so it is no side channel."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, default=random_row_id)
    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)


class MailboxState(Base):
    """Per-mailbox bookkeeping: UIDVALIDITY and health, never anything about a letter."""

    __tablename__ = "mailbox_state"

    mailbox: Mapped[str] = mapped_column(String(32), primary_key=True)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_poll_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(200))
    last_error_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Lease(Base):
    """A named lock with an expiry, so two services never fetch the same mailbox at once."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """One operator action, chained by hash to the one before; never any letter content."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    operator: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    letter_id: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(200), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class User(Base):
    """A web console account. Only a scrypt hash of the password is kept; organisers may also export."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[dt.date] = mapped_column(Date)


class DeploymentCheck(Base):
    """Values every service on one database must agree on, kept as checks that reveal nothing.

    E.g. an HMAC of a constant under the fingerprint key: two services with different key files
    would silently store a letter twice, so the second one refuses to start instead."""

    __tablename__ = "deployment_checks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
