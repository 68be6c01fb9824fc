"""The cms module's tables."""

from .media import MediaFile, MediaKind

__all__ = ["MediaFile", "MediaKind"]
