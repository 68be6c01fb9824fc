"""How the app's connections to PostgreSQL are set up."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from wizamart.database import db


def parallel_workers(app) -> str:
    with app.app_context():
        return db.session.execute(text("SHOW max_parallel_workers_per_gather")).scalar()


def test_a_query_of_the_app_runs_on_one_core_unless_asked(make_app, postgres_server_url):
    if postgres_server_url is None:
        pytest.skip("needs DATABASE_URL on PostgreSQL")
    assert parallel_workers(make_app()) == "0"
    assert parallel_workers(make_app(DATABASE_PARALLEL_QUERY=True)) != "0"
