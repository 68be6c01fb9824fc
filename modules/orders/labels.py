"""Labels of the statuses and kinds the pages and e-mails show: literal locale keys, so the
language check finds every one of them."""

from .models import OrderStatus

STATUS_LABELS = {
    OrderStatus.PENDING: "orders.status.pending",
    OrderStatus.PAID: "orders.status.paid",
    OrderStatus.PROCESSING: "orders.status.processing",
    OrderStatus.SHIPPED: "orders.status.shipped",
    OrderStatus.DELIVERED: "orders.status.delivered",
    OrderStatus.CANCELLED: "orders.status.cancelled",
    OrderStatus.REFUNDED: "orders.status.refunded",
    OrderStatus.PARTIALLY_REFUNDED: "orders.status.partially_refunded",
}

# payments' statuses and ledger kinds, as the order page names them.
PAYMENT_STATUS_LABELS = {
    "pending": "orders.payment_status.pending",
    "authorised": "orders.payment_status.authorised",
    "paid": "orders.payment_status.paid",
    "partially_refunded": "orders.payment_status.partially_refunded",
    "refunded": "orders.payment_status.refunded",
    "failed": "orders.payment_status.failed",
    "cancelled": "orders.payment_status.cancelled",
}
TRANSACTION_LABELS = {
    "authorised": "orders.ledger.authorised",
    "captured": "orders.ledger.captured",
    "failed": "orders.ledger.failed",
    "refunded": "orders.ledger.refunded",
    "cancelled": "orders.ledger.cancelled",
}
EVENT_KIND_LABELS = {
    "status": "orders.history.status",
    "shipment": "orders.history.shipment",
    "payment": "orders.history.payment",
    "note": "orders.history.note",
}


def status_label(status: str) -> str:
    """The locale key of an order status (unknown ones fall back to the raw value)."""
    try:
        return STATUS_LABELS[OrderStatus(status)]
    except ValueError:
        return status


# Each language in its own words: the same whatever the reader's language.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "lb": "Lëtzebuergesch"}
