"""The cms module's errors."""

from wizamart.errors import NotFoundError


class MediaNotFound(NotFoundError):
    """A media file that does not exist in this shop."""
