"""Full-text search over the anonymised text, one condition for SQLite and PostgreSQL alike.

Every word of the query must occur in the text, in any case: operators type "максім" and expect
"Максім". Neither database folds non-ASCII case on its own (SQLite's LIKE and lower() are
ASCII-only; PostgreSQL's depend on the cluster's locale, often C), so the text is lowered by
Python's str.lower on SQLite (a function each connection registers, see storage.database) and by
ICU on PostgreSQL (the "und-x-icu" collation initdb creates), and the words by str.lower here.
A word is a plain substring (instr/strpos, not LIKE), so "%" and "_" mean themselves.
A substring match, not FTS: it finds parts of words ("Мінск" in "Мінску"), which inflected
languages need, and at 10,000 letters a scan is well inside the queue's time budget.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Boolean, Integer, String

from anonymizer.vocabulary import ALL_MARKERS
from foundation.storage.database import SQLITE_CONTAINS, SQLITE_MARKERS

MAX_QUERY = 200  # characters; a longer query is cut, never an error
MAX_WORDS = 8


def words(query: str) -> list[str]:
    """The distinct lowered words of a search box, at most MAX_WORDS of them."""
    return list(dict.fromkeys(query[:MAX_QUERY].lower().split()))[:MAX_WORDS]


class _Contains(FunctionElement[bool]):
    """(text, lowered word): the word occurs in the text, in any case, on either database."""

    type = Boolean()
    inherit_cache = True


@compiles(_Contains)
def _contains_default(element: _Contains, compiler: Any, **kw: Any) -> str:
    text, word = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"instr(lower({text}), {word}) > 0"


@compiles(_Contains, "sqlite")
def _contains_sqlite(element: _Contains, compiler: Any, **kw: Any) -> str:
    text, word = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{SQLITE_CONTAINS}({text}, {word}) = 1"


@compiles(_Contains, "postgresql")
def _contains_postgresql(element: _Contains, compiler: Any, **kw: Any) -> str:
    text, word = (compiler.process(clause, **kw) for clause in element.clauses)
    return f'strpos(lower(({text}) COLLATE "und-x-icu"), {word}) > 0'


class MarkerCount(FunctionElement[int]):
    """The redaction markers in a text: a Python regex on SQLite (one pass), on PostgreSQL the
    length lost by removing each marker (C, fast enough there)."""

    type = Integer()
    inherit_cache = True


@compiles(MarkerCount)
def _markers_default(element: MarkerCount, compiler: Any, **kw: Any) -> str:
    text = compiler.process(element.clauses, **kw)
    parts = [f"(length({text}) - length(replace({text}, '[{m}]', ''))) / {len(m) + 2}" for m in ALL_MARKERS]
    return "(" + " + ".join(parts) + ")"


@compiles(MarkerCount, "sqlite")
def _markers_sqlite(element: MarkerCount, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_MARKERS}({compiler.process(element.clauses, **kw)})"


def text_matches(column: ColumnElement[str] | QueryableAttribute[str], query: str) -> ColumnElement[bool]:
    """True where `column` holds every word of `query` (case-insensitive); true everywhere for
    an empty query."""
    found = words(query)
    if not found:
        return literal(True)
    return and_(*(_Contains(column, literal(word, String())) for word in found))
