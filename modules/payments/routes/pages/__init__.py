"""Pages of the payments module."""
