"""Which images may leave the database: the one rule every export asks.

An image is published only when its letter is approved, an operator approved that very image,
the machine found no reason to withhold it (an identifier in its text, or text it could not
read), and it is an image type the anonymiser produces. Every export (publication, relatives)
calls `exportable`; nothing else decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from anonymizer.vocabulary import Status
from foundation.errors import NapishyError

PUBLISHABLE_TYPES = frozenset({"image/jpeg", "image/png"})
ALL: Literal["all"] = "all"
Selection = Sequence[int] | Literal["all"] | None  # image numbers (1-based), every one fit, or none


class ImageRow(Protocol):
    """An image as the ORM or a read-only query returns it (read, never set, through this)."""

    @property
    def position(self) -> int: ...
    @property
    def content_type(self) -> str: ...
    @property
    def withheld_reason(self) -> str | None: ...
    @property
    def approved(self) -> bool: ...


class ImageSelectionError(NapishyError):
    """Raised when an operator names an image a letter does not have, or one that is withheld."""


def exportable(letter_status: str, image: ImageRow) -> bool:
    """True only for an approved image of an approved letter that nothing withholds."""
    return (
        letter_status == Status.APPROVED
        and bool(image.approved)
        and image.withheld_reason is None
        and image.content_type in PUBLISHABLE_TYPES
    )


def number(image: ImageRow) -> int:
    """The number operators see and type (`image-1`, `--images 1`): the position counted from 1."""
    return image.position + 1


def choose(letter_id: str, images: Sequence[ImageRow], selection: Selection) -> list[int]:
    """The numbers of the images to approve. `ALL` takes every image not withheld; naming a
    withheld or missing image refuses the whole command rather than quietly skipping it."""
    if selection is None:
        return []
    by_number = {number(image): image for image in images}
    if selection == ALL:
        return sorted(n for n, image in by_number.items() if image.withheld_reason is None)
    chosen = sorted(set(selection))
    missing = [str(n) for n in chosen if n not in by_number]
    if missing:
        have = ", ".join(str(n) for n in sorted(by_number)) or "none"
        raise ImageSelectionError(f"letter {letter_id} has no image {', '.join(missing)} (images: {have}); "
                                  "nothing was changed")
    withheld = [f"{n} ({by_number[n].withheld_reason})" for n in chosen if by_number[n].withheld_reason]
    if withheld:
        raise ImageSelectionError(f"letter {letter_id}: image {'; '.join(withheld)} is withheld and cannot be "
                                  "published; nothing was changed")
    return chosen


def parse_selection(value: str) -> list[int]:
    """`--images 1,3` as numbers; anything else is bad input, said in one line."""
    try:
        numbers = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        numbers = []
    if not numbers or any(n < 1 for n in numbers):
        raise ImageSelectionError(f"--images takes image numbers such as 1,3 (from `napishy show`), not {value!r}")
    return numbers
