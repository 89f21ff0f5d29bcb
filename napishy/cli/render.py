"""Terminal rendering of one letter, with redaction markers highlighted."""

from __future__ import annotations

import re
from typing import Any

MARKER = re.compile(r"\[(?:name|phone|email|link|address|number|handle|quote|signature)\]")
STYLE_WARNING = (
    "Note: napishy removes names, numbers and addresses, but the writer's style and the details of"
    " their story can still identify them. Read with that in mind before approving."
)


def highlight(text: str, *, color: bool) -> str:
    if not color:
        return text
    return MARKER.sub(lambda m: f"\033[1;33m{m.group(0)}\033[0m", text)


def render_letter(detail: dict[str, Any], *, color: bool) -> str:
    lines = [
        f"letter {detail['id']}  [{detail['status']}]  mailbox {detail['mailbox']}  received {detail['received_on']}",
        f"kind: {detail['kind']}   language: {detail['language'] or '-'}   "
        f"to: {', '.join(detail['recipients']) or '-'}",
    ]
    if detail["redactions"]:
        lines.append("removed: " + ", ".join(f"{k} ×{v}" for k, v in sorted(detail["redactions"].items())))
    if detail["defects"]:
        lines.append("defects: " + ", ".join(detail["defects"]))
    if detail.get("quarantine_reason"):
        lines.append(f"quarantined: {detail['quarantine_reason']}")
    if detail.get("reject_reason"):
        lines.append(f"rejected: {detail['reject_reason']}")
    if detail["attachments"]:
        lines.append("images: " + ", ".join(a["name"] for a in detail["attachments"]))
    lines += ["", highlight(detail["text"], color=color), "", STYLE_WARNING]
    return "\n".join(lines)
