"""Public services of the customers module.

Other modules call ``customer_service`` (``record_guest``, ``current_customer``,
``record_order``); the rest serves this module's own routes.
"""

from .account_service import AccountService, account_service
from .customer_service import CustomerService, customer_service
from .segment_service import SegmentService, segment_service

__all__ = [
    "AccountService",
    "CustomerService",
    "SegmentService",
    "account_service",
    "customer_service",
    "segment_service",
]
