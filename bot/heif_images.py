"""HEIC/HEIF photos (what an iPhone sends as a file), read with pillow-heif, and their public JPEG.

`is_heif_head` tells from the first bytes whether a file claims to be a HEIF image (an ISO media
file whose `ftyp` brands are HEIF's); `is_heif_image` then has libheif read its structure, without
decoding the picture. `public_jpeg` makes what the public gets instead: a JPEG of the primary
image, turned upright, with no metadata at all (EXIF, XMP: a photo taken by a phone carries
where it was taken, and a public copy must not), keeping only its colour profile.
"""

from __future__ import annotations

import io
from typing import BinaryIO

import pillow_heif
from PIL import Image

# The brands of HEIF still images (ISO/IEC 23008-12): HEVC-coded (heic, heix, heim, heis) and the
# generic image/sequence brands. AVIF (another codec) is left out: this libheif cannot decode it.
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})  # AV1-coded: they list mif1 too
_FTYP_MAX_BYTES = 4096
JPEG_QUALITY = 88
# libheif reads a file whole: a bigger one (a phone's photo is a few MB) is not read at all.
HEIF_MAX_BYTES = 64 * 1024 * 1024


def brands(head: bytes) -> frozenset[bytes]:
    """The major and compatible brands of the `ftyp` box that opens an ISO media file, if any."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return frozenset()
    box_size = min(int.from_bytes(head[:4], "big"), len(head), _FTYP_MAX_BYTES)
    found = {head[8:12]}
    found.update(head[offset : offset + 4] for offset in range(16, box_size - 3, 4))
    return frozenset(found)


def is_heif_head(head: bytes) -> bool:
    """Whether the file's first bytes say it is a HEIF still image (an `ftyp` with HEIF's brands)."""
    found = brands(head)
    return bool(found & _HEIF_BRANDS) and not found & _AVIF_BRANDS


def is_avif_head(head: bytes) -> bool:
    """Whether the file's first bytes say it is an AVIF picture."""
    return bool(brands(head) & _AVIF_BRANDS)


def is_heif_image(handle: BinaryIO) -> bool:
    """Whether libheif reads the file open in `handle` as a HEIF image with a primary picture of
    a sane size (the picture itself is not decoded here)."""
    handle.seek(0)
    try:
        heif = pillow_heif.open_heif(handle, convert_hdr_to_8bit=True)
        width, height = heif.size
    except (ValueError, OSError, RuntimeError, EOFError, IndexError):
        return False
    return 0 < width * height <= (Image.MAX_IMAGE_PIXELS or width * height)


def public_jpeg(data: bytes) -> bytes:
    """The JPEG the public gets for HEIC photo `data`: its primary image upright (libheif applies
    the rotation and mirroring the file records), only its pixels and colour profile, no EXIF or
    XMP (no place, no device, no time). Raises ValueError when the photo cannot be decoded."""
    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        picture = heif.to_pillow()
    except (OSError, RuntimeError, EOFError, IndexError) as error:
        raise ValueError(f"the HEIC photo cannot be decoded: {error}") from None
    icc_profile = picture.info.get("icc_profile")
    pixels = picture.convert("RGB")
    clean = Image.frombytes("RGB", pixels.size, pixels.tobytes())  # a new image: no info carried over
    out = io.BytesIO()
    options: dict[str, object] = {"quality": JPEG_QUALITY}
    if icc_profile:
        options["icc_profile"] = icc_profile
    clean.save(out, format="JPEG", **options)
    return out.getvalue()
