"""``flask demo``: load the demo data of every module, once and idempotently."""

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.plugins import ask


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Load demo data (safe to run again) and print where to sign in."""
    state = current_app.extensions["wizamart"]
    shared: dict = {"logins": []}
    for entry in state.registry.loaded():
        ask(state.pm, "load_demo_data", entry.code, definition=entry.definition, demo=shared)
    click.echo("Demo data is ready. Sign in with:")
    for line in shared["logins"]:
        click.echo(f"  {line}")


commands = [demo]
