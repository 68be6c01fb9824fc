"""payments: payment providers contributed by any module (bank transfer and Stripe built in),
each shop's choice of them, and every payment's append-only ledger from which its status is
derived."""
