"""Every import arrow points down, and one shell never imports the other.

The layers, top first (DESIGN.md's data flow read as code):

    napishy.cli.main                the program: assembles both shells' commands
    napishy.cli | napishy.web       the shells, never importing each other
    napishy (app, context)          the wiring: the one place that builds objects from settings
    exports                         publication and bundles, reading what review decided
    processors | intake             services and sources, never importing each other
    foundation                      settings, storage, vault, fingerprint, errors, RawLetter
    anonymizer                      the pure core: imports nothing of the others

Imports are read with `ast` from the source, at any depth (inside functions and under
TYPE_CHECKING too: a hidden arrow is still an arrow, and mypy follows it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("anonymizer", "foundation", "intake", "processors", "exports", "napishy")
# Top first; names in one row are peers that must not import each other. The longest matching
# prefix decides a module's place, so `napishy.cli.main` sits above `napishy.cli`.
LAYERS = (
    ("napishy.cli.main",),
    ("napishy.cli", "napishy.web"),
    ("napishy",),
    ("exports",),
    ("processors", "intake"),
    ("foundation",),
    ("anonymizer",),
)
Arrow = tuple[str, str, int]  # importer, imported, line


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, *, is_package: bool, known: set[str]) -> Iterator[tuple[str, int]]:
    """Every module of ours `source` imports; `from a import b` counts as `a.b` when that is a module."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                name = f"{base}.{alias.name}"
                yield (name if name in known else base), node.lineno


def arrows(sources: dict[str, tuple[str, bool]]) -> list[Arrow]:
    """module -> (source, is a package's __init__) to the arrows between our own modules."""
    known = set(sources)
    return [(module, target, line) for module, (source, is_package) in sorted(sources.items())
            for target, line in imports(source, module, is_package=is_package, known=known)
            if target.split(".")[0] in PACKAGES]


def place(module: str) -> tuple[int, str]:
    """(layer index, top first; the peer group within it) by the longest matching prefix."""
    best = (-1, 0, "")
    for index, row in enumerate(LAYERS):
        for group in row:
            if (module == group or module.startswith(group + ".")) and len(group) > best[1]:
                best = (index, len(group), group)
    if best[0] < 0:
        raise ValueError(f"{module} is in no layer")
    return best[0], best[2]


def wrong(arrow: Arrow) -> str | None:
    """Why an arrow is not allowed, or None: it must go to a lower layer or stay in its own group."""
    importer, imported, line = arrow
    (here, group), (there, target_group) = place(importer), place(imported)
    if group == target_group or there > here:
        return None
    way = "across, to a peer" if there == here else "up"
    return f"{importer}:{line} imports {imported} ({way}: {group} -> {target_group})"


def production_sources() -> dict[str, tuple[str, bool]]:
    return {module_name(path, ROOT): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
            for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def test_every_arrow_points_down() -> None:
    found = arrows(production_sources())
    assert len(found) > 300  # the walk saw the code, not an empty tree
    assert [problem for arrow in found if (problem := wrong(arrow))] == []


def test_an_upward_arrow_fails() -> None:
    sources = {
        "anonymizer.kind": ("from foundation.settings import Settings\n", False),
        "foundation.settings": ("def f():\n    from napishy.app import App\n", False),
        "foundation": ("from . import settings\n", True),
        "napishy.web.pages": ("from ..cli import render\n", False),
        "napishy.cli.render": ("", False),
        "napishy.cli.queue": ("import napishy.web.app\nfrom napishy.cli import render\n", False),
        "intake.imap": ("from processors.pipeline import Pipeline\n", False),
        "exports.common": ("from processors import audit\nfrom foundation.storage import models\n", False),
        "napishy.app": ("", False),
    }
    assert sorted(filter(None, map(wrong, arrows(sources)))) == [
        "anonymizer.kind:1 imports foundation.settings (up: anonymizer -> foundation)",
        "foundation.settings:2 imports napishy.app (up: foundation -> napishy)",
        "intake.imap:1 imports processors.pipeline (across, to a peer: intake -> processors)",
        "napishy.cli.queue:1 imports napishy.web.app (across, to a peer: napishy.cli -> napishy.web)",
        "napishy.web.pages:1 imports napishy.cli.render (across, to a peer: napishy.web -> napishy.cli)",
    ]


def test_every_module_has_a_layer() -> None:
    for module in production_sources():
        place(module)


def test_the_readme_layout_names_every_layer() -> None:
    """The README's layout table is the map a newcomer reads first: it must match the tree."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    folders = {f"`{package}/`" for package in PACKAGES if package != "napishy"}
    folders |= {f"`napishy/{path.name}/`" for path in (ROOT / "napishy").iterdir() if (path / "__init__.py").exists()}
    folders |= {f"`napishy/{path.name}`" for path in (ROOT / "napishy").glob("*.py") if path.name != "__init__.py"}
    assert sorted(f for f in folders if f not in table) == []
