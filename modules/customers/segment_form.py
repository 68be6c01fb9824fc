"""The segment rule builder's form rows, read into the same data the API takes as JSON."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from wizamart import t

from .schemas import RULE_FIELDS, euros_to_cents

FORM_ROWS = 6  # rows of the rule builder; empty ones are left out


def segment_data(form: MultiDict) -> dict:
    """``{"name": ..., "rules": [{"field", "op", "value"}, ...]}`` from the form's rows; the total
    spent is typed in euros on the page and kept in cents."""
    rules = []
    for field, op, value in zip(
        form.getlist("rule_field"), form.getlist("rule_op"), form.getlist("rule_value"), strict=False
    ):
        if not field and not value.strip():
            continue
        if field == "total_spent":
            value = euros_to_cents(value)
        rules.append({"field": field, "op": op, "value": value})
    return {"name": form.get("name", ""), "rules": rules}


def rule_rows(rules: list[dict]) -> list[dict]:
    """The builder's rows for a segment's rules (euros for the total spent), padded with empty rows."""
    rows = []
    for rule in rules:
        value = rule.get("value", "")
        if rule.get("field") == "total_spent" and isinstance(value, int):
            value = f"{value / 100:.2f}"
        rows.append({"field": rule.get("field", ""), "op": rule.get("op", ""), "value": value})
    return rows + [{"field": "", "op": "", "value": ""}] * max(1, FORM_ROWS - len(rows))


def field_options() -> list[tuple[str, str]]:
    return [
        ("", t("customers.rule.choose")),
        ("total_spent", t("customers.rule.total_spent")),
        ("order_count", t("customers.rule.order_count")),
        ("ordered_within", t("customers.rule.ordered_within")),
        ("registered", t("customers.rule.registered")),
        ("city", t("customers.rule.city")),
        ("language", t("customers.rule.language")),
    ]


def op_options() -> list[tuple[str, str]]:
    labels = {
        "gte": t("customers.op.gte"),
        "gt": t("customers.op.gt"),
        "lte": t("customers.op.lte"),
        "lt": t("customers.op.lt"),
        "eq": t("customers.op.eq"),
        "ne": t("customers.op.ne"),
        "within": t("customers.op.within"),
        "not_within": t("customers.op.not_within"),
        "before": t("customers.op.before"),
        "after": t("customers.op.after"),
    }
    ops = []
    for field_ops, _kind in RULE_FIELDS.values():
        ops += [op for op in field_ops if op not in ops]
    return [(op, labels[op]) for op in ops]


def describe(rule: dict) -> str:
    """A rule in words for lists: "Total spent ≥ 150.00"."""
    fields = dict(field_options())
    ops = dict(op_options())
    value = rule.get("value")
    if rule.get("field") == "total_spent" and isinstance(value, int):
        from wizamart import format_money

        value = format_money(value)
    field, op = rule.get("field"), rule.get("op")
    return f"{fields.get(field, field)} {ops.get(op, op)} {value}"
