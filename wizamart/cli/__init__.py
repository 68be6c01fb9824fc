"""The framework's ``flask`` commands: ``flask modules …`` and the module-aware ``flask db …``."""

from __future__ import annotations

from flask import Flask

from wizamart.cli.db import db_group
from wizamart.cli.modules import modules_group


def register(app: Flask) -> None:
    app.cli.add_command(modules_group)
    app.cli.add_command(db_group)  # replaces Flask-Migrate's group of the same name
