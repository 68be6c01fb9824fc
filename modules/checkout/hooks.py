"""Hooks checkout implements beyond the file conventions: its demo shipping methods."""

from __future__ import annotations

from wizamart import hookimpl


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)
