"""The media library: images and files a shop uploads once and uses anywhere (products, theme).

Files live on the local filesystem under ``CMS_MEDIA_ROOT`` (default ``<instance>/media``) and
are served at ``/media/<storage_key>``. A file's type is read from its content, never from its
name: JPEG, PNG, WebP and GIF images (up to ``CMS_IMAGE_MAX_BYTES``) and PDF files (up to
``CMS_FILE_MAX_BYTES``). Every image gets a thumbnail. An upload is written to disk first and
removed again if its row cannot be saved, so nothing is ever half-saved.

Public surface for other modules: ``media_for``, ``require_vendor_media``, ``store_upload``,
``store_generated_image`` and ``MediaView``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from wizamart import get_module_config
from wizamart.database import db
from wizamart.i18n import current_locale
from wizamart.pagination import Page, paginate

from ..exceptions import MediaInUse, MediaNotFound, MediaTooLarge, UnsupportedMedia, UploadMissing
from ..models import MediaFile, MediaKind, ShopTheme

log = logging.getLogger("wizamart.cms.media")

MEDIA_URL_PREFIX = "/media/"
# Pillow's format name -> (content type, file extension) of the images we accept.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
    "GIF": ("image/gif", ".gif"),
}
PDF = ("application/pdf", ".pdf")


# ------------------------------------------------------------------ what callers get


@dataclass(frozen=True)
class MediaView:
    """A media file as other modules and templates see it."""

    id: int
    kind: str
    url: str
    thumbnail_url: str
    filename: str = ""
    content_type: str = ""
    size_bytes: int = 0
    width: int | None = None
    height: int | None = None
    alt_text: dict[str, str] = field(default_factory=dict)
    vendor_id: int | None = None
    created_at: datetime | None = None

    @property
    def is_image(self) -> bool:
        return self.kind == MediaKind.IMAGE.value

    def alt(self, lang: str | None = None) -> str:
        """The alt text in ``lang`` (default: the request's), else English, else any, else ""."""
        texts = self.alt_text or {}
        for candidate in (lang or current_locale(), "en"):
            if texts.get(candidate):
                return texts[candidate]
        return next((text for text in texts.values() if text), "")

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "url": self.url,
            "thumbnail_url": self.thumbnail_url,
            "filename": self.filename,
            "content_type": self.content_type,
            "size_bytes": self.size_bytes,
            "width": self.width,
            "height": self.height,
            "alt_text": dict(self.alt_text or {}),
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


def view_of(media: MediaFile) -> MediaView:
    url = MEDIA_URL_PREFIX + media.storage_key
    return MediaView(
        id=media.id,
        kind=media.kind.value,
        url=url,
        thumbnail_url=MEDIA_URL_PREFIX + media.thumbnail_key if media.thumbnail_key else url,
        filename=media.filename,
        content_type=media.content_type,
        size_bytes=media.size_bytes,
        width=media.width,
        height=media.height,
        alt_text=dict(media.alt_text or {}),
        vendor_id=media.vendor_id,
        created_at=media.created_at,
    )


# ------------------------------------------------------------------ reading


def media_for(vendor_id: int, ids: Iterable[int]) -> dict[int, MediaView]:
    """The shop's media files among ``ids``, by id, in one query (others' ids are left out)."""
    wanted = {int(i) for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.scalars(
        select(MediaFile).where(MediaFile.vendor_id == vendor_id, MediaFile.id.in_(wanted))
    )
    return {row.id: view_of(row) for row in rows}


def require_vendor_media(vendor_id: int, ids: Iterable[int], field: str | None = None) -> None:
    """Raise ``MediaNotFound`` (404, naming the ids) unless every id is a media file of this shop."""
    wanted = {int(i) for i in ids if i is not None}
    if not wanted:
        return
    found = set(
        db.session.scalars(
            select(MediaFile.id).where(MediaFile.vendor_id == vendor_id, MediaFile.id.in_(wanted))
        )
    )
    missing = sorted(wanted - found)
    if missing:
        raise MediaNotFound(", ".join(map(str, missing)), field=field)


def get(vendor_id: int, media_id: int) -> MediaView:
    """One of the shop's media files, or ``MediaNotFound``."""
    return view_of(_own(vendor_id, media_id))


def search(vendor_id: int, q: str = "", kind: str = "", page: int = 1, per_page: int = 24) -> Page:
    """The shop's media, newest first; ``q`` matches the file name, ``kind`` is image or file."""
    query = select(MediaFile).where(MediaFile.vendor_id == vendor_id)
    if kind in (MediaKind.IMAGE.value, MediaKind.FILE.value):
        query = query.where(MediaFile.kind == MediaKind(kind))
    if q:
        query = query.where(func.lower(MediaFile.filename).contains(q.lower(), autoescape=True))
    result = paginate(query.order_by(MediaFile.created_at.desc(), MediaFile.id.desc()), page, per_page)
    return Page(
        items=[view_of(m) for m in result.items],
        total=result.total,
        page=result.page,
        per_page=result.per_page,
    )


def images_of(vendor_id: int, limit: int = 200) -> list[MediaView]:
    """The shop's images for a picker (theme logo and banner), newest first."""
    rows = db.session.scalars(
        select(MediaFile)
        .where(MediaFile.vendor_id == vendor_id, MediaFile.kind == MediaKind.IMAGE)
        .order_by(MediaFile.created_at.desc(), MediaFile.id.desc())
        .limit(limit)
    )
    return [view_of(m) for m in rows]


def count(vendor_id: int) -> int:
    return db.session.scalar(select(func.count()).where(MediaFile.vendor_id == vendor_id)) or 0


def _own(vendor_id: int, media_id: int) -> MediaFile:
    media = db.session.scalar(
        select(MediaFile).where(MediaFile.id == media_id, MediaFile.vendor_id == vendor_id)
    )
    if media is None:
        raise MediaNotFound(media_id)
    return media


# ------------------------------------------------------------------ storing


@dataclass
class Ingested:
    """A file checked and written to disk, not yet recorded: ``discard()`` undoes it."""

    kind: MediaKind
    content_type: str
    extension: str
    size_bytes: int
    width: int | None
    height: int | None
    storage_key: str = ""
    thumbnail_key: str | None = None
    paths: list[Path] = field(default_factory=list)

    def discard(self) -> None:
        for path in self.paths:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def media_root() -> Path:
    """``CMS_MEDIA_ROOT``, else ``<instance>/media`` — except under test, where an unconfigured
    app writes to the system's temporary folder instead of the working tree's instance folder."""
    configured = get_module_config("cms").media_root
    if configured:
        return Path(configured)
    if current_app.testing:
        return Path(tempfile.gettempdir()) / "wizamart-test-media"
    return Path(current_app.instance_path) / "media"


def store_upload(
    vendor_id: int | None,
    platform_id: int,
    file_storage: FileStorage | None,
    alt_text: dict[str, str] | None = None,
    user_id: int | None = None,
    *,
    field: str = "file",
    commit: bool = True,
) -> MediaView:
    """Check, store and record an uploaded file; return it as a ``MediaView``.

    Raises ``UploadMissing`` (422) without a file, ``MediaTooLarge`` (413) over the type's limit,
    ``UnsupportedMedia`` (422) for anything but JPEG/PNG/WebP/GIF images and PDF files — each
    naming ``field``. With ``commit=False`` the row is only flushed: the caller's unit of work
    commits it (and must call ``discard_files`` on the result's row if it rolls back).
    """
    if file_storage is None or not file_storage.filename:
        raise UploadMissing(field)
    config = get_module_config("cms")
    limit = max(config.image_max_bytes, config.file_max_bytes)
    data = file_storage.stream.read(limit + 1)
    if not data:
        raise UploadMissing(field)
    return _record(
        vendor_id,
        platform_id,
        data,
        file_storage.filename,
        alt_text or {},
        user_id,
        field=field,
        commit=commit,
    )


def store_bytes(
    vendor_id: int | None,
    platform_id: int,
    data: bytes,
    filename: str,
    alt_text: dict[str, str] | None = None,
    user_id: int | None = None,
    *,
    commit: bool = True,
) -> MediaView:
    """``store_upload`` for bytes already in hand (generated images, imports)."""
    return _record(
        vendor_id, platform_id, data, filename, alt_text or {}, user_id, field="file", commit=commit
    )


def store_generated_image(
    vendor_id: int,
    platform_id: int,
    name: str,
    colour: str,
    text: str,
    size: tuple[int, int] = (800, 600),
    alt_text: dict[str, str] | None = None,
) -> MediaView:
    """A simple picture drawn with Pillow (a coloured card with ``text``), stored in the shop's
    library as ``<name>.png``; demo data uses it for logos, banners and product photos.

    Idempotent: when the shop already has a file called ``<name>.png`` that one is returned.
    """
    filename = f"{secure_filename(name) or 'image'}.png"
    existing = db.session.scalar(
        select(MediaFile)
        .where(MediaFile.vendor_id == vendor_id, MediaFile.filename == filename)
        .order_by(MediaFile.id)
        .limit(1)
    )
    if existing is not None:
        return view_of(existing)
    alt = alt_text if alt_text is not None else {"en": text}
    return store_bytes(vendor_id, platform_id, draw_card(colour, text, size), filename, alt)


def draw_card(colour: str, text: str, size: tuple[int, int] = (800, 600)) -> bytes:
    """PNG bytes: a ``colour`` background fading darker, a soft circle, and ``text`` centred."""
    width, height = max(16, int(size[0])), max(16, int(size[1]))
    base = ImageOps.colorize(
        Image.linear_gradient("L").resize((width, height)),
        black=_shade(colour, 0.65),
        white=colour,
    ).convert("RGB")
    draw = ImageDraw.Draw(base, "RGBA")
    radius = min(width, height) // 3
    draw.ellipse(
        (width - radius * 2 + radius // 3, -radius // 2, width + radius // 3, radius * 3 // 2),
        fill=(255, 255, 255, 40),
    )
    font = _font(max(12, min(width // max(6, len(text) + 2), height // 4)))
    text = _drawable(text, font)
    box = draw.textbbox((0, 0), text, font=font)
    x, y = (width - (box[2] - box[0])) / 2 - box[0], (height - (box[3] - box[1])) / 2 - box[1]
    draw.text((x + 2, y + 2), text, font=font, fill=(0, 0, 0, 90))
    draw.text((x, y), text, font=font, fill=(255, 255, 255, 255))
    out = io.BytesIO()
    base.save(out, "PNG", optimize=True)
    return out.getvalue()


# A system font with accented letters when there is one (Pillow's own lacks "ë", "é"…).
CARD_FONTS = ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _font(size: int):
    for name in CARD_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow built without FreeType: the small bitmap font
        return ImageFont.load_default()


def _drawable(text: str, font) -> str:
    """``text`` without the accents a fallback font cannot draw (``Vëlo`` -> ``Velo``)."""
    if isinstance(font, ImageFont.FreeTypeFont) and "DejaVu" in (font.getname()[0] or ""):
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text


def _shade(colour: str, factor: float) -> str:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(ch * 2 for ch in colour)
    try:
        rgb = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        rgb = [120, 120, 120]
    return "#" + "".join(f"{int(c * factor):02x}" for c in rgb)


def _record(
    vendor_id, platform_id, data: bytes, filename: str, alt_text: dict, user_id, *, field: str, commit: bool
) -> MediaView:
    ingested = ingest(data, field)
    try:
        media = MediaFile(
            platform_id=platform_id,
            vendor_id=vendor_id,
            kind=ingested.kind,
            filename=_display_name(filename, ingested.extension),
            content_type=ingested.content_type,
            size_bytes=ingested.size_bytes,
            width=ingested.width,
            height=ingested.height,
            alt_text={lang: text for lang, text in alt_text.items() if text},
            storage_key=ingested.storage_key,
            thumbnail_key=ingested.thumbnail_key,
            uploaded_by_id=user_id,
        )
        db.session.add(media)
        db.session.flush()
        view = view_of(media)
        if commit:
            db.session.commit()
    except BaseException:
        if commit:
            db.session.rollback()
        ingested.discard()
        raise
    return view


def discard_files(storage_keys: Iterable[str | None]) -> None:
    """Remove stored files (a caller's unit of work rolled back after ``commit=False``)."""
    root = media_root()
    for key in storage_keys:
        if key:
            with contextlib.suppress(FileNotFoundError):
                (root / key).unlink()


def sniff(data: bytes) -> str | None:
    """``"image"``, ``"pdf"`` or ``None`` from the file's first bytes (its magic number)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return "image"
    return None


def ingest(data: bytes, field: str = "file") -> Ingested:
    """Check ``data`` (type from its content, size, pixels) and write it (and a thumbnail) to disk."""
    config = get_module_config("cms")
    kind = sniff(data)
    if kind is None:
        raise UnsupportedMedia(field)
    if kind == "pdf":
        if len(data) > config.file_max_bytes:
            raise MediaTooLarge(field, config.file_max_bytes)
        ingested = Ingested(MediaKind.FILE, PDF[0], PDF[1], len(data), None, None)
        _write(ingested, data, None)
        return ingested
    if len(data) > config.image_max_bytes:
        raise MediaTooLarge(field, config.image_max_bytes)
    image = _open_image(data, field, config.image_max_pixels)
    content_type, extension = IMAGE_FORMATS[image.format]
    width, height = image.size
    ingested = Ingested(MediaKind.IMAGE, content_type, extension, len(data), width, height)
    _write(ingested, data, _thumbnail(image, config.thumbnail_px))
    return ingested


def _open_image(data: bytes, field: str, max_pixels: int) -> Image.Image:
    """The decoded image, or ``UnsupportedMedia`` (not an image, a format we do not take, or broken)."""
    try:
        probe = Image.open(io.BytesIO(data))
        if probe.format not in IMAGE_FORMATS:
            raise UnsupportedMedia(field)
        if probe.size[0] * probe.size[1] > max_pixels:
            # Decoding would take memory out of all proportion to the file's size.
            raise UnsupportedMedia(field)
        probe.verify()  # checks the structure; the image must be opened again to be used
        image = Image.open(io.BytesIO(data))
        image.load()
    except UnsupportedMedia:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise UnsupportedMedia(field) from None
    return image


def _thumbnail(image: Image.Image, longest_side: int) -> bytes:
    """A WebP no larger than ``longest_side`` pixels, upright (EXIF orientation applied)."""
    if getattr(image, "is_animated", False):
        image.seek(0)  # an animated GIF's first frame
    thumb = ImageOps.exif_transpose(image)  # a copy, upright
    thumb = thumb.convert("RGBA" if thumb.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    thumb.thumbnail((longest_side, longest_side))
    out = io.BytesIO()
    thumb.save(out, "WEBP", quality=82, method=4)
    return out.getvalue()


def _write(ingested: Ingested, data: bytes, thumbnail: bytes | None) -> None:
    root = media_root()
    stem = f"{datetime.now().strftime('%Y/%m')}/{uuid.uuid4().hex}"
    ingested.storage_key = stem + ingested.extension
    files = [(ingested.storage_key, data)]
    if thumbnail is not None:
        ingested.thumbnail_key = f"{stem}-thumb.webp"
        files.append((ingested.thumbnail_key, thumbnail))
    try:
        for key, content in files:
            path = root / key
            path.parent.mkdir(parents=True, exist_ok=True)
            ingested.paths.append(path)
            with open(path, "xb") as handle:
                handle.write(content)
    except BaseException:
        ingested.discard()
        raise


def _display_name(filename: str, extension: str) -> str:
    """The uploaded name, kept for people, with the extension its real type has."""
    stem = os.path.splitext(os.path.basename(filename.replace("\\", "/")))[0].strip() or "file"
    return (stem[: 250 - len(extension)] + extension)[:255]


# ------------------------------------------------------------------ changing


def update_alt_text(vendor_id: int, media_id: int, alt_text: dict[str, str]) -> MediaView:
    """Replace the file's alt texts (languages left out are cleared)."""
    media = _own(vendor_id, media_id)
    media.alt_text = {lang: text for lang, text in alt_text.items() if text}
    db.session.commit()
    return view_of(media)


def delete(vendor_id: int, media_id: int) -> None:
    """Delete a media file and its stored files; refused (``MediaInUse``, 409) while it is used."""
    media = _own(vendor_id, media_id)
    uses = usage(vendor_id, media_id)
    if uses:
        raise MediaInUse(media.filename, ", ".join(uses))
    keys = [media.storage_key, media.thumbnail_key]
    try:
        db.session.delete(media)
        db.session.commit()
    except IntegrityError:
        # A module pointing at it by foreign key that did not answer media_in_use (PostgreSQL).
        db.session.rollback()
        raise MediaInUse(media.filename, "—") from None
    discard_files(keys)


def usage(vendor_id: int, media_id: int) -> list[str]:
    """Where the file is shown: the shop's logo or banner, and what other modules report through
    the ``media_in_use`` hook (catalog's products)."""
    from wizamart import t

    uses = []
    theme = db.session.scalar(
        select(ShopTheme).where(
            ShopTheme.vendor_id == vendor_id,
            or_(ShopTheme.logo_media_id == media_id, ShopTheme.banner_media_id == media_id),
        )
    )
    if theme is not None:
        uses.append(t("cms.media.used_by_theme"))
    hook = current_app.extensions["wizamart"].pm.hook
    if hasattr(hook, "media_in_use"):
        for answer in hook.media_in_use(vendor_id=vendor_id, media_id=media_id):
            if answer:
                uses.extend([answer] if isinstance(answer, str) else list(answer))
    return uses
