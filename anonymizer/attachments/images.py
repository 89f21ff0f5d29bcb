"""Images rebuilt from their pixels: no EXIF, GPS, XMP, ICC profile, comments or text chunks.

Rather than deleting known metadata (a blocklist), the pixels are copied into a brand-new
image and only that is encoded (an allowlist of one thing): thumbnails, trailing bytes after
the image's end and extra frames are never copied. Transparency is flattened onto white,
because a pixel with alpha 0 still carries a colour: a name "erased" to full transparency
shows again on any other background. The size is checked from the header before any pixel is
decoded, so a decompression bomb costs nothing.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from anonymizer.errors import AttachmentRefused

try:  # HEIC from iPhones (a dependency; a broken install refuses HEIC rather than failing)
    from pillow_heif import register_heif_opener

    register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
    HEIF_SUPPORTED = True
except ImportError:
    HEIF_SUPPORTED = False

MAX_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a bomb does not
MAX_SIDE = 20_000
MIN_SIDE = 16  # smaller is a tracking pixel or a signature icon, not a picture
# Downscaling bounds the output size and weakens sensor-noise (PRNU) camera fingerprints.
MAX_OUTPUT_SIDE = 2048
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "heic": "HEIF"}
_PHOTO_KINDS = frozenset({"jpeg", "heic"})
_INVISIBLE_ALPHA = 16
_GREY_MODES = frozenset({"1", "L", "LA", "La", "I;16", "I", "F"})


@dataclass(frozen=True)
class CleanImage:
    """Re-encoded image bytes and their type."""

    data: bytes
    content_type: str
    extension: str


def clean_image(data: bytes, kind: str) -> CleanImage:
    """Re-encode an image detected as `kind`: JPEG for photos, PNG for the rest."""
    if kind == "heic" and not HEIF_SUPPORTED:
        raise AttachmentRefused("heic-unsupported")
    img = _open(data, kind)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about odd files, to stderr
            pixels = _pixels(img, kind)
    except AttachmentRefused:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError, MemoryError):
        raise AttachmentRefused("image-corrupt") from None
    finally:
        img.close()
    return _encode(pixels, photo=kind in _PHOTO_KINDS)


def _open(data: bytes, kind: str) -> Image.Image:
    """Open lazily (header only) with the one decoder the bytes were detected as."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]])
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise AttachmentRefused("image-too-large") from None
    except (OSError, ValueError, SyntaxError, EOFError, KeyError):
        raise AttachmentRefused("image-corrupt") from None
    width, height = img.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        img.close()
        raise AttachmentRefused("image-too-large")
    if min(width, height) < MIN_SIDE:
        img.close()
        raise AttachmentRefused("image-tiny")
    return img


def _pixels(img: Image.Image, kind: str) -> Image.Image:
    """Decoded, upright, downscaled pixels in a mode the output format can hold."""
    if kind == "jpeg":
        # Let libjpeg decode at a reduced scale: far faster for large photos.
        img.draft("RGB", (MAX_OUTPUT_SIDE, MAX_OUTPUT_SIDE))
    img.seek(0)  # first frame of an animation
    img.load()
    try:
        upright = ImageOps.exif_transpose(img)
    except Exception:  # a malformed EXIF block only costs the orientation
        upright = img.copy()
    flat = _on_white(upright)
    converted = flat.convert("L") if upright.mode in _GREY_MODES and flat.mode != "L" else flat
    converted.thumbnail((MAX_OUTPUT_SIDE, MAX_OUTPUT_SIDE), Image.Resampling.LANCZOS)
    return converted


def _on_white(img: Image.Image) -> Image.Image:
    """Opaque pixels: every kind of transparency (alpha channel, palette or tRNS colour key)
    is composited onto white, so no colour hidden under transparent pixels survives."""
    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if not has_alpha:
        if img.mode in ("RGB", "L"):
            return img
        return img.convert("L" if img.mode in _GREY_MODES else "RGB")
    rgba = img.convert("RGBA")
    # Nearly transparent counts as transparent: alpha 1/255 is invisible to a viewer, yet a
    # contrast stretch of the flattened image would bring the erased text back.
    alpha = rgba.getchannel("A").point(lambda a: 0 if a < _INVISIBLE_ALPHA else a)
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba.convert("RGB"), mask=alpha)
    return flat


def _encode(img: Image.Image, *, photo: bool) -> CleanImage:
    """Copy the pixels into a new image (no `info` survives) and encode only that."""
    fresh = Image.frombytes(img.mode, img.size, img.tobytes())
    out = io.BytesIO()
    if photo:
        fresh.save(out, format="JPEG", quality=88)
        return CleanImage(out.getvalue(), "image/jpeg", "jpg")
    fresh.save(out, format="PNG", compress_level=6)
    return CleanImage(out.getvalue(), "image/png", "png")
