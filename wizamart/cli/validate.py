"""``flask modules validate``: the architecture rules MOD-001…MOD-019 on this installation's modules.

Kept apart from ``wizamart/cli/modules.py`` (which adds this command to its group) so
that neither file imports the other's module at import time.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.validator import RULES, Report, Severity, validate_app

LABELS = {Severity.ERROR: "error(s)", Severity.WARNING: "warning(s)", Severity.INFO: "info"}


@click.command("validate")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON")
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors")
@click.option(
    "--path",
    "paths",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Also validate the module folders in this directory (repeatable); they are read, not loaded",
)
@click.option("--rules", "list_rules", is_flag=True, help="List the rules and exit")
@with_appcontext
def validate(as_json: bool, strict: bool, paths: tuple[Path, ...], list_rules: bool) -> None:
    """Check every module's layout against the architecture rules; exit 1 on any ERROR.

    Broken modules (failing to import) are checked from their folders as far as possible.
    """
    if list_rules:
        for rule in RULES:
            click.echo(f"{rule.id} {rule.severity.value:<7} {rule.title}")
        return
    report = validate_app(current_app, extra_roots=paths)
    if as_json:
        click.echo(json.dumps(_as_json(report, strict), indent=2))
    else:
        for finding in report.findings:
            click.echo(finding.line())
        click.echo(summary(report, strict))
    if report.failed(strict):
        raise SystemExit(1)


def summary(report: Report, strict: bool = False) -> str:
    """``3 module(s) validated: 1 error(s), 2 warning(s), 0 info -> FAILED``, and how many were broken."""
    counts = ", ".join(f"{report.count(severity)} {LABELS[severity]}" for severity in Severity)
    broken = sum(1 for m in report.modules if m.broken)
    note = f" ({broken} broken module(s) checked from their folders)" if broken else ""
    verdict = "FAILED" if report.failed(strict) else "OK"
    return f"{len(report.modules)} module(s) validated: {counts}{note} -> {verdict}"


def _as_json(report: Report, strict: bool) -> dict:
    return {
        "ok": not report.failed(strict),
        "strict": strict,
        "modules": sorted(m.code for m in report.modules),
        "summary": {severity.value.lower(): report.count(severity) for severity in Severity},
        "findings": [f.to_dict() for f in report.findings],
    }
