"""Generated hostile letters: each one a way to make a mail parser hang, bloat or crash."""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Callable

HEAD = (
    b"From: Attacker Example <attacker@evil.example>\r\nTo: letters@association.example\r\n"
    b"Message-ID: <attack@evil.example>\r\nSubject: hi\r\nMIME-Version: 1.0\r\n"
)
BODY = "Дарагі Максім! Трымайцеся.".encode()


def huge_letter(megabytes: int = 50) -> bytes:
    line = base64.b64encode(b"A" * 57) + b"\r\n"
    payload = line * (megabytes * 1024 * 1024 // len(line))
    return (
        HEAD
        + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
        + BODY
        + b"\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + payload
        + b"--b--\r\n"
    )


def many_parts(count: int = 10_000) -> bytes:
    part = b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n"
    return HEAD + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + part * count + b"--b--\r\n"


def deep_nesting(depth: int = 1_000) -> bytes:
    opening = b"".join(
        b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i, i + 1) for i in range(depth)
    )
    closing = b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth + 1)))
    leaf = b"--b%d\r\nContent-Type: text/plain\r\n\r\nleaf\r\n" % depth
    return HEAD + b'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n' + opening + leaf + closing


def long_header_line(size: int = 1024 * 1024) -> bytes:
    return HEAD + b"X-Long: " + b"a" * size + b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + BODY


def many_headers(count: int = 100_000) -> bytes:
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(count))
    return HEAD + headers + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + BODY


def _attachment(content_type: bytes, name: bytes, data: bytes) -> bytes:
    return (
        HEAD
        + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
        + BODY
        + b"\r\n--b\r\nContent-Type: "
        + content_type
        + b'\r\nContent-Disposition: attachment; filename="'
        + name
        + b'"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + base64.encodebytes(data)
        + b"--b--\r\n"
    )


def png_bomb() -> bytes:
    """A PNG that claims 30,000 × 30,000 pixels: tiny compressed, 2.7 GB decoded."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(buffer, "PNG")
    return _attachment(b"image/png", b"bomb.png", buffer.getvalue())


def jpeg_bomb() -> bytes:
    """A small JPEG whose header is patched to claim 65,000 × 65,000 pixels."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (65000).to_bytes(2, "big") * 2
    return _attachment(b"image/jpeg", b"bomb.jpg", bytes(data))


def docx_zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates from about 1 MB to 1 GB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(1024):
                member.write(chunk)
    return _attachment(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"bomb.docx", buffer.getvalue()
    )


def invalid_charset() -> bytes:
    return HEAD + b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n" + "Дарагі Максім!".encode("cp1251")


def nul_bytes() -> bytes:
    return HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + BODY + b"\x00" * 1000 + BODY


def huge_base64_line(megabytes: int = 8) -> bytes:
    line = base64.b64encode(b"\xd0\x94" * (megabytes * 1024 * 1024 // 3))
    return HEAD + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + line


ATTACKS: dict[str, Callable[[], bytes]] = {
    "10,000 MIME parts": many_parts,
    "MIME nested 1,000 deep": deep_nesting,
    "1 MB header line": long_header_line,
    "100,000 headers": many_headers,
    "decompression bomb PNG": png_bomb,
    "decompression bomb JPEG": jpeg_bomb,
    "zip bomb DOCX": docx_zip_bomb,
    "invalid charset": invalid_charset,
    "NUL bytes": nul_bytes,
    "huge base64 line": huge_base64_line,
}
SLOW_ATTACKS: dict[str, Callable[[], bytes]] = {"50 MB letter": huge_letter}
