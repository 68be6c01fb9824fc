"""The Wizamart hook contract.

Every hook a module can implement is declared here, once, with a docstring that is
the reference for module authors (``docs/module-authors-guide.md`` lists them all and a
test keeps the two in step).

Module authors import the marker from the public surface::

    from wizamart import hookimpl

    @hookimpl
    def menu_items(frontend):
        ...

An implementation takes only the arguments it uses, so a hook can gain arguments
without breaking anyone. The framework's own default implementations (the file
conventions) run at ``trylast=True`` so a module's implementation comes first.
"""

from hookspecs import specs
from hookspecs.markers import PROJECT_NAME, hookimpl, hookspec

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec", "specs"]
