"""Settings of platforms and vendors, declared by modules through the ``settings_fields`` hook."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from wizamart import SettingField
from wizamart.database import db, utcnow
from wizamart.errors import ValidationError
from wizamart.i18n import t_or
from wizamart.plugins import ask

from ..models import Setting

SCOPES = ("platform", "vendor")


def message_of(exc: ValueError) -> str:
    """A field's ValueError in the request's language: a locale key with the values of its
    placeholders in ``context`` (``SettingField.clean``), or plain text."""
    key = getattr(exc, "message_template", str(exc))
    return t_or(key, str(exc), **(getattr(exc, "context", None) or {}))


class SettingsService:
    """Read and change settings; values are checked against each field's type and choices."""

    def fields(self, scope: str) -> list[SettingField]:
        """Every field the loaded modules declare for ``scope``, in module load order."""
        state = current_app.extensions["wizamart"]
        found: list[SettingField] = []
        for entry in state.registry.loaded():
            for answer in ask(
                state.pm, "settings_fields", entry.code, scope=scope, definition=entry.definition
            ):
                found += [f if f.module else f.model_copy(update={"module": entry.code}) for f in answer]
        return found

    def values(self, scope: str, scope_id: int) -> dict[str, Any]:
        """Each field's stored value, or its default."""
        stored = dict(
            db.session.execute(
                select(Setting.key, Setting.value).where(Setting.scope == scope, Setting.scope_id == scope_id)
            ).all()
        )
        return {f.key: stored.get(f.key, f.default) for f in self.fields(scope)}

    def get(self, scope: str, scope_id: int, key: str) -> Any:
        return self.values(scope, scope_id).get(key)

    def update(
        self, scope: str, scope_id: int, data: dict[str, Any], user_id: int | None = None
    ) -> dict[str, Any]:
        """Check every submitted field, then store them all (or none)."""
        fields = {f.key: f for f in self.fields(scope)}
        cleaned, errors = {}, {}
        for key, field in fields.items():
            if key not in data:
                continue
            try:
                cleaned[key] = field.clean(data[key])
            except ValueError as exc:
                errors[key] = message_of(exc)
        if errors:
            first = next(iter(errors))
            raise ValidationError(f"{first}: {errors[first]}", details={"fields": errors})
        rows = {
            row.key: row
            for row in db.session.scalars(
                select(Setting).where(
                    Setting.scope == scope, Setting.scope_id == scope_id, Setting.key.in_(cleaned)
                )
            )
        }
        for key, value in cleaned.items():
            row = rows.get(key) or Setting(scope=scope, scope_id=scope_id, key=key)
            row.value, row.updated_at, row.updated_by = value, utcnow(), user_id
            db.session.add(row)
        db.session.commit()
        return self.values(scope, scope_id)


settings_service = SettingsService()
