"""Dashboards made of widgets that modules contribute through the ``dashboard_widgets`` hook."""

from __future__ import annotations

import logging

from flask import current_app, g, request, url_for
from werkzeug.routing import BuildError

from wizamart import DashboardWidget, module_service
from wizamart.modules.definition import FrontendType
from wizamart.plugins import ask

log = logging.getLogger("wizamart.modules.core")


class DashboardService:
    """Collects the widgets of every module enabled on the request's platform."""

    def widgets(self, frontend: FrontendType) -> list[dict]:
        state = current_app.extensions["wizamart"]
        params = {k: v for k, v in (request.view_args or {}).items() if k == "vendor_code"}
        found: list[DashboardWidget] = []
        for entry in state.registry.loaded():
            if not module_service.is_module_enabled(g.get("platform_id"), entry.code):
                continue
            for answer in ask(
                state.pm, "dashboard_widgets", entry.code, frontend=frontend, definition=entry.definition
            ):
                found += [w if w.module else w.model_copy(update={"module": entry.code}) for w in answer]
        shown = []
        for widget in sorted(found, key=lambda w: (w.order, w.module, w.id)):
            try:
                url = url_for(widget.endpoint, **params) if widget.endpoint else None
            except BuildError:
                log.warning("widget %s of %s: no endpoint %s", widget.id, widget.module, widget.endpoint)
                url = None
            shown.append({**widget.model_dump(), "url": url})
        return shown


dashboard_service = DashboardService()
