"""Test helpers of the payments module: a fake Stripe server speaking its HTTP API."""
