"""The anonymiser's child process: a letter that hangs, bloats or crashes costs only itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from anonymizer.errors import AnonymizerError
from anonymizer.roster import default_roster
from processors.sandbox import IsolatedAnonymizer, LetterTimedOut, Limits, WorkerCrashed
from tests.conftest import EXAMPLES

LETTER = (EXAMPLES / "01-be-znak.eml").read_bytes()


@pytest.fixture(scope="module")
def isolated() -> Iterator[IsolatedAnonymizer]:
    worker = IsolatedAnonymizer(default_roster(), Limits(8, 768 * 1024 * 1024), target="tests.misbehaving:by_command")
    yield worker
    worker.close()


def test_a_normal_letter_comes_back(isolated: IsolatedAnonymizer) -> None:
    assert isolated(LETTER).kind == "letter"


@pytest.mark.parametrize(
    ("command", "error", "message"),
    [
        (b"hang", LetterTimedOut, "took longer than 8 s"),
        (b"eat memory", WorkerCrashed, "more memory than the cap"),
        (b"die", WorkerCrashed, "died on this letter"),
    ],
)
def test_a_hostile_letter_costs_only_itself(
    isolated: IsolatedAnonymizer, command: bytes, error: type[AnonymizerError], message: str
) -> None:
    with pytest.raises(error, match=message):
        isolated(command)
    assert isolated(LETTER).kind == "letter"  # a fresh worker takes the next letter


def test_an_unexpected_error_travels_without_its_message(isolated: IsolatedAnonymizer) -> None:
    with pytest.raises(RuntimeError) as caught:
        isolated(b"bug")
    assert str(caught.value) == "KeyError"
    assert "ivan" not in repr(caught.value).lower()
