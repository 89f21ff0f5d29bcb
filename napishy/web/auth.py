"""Sessions, CSRF tokens and the login rate limiter of the web console.

Everything here lives in memory on purpose: a restart logs everyone out, and nothing about an
operator's visit (least of all an IP address) is ever written to disk.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from anonymizer.vocabulary import Role

MAX_TRACKED = 10_000
MAX_SESSION_SECONDS = 12 * 3600  # even an active session ends after a working day
Clock = Callable[[], float]


@dataclass
class Session:
    """One logged-in browser. `csrf` is sent back in every form and compared on every POST."""

    user: str
    role: str
    created: float
    last_seen: float
    nonce: str = ""  # the account's nonce at login (`processors.accounts.session_nonce`); compared on every request
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    flashes: list[tuple[str, str]] = field(default_factory=list)

    def check_csrf(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.csrf.encode())

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER


class SessionStore:
    """Sessions keyed by a hash of the cookie value, so a memory dump holds no usable cookie."""

    def __init__(self, idle_seconds: int, clock: Clock = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def create(self, user: str, role: str, nonce: str = "") -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(user, role, now, now, nonce)
        with self._lock:
            self._sessions[self._key(token)] = session
        return token, session

    def get(self, token: str | None) -> Session | None:
        """The live session for a cookie, touched; expired ones are dropped on sight."""
        if not token:
            return None
        now = self.clock()
        with self._lock:
            key = self._key(token)
            session = self._sessions.get(key)
            if session is None:
                return None
            if now - session.last_seen > self.idle_seconds or now - session.created > MAX_SESSION_SECONDS:
                del self._sessions[key]
                return None
            session.last_seen = now
            return session

    def end(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._sessions.pop(self._key(token), None)

    def end_user(self, user: str) -> None:
        """Log a removed account out everywhere."""
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.user == user]:
                del self._sessions[key]


class LoginLimiter:
    """Failed logins per account name, answered with a growing wait, never a lock-out.

    Keyed on the name, not the client: every operator on an SSH tunnel is 127.0.0.1, so a client
    limit would let anyone lock everyone out with made-up names. After `free` failures each one
    doubles the wait before the next attempt at that name (1 s, 2 s, … at most `max_delay`), so
    guessing stays slow while someone else's wrong guesses cost the real operator seconds, not a
    quarter of an hour. A name is forgotten `window` seconds after its last failure, or at a
    successful login. Names are kept only as keyed hashes (the key dies with the process)."""

    def __init__(self, *, free: int = 3, max_delay: float = 60.0, window: float = 900.0,
                 clock: Clock = time.monotonic) -> None:
        self.free, self.max_delay, self.window, self.clock = free, max_delay, window, clock
        self._key = secrets.token_bytes(32)
        self._failures: dict[str, tuple[int, float]] = {}  # name key -> (failures, time of the last)
        self._lock = threading.Lock()

    def _name_key(self, name: str) -> str:
        return hmac.new(self._key, b"name:" + name.casefold().encode(), hashlib.sha256).hexdigest()

    def _delay(self, failures: int) -> float:
        return 0.0 if failures < self.free else min(self.max_delay, 2.0 ** (failures - self.free))

    def retry_after(self, name: str) -> float:
        """Seconds until an attempt at `name` is heard again; 0 when it is heard now."""
        now = self.clock()
        with self._lock:
            found = self._failures.get(self._name_key(name))
            if found is None:
                return 0.0
            failures, last = found
            if now - last > self.window:
                del self._failures[self._name_key(name)]
                return 0.0
            return max(0.0, last + self._delay(failures) - now)

    def blocked(self, name: str) -> bool:
        return self.retry_after(name) > 0

    def failed(self, name: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) > MAX_TRACKED:  # a flood of made-up names must not grow memory forever
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] <= self.window}
            key = self._name_key(name)
            failures, last = self._failures.get(key, (0, now))
            if now - last > self.window:
                failures = 0
            self._failures[key] = (failures + 1, now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(self._name_key(name), None)
