"""One validation for pages and API: pydantic schemas, with errors keyed by field.

A route parses ``request.form`` (pages) or ``request.get_json()`` (API) into the same
schema; a page re-renders its form with per-field errors, the API answers 422 naming
the fields.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic
from werkzeug.datastructures import MultiDict

from wizamart.errors import ValidationError
from wizamart.i18n import error_text, t_or

SchemaT = TypeVar("SchemaT", bound=pydantic.BaseModel)


def field_errors(exc: pydantic.ValidationError) -> dict[str, str]:
    """``{"email": "is not a valid e-mail address", ...}`` — the first error per field, in the
    request's language."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "__root__"
        errors.setdefault(field, describe_error(error))
    return errors


def describe_error(error: dict) -> str:
    """One pydantic error as text for people.

    A module's validator may raise ``ValueError("<code>.validation.<name>")``: a locale key,
    shown translated. Pydantic's own errors read ``core.validation.<type>`` where that key
    exists; otherwise pydantic's English message is shown.
    """
    message = error["msg"].removeprefix("Value error, ")
    params = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, str | int | float)}
    if error["type"] == "value_error":
        return t_or(message, message, **params)
    return t_or(f"core.validation.{error['type']}", message, **params)


def form_data(form: MultiDict, schema: type[pydantic.BaseModel]) -> dict[str, Any]:
    """Form fields as the schema expects them: lists stay lists, empty strings become absent."""
    data: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        if name not in form:
            continue
        values = form.getlist(name)
        is_list = getattr(field.annotation, "__origin__", None) is list
        if is_list:
            data[name] = [v for v in values if v != ""]
        elif values[-1] != "":
            data[name] = values[-1]
    return data


def parse(schema: type[SchemaT], data: Any) -> SchemaT:
    """Validate ``data`` or raise a 422 ``ValidationError`` whose details name each field."""
    if data is None:
        raise ValidationError(
            "The request needs a JSON body",
            details={"fields": {"__root__": "core.validation.json_body"}},
            key="core.validation.json_body",
        )
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        fields = field_errors(exc)
        first = next(iter(fields))
        raise ValidationError(f"{first}: {fields[first]}", details={"fields": fields}) from exc


def parse_form(schema: type[SchemaT], form: MultiDict) -> SchemaT:
    """``parse`` for an HTML form; errors are keyed by the form field (``platform_ids``, not
    ``platform_ids.0``), so each shows next to its input."""
    try:
        return parse(schema, form_data(form, schema))
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for key, message in exc.details["fields"].items():
            fields.setdefault(key.split(".", 1)[0], message)
        exc.details["fields"] = fields
        raise


def run_form_action(action):
    """Run a page's service call; return ``(result, errors)`` where errors are per field.

    A domain error that names fields (``details["fields"]``) becomes those field errors;
    any other domain error becomes a form-level error (key ``__root__``).
    """
    from wizamart.errors import WizamartException

    try:
        return action(), {}
    except WizamartException as exc:
        fields = exc.details.get("fields") if isinstance(exc.details, dict) else None
        if fields:
            return None, {name: t_or(text, text) for name, text in fields.items()}
        return None, {"__root__": error_text(exc)}
