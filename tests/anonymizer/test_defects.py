"""Defects are recorded by name and raised under strict mode, one class each (anonymizer.defects).

One table of broken letters: each records its defects in order and, under `strict()`, raises the
first of them where it was met, as its own class.
"""

from __future__ import annotations

import inspect

import pytest

from anonymizer import defects
from anonymizer.errors import AnonymizerError, NapishyError
from anonymizer.mime import parse_letter
from foundation.errors import NapishyError as FoundationRoot

CASES = [
    # (letter, defects recorded in order, the class strict mode raises)
    (b"Content-Type: text/plain; charset=x-nonexistent\n\nhello there\n",
     ("UnknownCharsetDefect",), defects.UnknownCharsetDefect),
    ("Content-Type: text/plain\n\nПрывітанне, як справы\n".encode("cp1251"),
     ("CharsetGuessedDefect",), defects.CharsetGuessedDefect),
    (b"Content-Type: text/plain; charset=utf-8\n\n" + "Прывітанне".encode("cp1251") + b"\n",
     ("CharsetMismatchDefect", "CharsetGuessedDefect"), defects.CharsetMismatchDefect),
    (b"Content-Type: text/plain; charset=utf-8\n\nhel\x00lo\n", ("BinaryTextPartDefect",),
     defects.BinaryTextPartDefect),
    (b"Content-Type: multipart/report; boundary=X\n\n--X\nContent-Type: text/plain\n\nhi\n"
     b"--X\nContent-Type: message/delivery-status\n\nReporting-MTA: x\n--X--\n",
     ("AttachedMessageDropped",), defects.AttachedMessageDropped),
    (b"Content-Type: message/rfc822\n\nSubject: x\n\ninner letter text\n", ("AttachedMessageRead",),
     defects.AttachedMessageRead),
    (b"Content-Type: multipart/mixed\n\nsome text\n",
     ("NoBoundaryInMultipartDefect", "MultipartInvariantViolationDefect", "UnsplittableMultipartDefect"),
     defects.ParserDefect),
    (b"Content-Type: multipart/mixed; boundary=AAA\n\n--BBB\nContent-Type: text/plain\n\nhi\n--BBB--\n",
     ("StartBoundaryNotFoundDefect", "MultipartInvariantViolationDefect", "BoundaryMismatchDefect"),
     defects.ParserDefect),
]


@pytest.mark.parametrize(("raw", "recorded", "raised"), CASES)
def test_a_defect_is_recorded_and_raised_under_strict_mode(raw: bytes, recorded: tuple[str, ...],
                                                          raised: type[defects.LetterDefect]) -> None:
    assert parse_letter(raw).defects == recorded
    with pytest.raises(raised) as caught, defects.strict():
        parse_letter(raw)
    assert caught.value.code == recorded[0]
    assert parse_letter(raw).defects == recorded  # strict mode ends with its block


def test_a_clean_letter_parses_under_strict_mode() -> None:
    with defects.strict():
        letter = parse_letter(b"Content-Type: text/plain; charset=utf-8\n\n" + "Дарагі Максім!\n".encode())
    assert letter.defects == ()


def test_a_detail_follows_the_name() -> None:
    assert defects.HiddenTextDropped("text-box,white").code == "HiddenTextDropped:text-box,white"
    assert defects.AttachmentRefused("image-too-large").code == "AttachmentRefused:image-too-large"
    assert defects.note(defects.NulByteDefect()) == "NulByteDefect"


def test_every_defect_is_a_named_class_under_one_root() -> None:
    classes = [c for _, c in inspect.getmembers(defects, inspect.isclass) if issubclass(c, defects.LetterDefect)]
    assert len(classes) > 20
    assert all(c.__doc__ for c in classes)
    assert issubclass(defects.LetterDefect, AnonymizerError) and issubclass(AnonymizerError, NapishyError)
    assert FoundationRoot is NapishyError  # one root for the whole project
