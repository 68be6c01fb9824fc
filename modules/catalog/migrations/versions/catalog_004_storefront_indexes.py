"""storefront indexes: featured products, and search terms covering their prefix scans

Revision ID: catalog_004
Revises: catalog_003
"""
from alembic import op

revision = "catalog_004"
down_revision = "catalog_003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_products_featured", ["vendor_id", "featured", "status", "created_at"], unique=False)
    with op.batch_alter_table("catalog_search_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_search_terms_lookup")
        batch_op.create_index("ix_catalog_search_terms_lookup", ["vendor_id", "term", "product_id", "weight"], unique=False)


def downgrade():
    with op.batch_alter_table("catalog_search_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_search_terms_lookup")
        batch_op.create_index("ix_catalog_search_terms_lookup", ["vendor_id", "term"], unique=False)
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_products_featured")
