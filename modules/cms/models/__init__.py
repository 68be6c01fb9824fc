"""The cms module's tables."""

from .media import MediaFile, MediaKind
from .page import ContentPage, PageKind
from .theme import ShopTheme

__all__ = ["ContentPage", "MediaFile", "MediaKind", "PageKind", "ShopTheme"]
