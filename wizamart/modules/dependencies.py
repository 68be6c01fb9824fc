"""Dependency rules between modules and the load order they give.

Rules (the spec's): a required module must exist and load; requirements form no cycle;
a core module requires only core modules. The load order is topological, ties broken
by code, so it is the same on every machine.
"""

from __future__ import annotations

import heapq

from wizamart.errors import DependencyError
from wizamart.modules.registry import LoadedModule, ModuleStatus


def check_dependencies(entries: list[LoadedModule], strict: bool) -> None:
    """Mark (or, when strict, raise for) every module whose requirements cannot be met."""
    _mark_duplicates(entries, strict)
    by_code = {m.code: m for m in entries if m.loaded}
    for module in sorted(by_code.values(), key=lambda m: m.code):
        definition = module.definition
        for required in definition.requires:
            other = by_code.get(required)
            if other is None:
                _fail(module, strict, f"{module.code} -> {required} (missing)")
            elif definition.is_core and not other.definition.is_core:
                _fail(
                    module,
                    strict,
                    f"core module '{module.code}' requires {other.definition.tier.value} "
                    f"module '{required}'; core modules may only require core modules",
                )
    cycle = find_cycle({m.code: m.definition.requires for m in entries if m.loaded})
    if cycle:
        text = " -> ".join(cycle)
        for code in cycle[:-1]:
            _fail(by_code[code], strict, f"dependency cycle: {text}")
    block_dependents(entries)


def load_order(entries: list[LoadedModule]) -> list[LoadedModule]:
    """Loaded modules, each after what it requires, ties by code."""
    loaded = {m.code: m for m in entries if m.loaded}
    waiting = {code: set(m.definition.requires) for code, m in loaded.items()}
    ready = [code for code, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order = []
    while ready:
        code = heapq.heappop(ready)
        order.append(loaded[code])
        for other, needs in waiting.items():
            if code in needs:
                needs.discard(code)
                if not needs:
                    heapq.heappush(ready, other)
    return order


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """The first cycle found walking codes in order, as ``[a, b, c, a]``, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(code: str) -> list[str] | None:
        state[code] = 1
        path.append(code)
        for nxt in sorted(graph.get(code, [])):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[code] = 2
        return None

    for code in sorted(graph):
        if code not in state:
            found = visit(code)
            if found:
                return found
    return None


def _mark_duplicates(entries: list[LoadedModule], strict: bool) -> None:
    seen: dict[str, LoadedModule] = {}
    for module in entries:
        if not module.loaded:
            continue
        first = seen.setdefault(module.code, module)
        if first is not module:
            _fail(
                module,
                strict,
                f"field 'code': {module.code!r} is already used by the module at {first.path} "
                f"({first.source})",
                status=ModuleStatus.BROKEN,
            )


def block_dependents(entries: list[LoadedModule]) -> None:
    """A module requiring one that is not loaded is blocked, transitively."""
    changed = True
    while changed:
        changed = False
        unavailable = {m.code: m.status.value for m in entries if not m.loaded}
        for module in entries:
            if not module.loaded:
                continue
            missing = [r for r in module.definition.requires if r in unavailable]
            if missing:
                reasons = ", ".join(f"{module.code} -> {r} ({unavailable[r]})" for r in missing)
                module.fail(ModuleStatus.BLOCKED, reasons)
                changed = True


def _fail(module: LoadedModule, strict: bool, reason: str, status=ModuleStatus.BLOCKED) -> None:
    if strict:
        raise DependencyError(module.code, reason)
    if module.loaded:
        module.fail(status, reason)
