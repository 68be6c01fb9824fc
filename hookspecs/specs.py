"""Hook specifications: what the framework asks of modules, and what it tells them.

Two kinds of hook:

* **Module hooks** are asked of one module at a time; what an implementation returns
  is attributed to the module that implemented it (its definition.py or hooks.py).
  The framework's file conventions implement each of them at ``trylast=True``, so a
  module that follows the conventions writes no hook code at all, and one that
  implements a hook itself adds to (or, for single-valued hooks, overrides) what the
  conventions found.
* **Application hooks and events** are called once for every plugin: the first
  non-``None`` answer wins for ``*_from_request`` / ``resolve_*`` hooks, every
  implementation runs for ``on_*`` events.

Hook names say what they do: ``register_*`` returns things to register,
``*_from_request`` resolves per-request state, ``on_*`` is an event.
"""

from __future__ import annotations

from hookspecs.markers import hookspec

# --------------------------------------------------------------------------- module
# Module hooks: asked of each module in load order, answers attributed to it.


@hookspec
def module_definition():
    """Return this module's :class:`wizamart.ModuleDefinition`.

    When: once, at discovery, before anything else is asked of the module.
    Receives: nothing.
    Returns: a ``ModuleDefinition`` (or ``None`` to defer).
    Default: the ``ModuleDefinition`` instance found in the module's ``definition.py``
    (or the entry point's target module). Implement it only to build the definition
    programmatically, e.g. a distribution that computes its version.
    """


@hookspec
def module_config(definition):
    """Return the pydantic-settings class (or an instance) holding this module's settings.

    When: once at startup, after discovery.
    Receives: ``definition`` — the module's ``ModuleDefinition``.
    Returns: a ``pydantic_settings.BaseSettings`` subclass or instance, or ``None``.
    The class is instantiated with environment variables prefixed ``<CODE>_`` (the
    module code upper-cased, ``-`` as ``_``) and with Flask config keys of the same
    prefix, which win. Read it with ``wizamart.get_module_config(code)``.
    Default: ``config_class`` (or the class of ``config``) exported by ``config.py``.
    """


@hookspec
def register_routes(app, definition):
    """Return the Flask blueprints this module serves.

    When: once at startup, while the app is assembled.
    Receives: ``app`` — the Flask app being built; ``definition`` — the module's
    ``ModuleDefinition``.
    Returns: a list of ``flask.Blueprint``, each with its own ``url_prefix``.
    Every blueprint is nested under the module's parent blueprint (named after the
    module code, so endpoints read ``<code>.<blueprint>.<view>``) and gated by
    per-platform enablement: on a platform where the module is disabled its pages
    answer 404 and its API answers JSON ``{"error": {"code": "module_disabled"}}``.
    Default: the blueprint exported (as ``blueprint``, ``router`` or
    ``<frontend>_router``) by ``routes/api/{admin,vendor,storefront}.py`` mounted at
    ``/api/v1/<frontend>/<code>``, and by ``routes/pages/{admin,vendor,storefront,public}.py``
    mounted at ``/admin``, ``/vendor/<vendor_code>``, ``/storefront/<vendor_code>`` and
    ``/``. Internal modules may only serve admin routes.
    """


@hookspec
def register_tasks(celery, definition):
    """Return the Celery task modules (dotted import paths) this module defines.

    When: once at startup, after the Celery app is configured.
    Receives: ``celery`` — the Celery app; ``definition`` — the module's definition.
    Returns: a list of importable module names; importing them registers the tasks
    declared with ``@wizamart.task``. Every task runs inside a Flask app context, and
    a task called with ``platform_id=`` refuses to run where its module is disabled.
    Default: the module's ``tasks`` package (``tasks/__init__.py``) and its submodules.
    """


@hookspec
def menu_items(frontend, definition):
    """Return the menu entries this module adds to one frontend's navigation.

    When: once per frontend (``admin``, ``vendor``, ``storefront``, ``public``) at startup.
    Receives: ``frontend`` — a :class:`wizamart.FrontendType`; ``definition``.
    Returns: a list of :class:`wizamart.MenuItem`. Items of disabled modules, or
    needing a permission the user lacks, are left out when a menu is rendered.
    Default: the entries of ``definition.menu_items[frontend]``; a bare string ``id``
    becomes an item labelled ``<code>.menu.<id>`` pointing at the endpoint
    ``<code>.<frontend>_pages.<id>``.
    """


@hookspec
def migrations(definition):
    """Return the Alembic version directories this module owns.

    When: once at startup, to build Alembic's ``version_locations``.
    Receives: ``definition``.
    Returns: a list of directory paths. Revisions there form the module's own branch:
    the first revision carries ``branch_labels = ("<code>",)`` and files are named
    ``<code>_<NNN>_<description>.py``.
    Default: ``migrations/versions/`` when it exists.
    """


@hookspec
def locales(definition):
    """Return this module's translations.

    When: once at startup; all modules' answers are merged.
    Receives: ``definition``.
    Returns: ``{"en": {"<code>.key": "text", ...}, "de": {...}, ...}``. Keys carry the
    module code as prefix. Supported languages: en, de, fr, lb.
    Default: ``locales/<lang>.json`` (``lu.json`` is read as ``lb``).
    """


@hookspec
def register_commands(definition):
    """Return click commands to add to the ``flask`` CLI.

    When: once at startup.
    Receives: ``definition``.
    Returns: a list of ``click.Command`` (a ``click.Group`` named after the module code
    is the convention, e.g. ``flask marketplace import …``).
    Default: ``commands`` (a list) or ``cli`` (a command or group) exported by ``cli.py``.
    """


@hookspec
def health_check(definition):
    """Report this module's health.

    When: on every ``GET /health`` (keep it cheap) for each enabled module.
    Receives: ``definition``.
    Returns: a :class:`wizamart.HealthResult` (``ok``, ``detail``, ``critical``), or
    ``None`` when the module has nothing to report. A failing ``critical`` check
    turns ``/health`` into a 503.
    Default: none.
    """


@hookspec
def register_permissions(definition):
    """Return the permissions this module's routes check.

    When: once at startup.
    Receives: ``definition``.
    Returns: a list of :class:`wizamart.Permission`; codes read ``<code>.<action>``.
    Roles map to sets of these codes.
    Default: the entries of ``definition.permissions``.
    """


# ---------------------------------------------------------------------- application
# Application hooks: called once across every plugin.


@hookspec(historic=True)
def add_hookspecs(plugin_manager):
    """Add hook specifications of a module's own (e.g. payments' payment providers).

    When: as soon as a module's plugins are registered; historic, so modules loaded
    later are called too.
    Receives: ``plugin_manager`` — the app's ``pluggy.PluginManager``.
    Returns: nothing; call ``plugin_manager.add_hookspecs(your_specs_module)``.
    Default: a module's ``hookspecs.py`` is added without any code.
    """


@hookspec
def init_app(app):
    """Finish setting up the assembled Flask app (extensions, request handlers).

    When: once, after every module's routes, templates and config are in place.
    Receives: ``app`` — the Flask app.
    Returns: nothing.
    """


@hookspec(firstresult=True)
def platform_from_request(request):
    """Resolve the platform a request belongs to.

    When: before every request.
    Receives: ``request`` — the Flask request.
    Returns: the platform's integer id, or ``None`` to let the next plugin decide.
    The first non-``None`` answer is stored in ``flask.g.platform_id``.
    Default: the configured ``DEFAULT_PLATFORM_ID``.
    """


@hookspec(firstresult=True)
def resolve_platform(ref):
    """Turn a platform reference given on the CLI (a code or an id) into its id.

    When: by ``flask modules enable/disable --platform REF``.
    Receives: ``ref`` — the string the user typed.
    Returns: the platform id, or ``None`` when this plugin does not know ``ref``.
    Default: an integer ``ref`` is taken as the id; ``default`` as ``DEFAULT_PLATFORM_ID``.
    """


@hookspec
def on_module_enabled(platform_id, module_code, user_id, cascade):
    """Event: a module was enabled on a platform.

    When: after the change is committed, once per module the change enabled
    (the one asked for and each dependency enabled with it).
    Receives: ``platform_id``; ``module_code``; ``user_id`` (or ``None`` for the CLI);
    ``cascade`` — every code the change enabled.
    Returns: nothing.
    """


@hookspec
def on_module_disabled(platform_id, module_code, user_id, cascade):
    """Event: a module was disabled on a platform. No data is deleted.

    When: after the change is committed, once per module the change disabled
    (the one asked for and each dependent disabled with it).
    Receives: ``platform_id``; ``module_code``; ``user_id``; ``cascade``.
    Returns: nothing.
    """


@hookspec
def dashboard_widgets(frontend, definition):
    """Return the figures this module shows on a dashboard.

    When: each time the admin dashboard (``/admin/``) or a vendor dashboard
    (``/vendor/<vendor_code>/``) is shown, for each module enabled on the platform.
    Receives: ``frontend`` — ``FrontendType.ADMIN`` or ``FrontendType.VENDOR``; ``definition``.
    The request's platform (``flask.g.platform_id``), vendor (``wizamart.context.current_vendor()``)
    and user (``flask_login.current_user``) are set.
    Returns: a list of :class:`wizamart.DashboardWidget`, or ``None``. Keep it to a few cheap queries.
    """


@hookspec
def settings_fields(scope, definition):
    """Declare settings that admins (``scope == "platform"``) or vendors (``"vendor"``) edit.

    When: whenever a settings page or ``core``'s settings service lists the fields.
    Receives: ``scope`` — ``"platform"`` or ``"vendor"``; ``definition``.
    Returns: a list of :class:`wizamart.SettingField` with keys ``<code>.<name>``, or ``None``.
    Read a value with ``core``'s ``settings_service.get(scope, scope_id, key)``.
    """


@hookspec
def load_demo_data(definition, demo):
    """Add this module's demo data; must be idempotent (``flask demo`` may run again).

    When: by ``flask demo`` (and ``make run`` on an empty database), module by module in
    load order, so a module finds what the modules it requires created.
    Receives: ``definition``; ``demo`` — a dict shared by all modules: put what others may
    need (ids, codes) under your module's code, and add printable lines to ``demo["logins"]``.
    Returns: nothing.
    """


@hookspec(firstresult=True)
def user_from_request(request, realm):
    """Identify the user of a request in one sign-in realm.

    When: the first time ``flask_login.current_user`` is read during a request.
    Receives: ``request``; ``realm`` — ``"admin"``, ``"vendor"``, ``"storefront"`` or ``"public"``
    (the frontend of the URL: each realm signs in separately).
    Returns: a user object (Flask-Login's interface), or ``None`` to let the next plugin try.
    """


@hookspec(firstresult=True)
def vendor_from_request(request):
    """Resolve the vendor a request acts for.

    When: the first time ``wizamart.context.current_vendor()`` is called during a request.
    Receives: ``request`` (``request.view_args["vendor_code"]`` on vendor and storefront pages).
    Returns: the vendor (an object with ``id``, ``code`` and ``platform_id``), or ``None``.
    """


@hookspec(firstresult=True)
def authorize_request(request, frontend, module_code, permissions, public):
    """Decide whether the request may reach a module's view — the one access check.

    When: before every module route, after the module-enablement check.
    Receives: ``request``; ``frontend`` — the ``FrontendType`` of the URL; ``module_code``;
    ``permissions`` — the codes the view declared with ``@permission_required``; ``public`` —
    True for views marked ``@public`` (sign-in pages).
    Returns: ``True`` to allow, ``None`` to let the next plugin decide; refuses by raising
    ``wizamart.security.AuthenticationRequired`` (401: sign in), ``PermissionDenied`` (403)
    or ``NotFoundError`` (404). Default: storefront, public and ``@public`` views are open;
    admin and vendor routes are refused when no plugin allowed them (access fails closed).
    """


@hookspec
def on_language_chosen(locale):
    """Event: the person chose a language with the language switcher.

    When: after the switcher stored the choice in the ``lang`` cookie.
    Receives: ``locale`` — one of the configured ``LANGUAGES``.
    Returns: nothing (tenancy saves it on the signed-in user's profile).
    """
