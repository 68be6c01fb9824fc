"""search columns on products instead of a row per word

The search index moves from ``catalog_search_terms`` (one row per product and word: ~38 rows a
product, which capped a CSV import far below 5,000 rows a second) to two folded-text columns of
``catalog_products``, with a GIN full-text index over them on PostgreSQL.

Revision ID: catalog_005
Revises: catalog_004
"""
import sqlalchemy as sa
from alembic import op

revision = "catalog_005"
down_revision = "catalog_004"
branch_labels = None
depends_on = None

SEARCH_DOCUMENT = "to_tsvector('simple'::regconfig, (search_title || ' ') || search_body)"


def upgrade():
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_title", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("search_body", sa.Text(), server_default="", nullable=False))
    _backfill()
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_catalog_products_search",
            "catalog_products",
            [sa.text(SEARCH_DOCUMENT)],
            unique=False,
            postgresql_using="gin",
        )
    with op.batch_alter_table("catalog_search_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_search_terms_lookup")
    op.drop_table("catalog_search_terms")


def _backfill():
    """Existing products' columns from their translations, by the search service's own rules
    (the same folding as every later save)."""
    from modules.catalog.services.search_service import search_columns

    bind = op.get_bind()
    texts: dict[int, tuple[list[str], list[str]]] = {}
    for product_id, title, description in bind.execute(
        sa.text("SELECT product_id, title, description FROM catalog_product_translations ORDER BY id")
    ):
        titles, descriptions = texts.setdefault(product_id, ([], []))
        titles.append(title or "")
        descriptions.append(description or "")
    rows = [
        dict(zip(("id", "search_title", "search_body"), (product_id, *search_columns(*pair)), strict=True))
        for product_id, pair in texts.items()
    ]
    if rows:
        bind.execute(
            sa.text("UPDATE catalog_products SET search_title = :search_title, search_body = :search_body WHERE id = :id"),
            rows,
        )


def downgrade():
    # The old index comes back empty: saving a product (or re-importing) fills it again.
    op.create_table(
        "catalog_search_terms",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["catalog_products.id"], name=op.f("fk_catalog_search_terms_product_id_catalog_products"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendors.id"], name=op.f("fk_catalog_search_terms_vendor_id_vendors")),
        sa.PrimaryKeyConstraint("product_id", "term", name=op.f("pk_catalog_search_terms")),
    )
    with op.batch_alter_table("catalog_search_terms", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_search_terms_lookup", ["vendor_id", "term", "product_id", "weight"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_catalog_products_search", table_name="catalog_products")
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.drop_column("search_body")
        batch_op.drop_column("search_title")
