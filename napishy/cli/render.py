"""Terminal rendering of one letter, with redaction markers and words to check highlighted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from anonymizer.vocabulary import OcrStatus
from foundation.controls import visible
from processors.segments import segments

STYLE_WARNING = (
    "Note: napishy removes names, numbers and addresses, but the writer's style and the details of"
    " their story can still identify them. Read with that in mind before approving."
)
CHECK_NOTE = "kept, but looked like a name or a number"
_STYLES = {"marker": "\033[1;33m", "check": "\033[4;36m"}  # bold yellow; underlined cyan


def highlight(text: str, *, color: bool, checks: Iterable[str] = ()) -> str:
    """Letter text for a terminal: control characters made visible, markers and checks coloured."""
    text = visible(text)
    checks = [visible(check) for check in checks]
    if not color:
        return text
    pieces = segments(text, checks)
    return "".join(piece if kind == "text" else f"{_STYLES[kind]}{piece}\033[0m" for kind, piece in pieces)


def render_letter(detail: dict[str, Any], *, color: bool) -> str:
    checks = detail.get("checks") or []
    lines = [
        f"letter {detail['id']}  [{detail['status']}]  mailbox {detail['mailbox']}  received {detail['received_on']}",
        f"kind: {detail['kind']}   language: {detail['language'] or '-'}   "
        f"to: {', '.join(detail['recipients']) or '-'}",
    ]
    if detail["redactions"]:
        lines.append("removed: " + ", ".join(f"{k} ×{v}" for k, v in sorted(detail["redactions"].items())))
    if checks:  # all of them, even one an edit removed: a check is never hidden by a failed match
        lines.append(f"check: {visible(', '.join(checks))} — {CHECK_NOTE}")
    if detail["defects"]:
        lines.append("defects: " + ", ".join(detail["defects"]))
    if detail.get("quarantine_reason"):
        lines.append(f"quarantined: {visible(detail['quarantine_reason'])}")
    if detail.get("reject_reason"):
        lines.append(f"rejected: {visible(detail['reject_reason'])}")
    lines += ["", highlight(detail["text"], color=color, checks=checks)]
    lines += render_images(detail["attachments"], color=color, checks=checks)
    lines += ["", STYLE_WARNING]
    return "\n".join(lines)


OCR_STATES = {
    OcrStatus.READ: "text read", "": "never read (stored before OCR)", OcrStatus.UNAVAILABLE: "not read: OCR is off",
    OcrStatus.TIMEOUT: "not read: took too long", OcrStatus.FAILED: "not read: OCR failed",
    OcrStatus.OVER_BUDGET: "not read: the letter's OCR time was spent",
}


def render_images(images: list[dict[str, Any]], *, color: bool, checks: Iterable[str] = ()) -> list[str]:
    """Each image with what OCR made of it and whether it may be published; the anonymised OCR
    text follows, indented, as a draft the operator may copy into the letter with `napishy edit`."""
    lines: list[str] = []
    for image in images:
        state = OCR_STATES.get(image["ocr_status"], image["ocr_status"])
        if image["withheld_reason"]:
            decision = f"WITHHELD: {image['withheld_reason']}"
        else:
            decision = "approved for publication" if image["approved"] else "not approved (approve --images N)"
        lines += ["", f"image {image['number']} ({image['name']}, {image['content_type']}): {state}; {decision}"]
        if image["ocr_text"].strip():
            draft = highlight(image["ocr_text"], color=color, checks=checks)
            lines += ["  | " + line for line in draft.splitlines()]
    return lines
