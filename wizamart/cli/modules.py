"""``flask modules …``: see, check and switch the modules of this installation."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.errors import WizamartException
from wizamart.modules.registry import LoadedModule
from wizamart.modules.service import module_service


@click.group("modules", help="List, inspect, validate, enable and disable modules.")
def modules_group() -> None:
    pass


def _state():
    return current_app.extensions["wizamart"]


def describe(entry: LoadedModule) -> dict:
    """A module as ``flask modules list --json`` shows it."""
    d = entry.definition
    return {
        "code": entry.code,
        "name": d.name if d else None,
        "tier": d.tier.value if d else None,
        "version": d.version if d else None,
        "requires": list(d.requires) if d else [],
        "source": entry.source,
        "path": str(entry.path),
        "status": entry.status.value,
        "reason": entry.reason.splitlines()[0] if entry.reason else "",
        "hooks": entry.hooks,
    }


@modules_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON")
@with_appcontext
def list_modules(as_json: bool) -> None:
    """Every module found: code, tier, version, source, status and hooks implemented."""
    rows = [describe(e) for e in _state().registry.entries]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'CODE':<14}{'TIER':<10}{'VERSION':<9}{'STATUS':<9}{'SOURCE':<12}HOOKS")
    for row in rows:
        click.echo(
            f"{row['code']:<14}{row['tier'] or '-':<10}{row['version'] or '-':<9}{row['status']:<9}"
            f"{row['source'].split(' ')[0]:<12}{', '.join(row['hooks']) or '-'}"
        )
        if row["reason"]:
            click.echo(f"{'':<14}reason: {row['reason']}")


@modules_group.command("show")
@click.argument("code")
@with_appcontext
def show_module(code: str) -> None:
    """Everything about one module."""
    state = _state()
    entry = _entry_or_fail(code)
    info = describe(entry)
    if entry.definition is not None:
        info.update(entry.definition.model_dump(mode="json", exclude={"code", "name", "version", "requires"}))
    if entry.loaded:
        info["required_by"] = sorted(state.registry.dependents_of(code))
        info["menu_items"] = {
            frontend.value: [item.id for item in items if item.module == code]
            for frontend, items in state.menus.items()
            if any(item.module == code for item in items)
        }
    for key, value in info.items():
        if value in (None, "", [], {}):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        click.echo(f"{key:<18}{shown}")
    if entry.traceback:
        click.echo(entry.traceback)


@modules_group.command("graph")
@click.option("--dot", is_flag=True, help="Print Graphviz DOT instead of text")
@with_appcontext
def graph(dot: bool) -> None:
    """The dependency graph: each module and what it requires."""
    modules = _state().registry.modules
    if dot:
        click.echo("digraph modules {")
        for code, d in modules.items():
            click.echo(f'  "{code}" [shape={"box" if d.is_core else "ellipse"}];')
            for required in d.requires:
                click.echo(f'  "{code}" -> "{required}";')
        click.echo("}")
        return
    for code, d in modules.items():
        click.echo(f"{code} ({d.tier.value})" + (f" -> {', '.join(d.requires)}" if d.requires else ""))


def _entry_or_fail(code: str) -> LoadedModule:
    try:
        return _state().registry.entry(code)
    except WizamartException as exc:
        raise click.ClickException(exc.message) from exc


def _platform_id(ref: str) -> int:
    platform_id = _state().pm.hook.resolve_platform(ref=ref)
    if platform_id is None:
        raise click.BadParameter(f"no platform {ref!r}", param_hint="--platform")
    return platform_id


def _change(action: str, code: str, platform: str, dry_run: bool) -> None:
    platform_id = _platform_id(platform)
    change = module_service.enable_module if action == "enable" else module_service.disable_module
    try:
        cascade = change(platform_id, code, dry_run=dry_run)
    except WizamartException as exc:
        raise click.ClickException(exc.message) from exc
    verb = f"would {action}" if dry_run else f"{action}d"
    if not cascade:
        click.echo(f"nothing to do: '{code}' is already {action}d on platform {platform}")
        return
    click.echo(f"{verb} on platform {platform}: {', '.join(cascade)}")
    extra = [c for c in cascade if c != code]
    if extra:
        why = "dependencies of" if action == "enable" else "requiring"
        click.echo(f"  cascade ({why} '{code}'): {', '.join(extra)}")
    if action == "disable":
        click.echo("  no data is deleted")


@modules_group.command("enable")
@click.argument("code")
@click.option("--platform", required=True, help="Platform code or id")
@click.option("--dry-run", is_flag=True, help="Show the cascade without applying it")
@with_appcontext
def enable(code: str, platform: str, dry_run: bool) -> None:
    """Enable CODE on a platform, with the modules it requires."""
    _change("enable", code, platform, dry_run)


@modules_group.command("disable")
@click.argument("code")
@click.option("--platform", required=True, help="Platform code or id")
@click.option("--dry-run", is_flag=True, help="Show the cascade without applying it")
@with_appcontext
def disable(code: str, platform: str, dry_run: bool) -> None:
    """Disable CODE on a platform, with the modules requiring it. Deletes no data."""
    _change("disable", code, platform, dry_run)


@modules_group.command("locales")
@click.option("--missing", is_flag=True, help="List keys a language lacks")
@with_appcontext
def locales(missing: bool) -> None:
    """Translation coverage per language; with --missing, the untranslated keys."""
    translations = _state().translations
    gaps = translations.missing()
    for lang in translations.languages:
        keys = gaps.get(lang, [])
        click.echo(f"{lang}: {len(translations.messages.get(lang, {}))} keys, {len(keys)} missing")
        if missing:
            for key in keys:
                click.echo(f"  {key}  ({translations.owners.get(key, '?')})")
    if missing and gaps:
        raise SystemExit(1)


from wizamart.cli.validate import validate  # noqa: E402  (kept in its own file, added here)

modules_group.add_command(validate)
