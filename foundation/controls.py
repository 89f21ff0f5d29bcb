"""Control characters in text that people type or that letters carry.

An operator's terminal obeys escape sequences: ESC ] … BEL can retitle it, some terminals let one
write to files or answer back. Text saved through the web editor and reject reasons are stripped
of control characters; anything still holding one (a letter's own text) is printed with each
control character as a visible `\\x1b`, never raw.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080–U+009F; U+009B is a CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """`text` without control characters; tabs and newlines stay (CR goes: we store LF)."""
    return _CONTROL.sub("", text)


def visible(text: str) -> str:
    """`text` with every control character but tab and newline shown as an escape, for a terminal."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)
