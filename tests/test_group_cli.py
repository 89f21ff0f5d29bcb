"""Near-duplicate groups on the command line: `queue --groups`, `queue --group`, and a group
approved or rejected in one step after a confirmation, each letter audited and undone on its own."""

from __future__ import annotations

import io
import json

import pytest

from napishy.app import App
from processors import audit, near_duplicates
from processors.group_queries import list_groups
from tests.letters import add_letter
from tests.test_review import _cli, _status

TEMPLATE = ("Дарагі Максім! Мы памятаем пра вас кожны дзень і чакаем дома. Вы абаранялі людзей, калі гэта было "
            "небяспечна, і мы ведаем кошт гэтай працы. Трымайцеся, беражыце здароўе, вы не адзін.")


@pytest.fixture
def grouped(app: App) -> tuple[list[str], str, str]:
    """Three pending copies of a template, one approved copy, and an unrelated letter; grouped."""
    pending = sorted(add_letter(app.database, f"{TEMPLATE} {line}") for line in ("[name]", "Дзякуй!", "З Гомеля."))
    decided = add_letter(app.database, TEMPLATE, status="approved")
    other = add_letter(app.database, "Dear Ms Braginets, my grandmother was a teacher in Hrodna. Stay strong.")
    near_duplicates.backfill(app.database)
    (group,) = list_groups(app.database).groups
    return pending, decided, group.id if other else ""


def test_queue_shows_groups_and_a_groups_letters(app: App, grouped, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    pending, _, group = grouped
    assert _cli(app, monkeypatch, "queue") == 0
    listing = capsys.readouterr().out
    assert "GROUP" in listing.splitlines()[0]
    assert sum(group in line for line in listing.splitlines()) == 4  # the four copies, not the other letter
    assert _cli(app, monkeypatch, "queue", "--groups", "--json") == 0
    (summary,) = json.loads(capsys.readouterr().out)
    assert summary["group"] == group and summary["letters"] == 4 and summary["pending"] == 3
    assert summary["example"] in pending
    assert _cli(app, monkeypatch, "queue", "--groups") == 0
    assert f"{group}" in capsys.readouterr().out
    assert _cli(app, monkeypatch, "queue", "--group", group, "--status", "pending", "--json") == 0
    assert sorted(row["id"] for row in json.loads(capsys.readouterr().out)) == pending
    assert _cli(app, monkeypatch, "queue", "--groups", "--status", "pending") == 1
    assert "takes no --status" in capsys.readouterr().err


def test_a_group_is_approved_after_a_yes_and_undone_letter_by_letter(app: App, grouped,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    pending, decided, group = grouped
    assert _cli(app, monkeypatch, "approve", "--group", group) == 1  # no terminal, no --yes: nothing done
    assert "confirm with --yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    assert _cli(app, monkeypatch, "approve", "--group", group) == 1
    assert [_status(app, i) for i in pending] == ["pending"] * 3
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    assert _cli(app, monkeypatch, "approve", "--group", group) == 0
    out = capsys.readouterr().out
    assert "3 pending letters will be approved" in out and all(i in out for i in pending) and decided not in out
    assert [_status(app, i) for i in pending] == ["approved"] * 3
    assert sorted(e.letter_id for e in audit.entries(app.database) if e.action == "approve") == pending
    assert _cli(app, monkeypatch, "undo", pending[0]) == 0
    assert [_status(app, i) for i in pending] == ["pending", "approved", "approved"]


def test_a_group_is_rejected_with_yes_and_bad_uses_are_one_line(app: App, grouped,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    pending, _, group = grouped
    assert _cli(app, monkeypatch, "reject", "--group", group, "--reason", " ", "--yes") == 1
    assert _cli(app, monkeypatch, "reject", "--group", group, "--reason", "a template", pending[0]) == 1
    assert _cli(app, monkeypatch, "approve", "--group", "nosuchgroup", "--yes") == 3  # not found
    assert _cli(app, monkeypatch, "approve") == 1
    err = capsys.readouterr().err
    assert "reason is required" in err and "not both" in err and "no pending letters" in err
    assert "Traceback" not in err and all(line.startswith("napishy: ") for line in err.splitlines())
    assert _cli(app, monkeypatch, "reject", "--group", group, "--reason", "a template", "--yes") == 0
    assert [_status(app, i) for i in pending] == ["rejected"] * 3


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True
