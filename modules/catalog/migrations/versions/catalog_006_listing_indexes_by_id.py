"""listing indexes end with the id (the listings' last sort key)

Products imported together share one ``created_at``: without the id in the index, "newest
first" had to sort every product of the shop to show one page.

Revision ID: catalog_006
Revises: catalog_005
"""
from alembic import op

revision = "catalog_006"
down_revision = "catalog_005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_products_listing_price")
        batch_op.drop_index("ix_catalog_products_listing_new")
        batch_op.create_index("ix_catalog_products_listing_price", ["vendor_id", "status", "min_price_cents", "id"], unique=False)
        batch_op.create_index("ix_catalog_products_listing_new", ["vendor_id", "status", "created_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_products_listing_new")
        batch_op.drop_index("ix_catalog_products_listing_price")
        batch_op.create_index("ix_catalog_products_listing_new", ["vendor_id", "status", "created_at"], unique=False)
        batch_op.create_index("ix_catalog_products_listing_price", ["vendor_id", "status", "min_price_cents"], unique=False)
