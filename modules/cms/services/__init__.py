"""The cms module's services: ``media_service`` (public to other modules), ``page_service``
and ``theme_service``."""

from . import media_service, page_service, theme_service

__all__ = ["media_service", "page_service", "theme_service"]
