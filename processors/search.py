"""Full-text search over the anonymised text, one condition for SQLite and PostgreSQL alike.

Every word of the query must occur in the text, in any case: operators type "максім" and expect
"Максім". Neither database folds non-ASCII case on its own (SQLite's LIKE and lower() are
ASCII-only; PostgreSQL's depend on the cluster's locale, often C), so the text is lowered by
Python's str.lower on SQLite (a function each connection registers, see storage.database) and by
ICU on PostgreSQL (the "und-x-icu" collation initdb creates), and the words by str.lower here.
A substring match, not FTS: it finds parts of words ("Мінск" in "Мінску"), which inflected
languages need, and at 10,000 letters a scan is well inside the queue's time budget.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import String

from napishy.storage.database import SQLITE_LOWER

MAX_QUERY = 200  # characters; a longer query is cut, never an error
MAX_WORDS = 8


def words(query: str) -> list[str]:
    """The distinct lowered words of a search box, at most MAX_WORDS of them."""
    return list(dict.fromkeys(query[:MAX_QUERY].lower().split()))[:MAX_WORDS]


class _Lowered(FunctionElement[str]):
    """lower(text) with Unicode case rules on either database."""

    type = String()
    inherit_cache = True


@compiles(_Lowered)
def _lowered_default(element: _Lowered, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(_Lowered, "sqlite")
def _lowered_sqlite(element: _Lowered, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_LOWER}({compiler.process(element.clauses, **kw)})"


@compiles(_Lowered, "postgresql")
def _lowered_postgresql(element: _Lowered, compiler: Any, **kw: Any) -> str:
    return f'lower(({compiler.process(element.clauses, **kw)}) COLLATE "und-x-icu")'


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_matches(column: ColumnElement[str], query: str) -> ColumnElement[bool]:
    """True where `column` holds every word of `query` (case-insensitive); true everywhere for
    an empty query."""
    found = words(query)
    if not found:
        return literal(True)
    lowered = _Lowered(column)
    return and_(*(lowered.like(_like_pattern(word), escape="\\") for word in found))
