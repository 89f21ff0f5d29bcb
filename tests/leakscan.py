"""The check every storing test ends with: planted sender identifiers appear nowhere at rest."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def _variants(identifier: str) -> set[bytes]:
    forms = {identifier, identifier.lower(), identifier.upper(), identifier.casefold()}
    # surrogateescape: a header parsed from undeclared 8-bit bytes maps back to those bytes
    return {
        f.encode(enc, errors)
        for f in forms
        for enc, errors in (("utf-8", "surrogateescape"), ("utf-16-le", "surrogatepass"))
    }


def find_leaks(identifiers: Iterable[str], paths: Iterable[Path], texts: Iterable[str] = ()) -> list[str]:
    """Return 'identifier in place' for every hit in any file under `paths` or in `texts`."""
    needles = {ident: _variants(ident) for ident in identifiers if ident}
    hits = []
    files = []
    for root in paths:
        files.extend([root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()])
    for path in files:
        content = path.read_bytes()
        lowered = content.lower()
        for ident, variants in needles.items():
            if any(v in content or v.lower() in lowered for v in variants):
                hits.append(f"{ident!r} in {path}")
    for index, text in enumerate(texts):
        for ident in needles:
            if ident.casefold() in text.casefold():
                hits.append(f"{ident!r} in captured text #{index}")
    return hits


def assert_no_leaks(identifiers: Iterable[str], paths: Iterable[Path], texts: Iterable[str] = ()) -> None:
    hits = find_leaks(identifiers, paths, texts)
    assert not hits, "sender identifiers found at rest:\n" + "\n".join(hits)


def database_texts(url: str) -> list[str]:
    """Every row of every table as text (blobs decoded loosely), so a scan covers PostgreSQL too."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url)
    texts = []
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(select(table)):
                    for value in row:
                        if isinstance(value, bytes | memoryview):
                            texts.append(bytes(value).decode("utf-8", "replace"))
                        elif value is not None:
                            texts.append(str(value))
    finally:
        engine.dispose()
    return texts
