"""Encoded blobs pasted into a letter's text: they carry names a reader never sees.

A clear-signed PGP message keeps its text (the letter) but its signature, like a pasted
public key, encodes the signer's name and address; a vCard is a business card; uuencoded
files and long base64 runs are attachments in disguise. All go whole, before any detector
runs, so nothing inside them can be half-read as text.
"""

from __future__ import annotations

import re

from anonymizer.model import RedactedSpan

# "-----BEGIN PGP SIGNATURE-----" … "-----END PGP SIGNATURE-----", keys, S/MIME and PEM alike.
# A block whose END line is missing runs to the end of its run of armour lines.
ARMOUR = re.compile(
    r"^[ \t>]*-----BEGIN ([A-Z0-9 ]{3,40})-----[ \t]*\n(?:.*\n)*?[ \t>]*-----END \1-----[ \t]*$"
    r"|^[ \t>]*-----BEGIN [A-Z0-9 ]{3,40}-----[ \t]*\n(?:[ \t>]*(?:[A-Za-z0-9+/=]{8,}|[\w-]+:[^\n]*|)[ \t]*\n)*",
    re.MULTILINE,
)
# The head of a clear-signed message: the signed text below it stays, dash-escaped lines unescaped.
SIGNED_HEAD = re.compile(r"^[ \t>]*-----BEGIN PGP SIGNED MESSAGE-----[ \t]*\n(?:[ \t>]*Hash:[^\n]*\n)*", re.MULTILINE)
_DASH_ESCAPED = re.compile(r"^- (?=-)", re.MULTILINE)
# What gpg prints when checking a signature: "gpg: Good signature from "Name <address>"".
GPG_OUTPUT = re.compile(r"^[ \t>]*gpg: [^\n]*\n?", re.MULTILINE)
UUENCODE = re.compile(r"^begin(?:-base64)? [0-7]{3,4} [^\n]+\n(?:.*\n)*?end[ \t]*$", re.MULTILINE)
VCARD = re.compile(r"^[ \t>]*BEGIN:VCARD[ \t]*\n(?:.*\n)*?[ \t>]*END:VCARD[ \t]*$", re.MULTILINE | re.IGNORECASE)
# A base64 run: a line of 40+ base64 characters with digits and both cases, or a "data:" URI.
BASE64_RUN = re.compile(
    r"(?:data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+)"
    r"|(?<![\w+/=])(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{40,}={0,2}"
    r"(?:[ \t]*\n[ \t]*[A-Za-z0-9+/]{16,}={0,2})*(?![\w+/=])"
)

_PATTERNS = ((ARMOUR, "pgp or pem armour"), (UUENCODE, "uuencoded file"), (VCARD, "vcard"),
             (GPG_OUTPUT, "gpg output"), (BASE64_RUN, "base64 run"))
_GATES = ("-----BEGIN", "begin ", "BEGIN:VCARD", "gpg:")


def strip_blobs(text: str) -> tuple[str, tuple[RedactedSpan, ...]]:
    """`text` without encoded blobs, and what was cut (kind "encoded")."""
    spans: list[RedactedSpan] = []
    if "-----BEGIN PGP SIGNED MESSAGE-----" in text:
        text = SIGNED_HEAD.sub("", text)
        text = _DASH_ESCAPED.sub("", text)
        spans.append(RedactedSpan("encoded", "pgp signed message head", "", ""))
    gated = any(gate in text for gate in _GATES) or "vcard" in text.casefold()
    for pattern, reason in _PATTERNS:
        if pattern is not BASE64_RUN and not gated:
            continue
        pieces: list[str] = []
        cursor = 0
        for match in pattern.finditer(text):
            pieces.append(text[cursor: match.start()])
            spans.append(RedactedSpan("encoded", reason, match.group(), ""))
            cursor = match.end()
        if cursor:
            text = "".join(pieces) + text[cursor:]
    return text, tuple(spans)
