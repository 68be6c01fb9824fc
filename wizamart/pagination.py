"""Paginating a SQLAlchemy select, for list pages and list APIs alike."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from wizamart.database import db

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def meta(self) -> dict[str, int]:
        return {"total": self.total, "page": self.page, "per_page": self.per_page, "pages": self.pages}


def paginate(query: Select, page: int = 1, per_page: int = 20) -> Page:
    """One page of ``query``'s rows (scalars), with the total count."""
    page = max(1, int(page))
    per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    offset = (page - 1) * per_page
    # Past the end there is nothing to fetch, and an offset from ?page=10**20 would overflow
    # the database's integers.
    items = list(db.session.scalars(query.limit(per_page).offset(offset))) if offset < total else []
    return Page(items=items, total=total, page=page, per_page=per_page)
