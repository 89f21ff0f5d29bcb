"""Web console accounts on the `users` table: add, list, remove, and check a login."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import select

from anonymizer.vocabulary import ROLES
from foundation.errors import NapishyError, NotFound
from foundation.storage.database import Database
from foundation.storage.models import User
from processors.passwords import DUMMY_HASH, check_password, hash_password

MIN_PASSWORD = 12
# Account names show up in the audit log: keep them plain, short and free of anything odd.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class UserError(NapishyError):
    """Raised for a bad account name, role or password, or an account that already exists."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created_on: dt.date
    nonce: str = ""  # changes when the account is re-created (a password reset): see `session_nonce`


def session_nonce(password_hash: str) -> str:
    """What a session is bound to: derived from the stored hash, whose salt is new on every
    `users add`, so removing and re-adding an account (the way to reset a password) ends every
    session opened before. Not secret: it only has to change."""
    return hashlib.sha256(b"napishy session nonce\0" + password_hash.encode()).hexdigest()[:32]


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise UserError(f"{name!r} is not a valid account name (letters, digits, . _ -; at most 64)")
    return name


def check_new_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is shorter than {MIN_PASSWORD} characters")
    return password


def add_user(database: Database, name: str, role: str, password: str) -> Account:
    """Create an account; refuses an existing name rather than silently resetting its password."""
    check_name(name)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    password_hash = hash_password(check_new_password(password))
    with database.session() as session:
        if session.get(User, name) is not None:
            raise UserError(f"an account {name} already exists; remove it first to replace it")
        user = User(name=name, role=role, password_hash=password_hash, created_on=dt.date.today())
        session.add(user)
    return Account(name, role, user.created_on)


def list_users(database: Database) -> list[Account]:
    with database.session() as session:
        return [Account(u.name, u.role, u.created_on) for u in session.scalars(select(User).order_by(User.name))]


def remove_user(database: Database, name: str) -> None:
    with database.session() as session:
        user = session.get(User, name)
        if user is None:
            raise NotFound(f"no account {name}")
        session.delete(user)


def count_users(database: Database) -> int:
    return len(list_users(database))


def authenticate(database: Database, name: str, password: str) -> Account | None:
    """The account when the password matches; the same work is done for an unknown name."""
    with database.session() as session:
        user = session.get(User, name) if _NAME.match(name) else None
        stored = user.password_hash if user is not None else DUMMY_HASH
        account = (Account(user.name, user.role, user.created_on, session_nonce(user.password_hash))
                   if user is not None else None)
    if not check_password(password, stored) or account is None:
        return None
    return account


def role_of(database: Database, name: str) -> str | None:
    """The account's current role, or None once it was removed (`napishy users remove` in another process)."""
    found = current_account(database, name)
    return found[0] if found else None


def current_account(database: Database, name: str) -> tuple[str, str] | None:
    """The account's role and session nonce now, or None once it was removed."""
    with database.session() as session:
        user = session.get(User, name)
        return (user.role, session_nonce(user.password_hash)) if user is not None else None
