"""The catalog module's errors."""

from wizamart.errors import NotFoundError


class ProductNotFound(NotFoundError):
    """A product that does not exist in this shop."""
