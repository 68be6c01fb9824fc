"""Routes of the checkout module."""
