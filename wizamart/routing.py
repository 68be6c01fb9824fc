"""URL rules whose builders are compiled on first use.

Werkzeug compiles two URL-builder functions per rule when the rule is added (through ``ast``
and ``compile``, ~0.2 ms each). With 300+ routes that was three quarters of building the app
(166 ms of 200), paid by every gunicorn worker at start and by every test that builds an app,
while a process builds only a fraction of its URLs. Here each builder is compiled the first
time ``url_for`` needs it, then kept on the rule like Werkzeug's own.
"""

from __future__ import annotations

from werkzeug.routing import Rule


class LazyBuildRule(Rule):
    """A Werkzeug ``Rule`` that defers compiling its URL builders to their first use."""

    def _compile_builder(self, append_unknown: bool = True):
        attribute = "_build_unknown" if append_unknown else "_build"

        def build(rule: Rule, *args, **values):
            # Replaces itself on the rule with Werkzeug's compiled builder (two threads racing
            # here both compile the same function: harmless).
            compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, attribute, compiled)
            return compiled(*args, **values)

        return build
