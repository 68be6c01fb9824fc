"""The documentation keeps up with the code: every hook is documented with its exact
signature, every hookspec has a docstring, and the docs' links and commands exist."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from hookspecs import specs
from hookspecs.markers import PROJECT_NAME

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "module-authors-guide.md"
ARCHITECTURE = ROOT / "docs" / "architecture" / "module-system.md"
README = ROOT / "README.md"
HOOK_HEADING = re.compile(r"^### `(?P<name>\w+)(?P<signature>\(.*\))`\s*$", re.MULTILINE)


def hookspecs() -> dict[str, object]:
    """Every hookspec of ``hookspecs.specs`` by name."""
    return {
        name: function
        for name, function in vars(specs).items()
        if callable(function) and hasattr(function, f"{PROJECT_NAME}_spec")
    }


def hook_reference() -> str:
    """The guide's "Hook reference" section (to the end of the file or the next ``## ``)."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("\n## Hook reference\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def documented_hooks() -> dict[str, str]:
    """``{name: "(args)"}`` of every ``### `name(args)` `` heading of the hook reference."""
    headings = HOOK_HEADING.findall(hook_reference())
    names = [name for name, _ in headings]
    assert len(names) == len(set(names)), f"a hook is documented twice: {sorted(names)}"
    return dict(headings)


def test_the_hookspecs_are_found():
    # Guards the tests below against passing on an empty set.
    assert {"register_routes", "register_tasks", "menu_items", "migrations", "locales"} <= set(hookspecs())


@pytest.mark.parametrize("name", sorted(hookspecs()))
def test_every_hookspec_is_in_the_guide_with_its_exact_signature(name):
    documented = documented_hooks()
    expected = f"{name}{inspect.signature(hookspecs()[name])}"
    assert name in documented, f"hook {expected} is missing from the hook reference of {GUIDE.name}"
    assert f"{name}{documented[name]}" == expected


def test_no_hook_is_documented_that_does_not_exist():
    unknown = set(documented_hooks()) - set(hookspecs())
    assert not unknown, (
        f"{GUIDE.name} documents hooks that hookspecs.specs does not declare: {sorted(unknown)}"
    )


@pytest.mark.parametrize("name", sorted(hookspecs()))
def test_every_hookspec_has_a_docstring(name):
    doc = inspect.getdoc(hookspecs()[name])
    assert doc and doc.strip(), f"hookspec {name} has no docstring"


@pytest.mark.parametrize("document", [README, GUIDE, ARCHITECTURE], ids=lambda p: p.name)
def test_relative_links_point_at_files_that_exist(document):
    text = document.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not re.match(r"^[a-z]+:", t)]
    missing = [t for t in local if not (document.parent / t).exists()]
    assert not missing, f"{document.name} links to missing files: {missing}"


@pytest.mark.parametrize("document", [README, GUIDE, ARCHITECTURE], ids=lambda p: p.name)
def test_flask_commands_in_the_docs_exist(document, runner):
    """Every ``flask modules X`` / ``flask db X`` the docs mention is a real command."""
    text = document.read_text(encoding="utf-8")
    mentioned = set(re.findall(r"flask (modules|db) ([a-z][a-z-]*)", text))
    assert mentioned, f"{document.name} mentions no flask command"
    for group, command in sorted(mentioned):
        result = runner.invoke(args=[group, command, "--help"])
        assert result.exit_code == 0, f"{document.name}: `flask {group} {command}` does not exist"
