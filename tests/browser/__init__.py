"""Browser tests: the live app in Chromium (see conftest.py)."""
