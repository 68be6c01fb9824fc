"""Files to upload in the cms tests, and a look at the media folder."""

from __future__ import annotations

import io
import os

from PIL import Image

IMAGE_LIMIT = 200_000
FILE_LIMIT = 300_000


def png_bytes(size=(640, 480), colour=(200, 30, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def noisy_png(min_bytes: int) -> bytes:
    """A PNG of random pixels: it does not compress, so it is at least ``min_bytes`` long."""
    side = int((min_bytes / 3) ** 0.5) + 20
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    data = out.getvalue()
    assert len(data) > min_bytes
    return data


def pdf_bytes(pad: int = 0) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        + b"%" * pad
        + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def files_in(folder) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
