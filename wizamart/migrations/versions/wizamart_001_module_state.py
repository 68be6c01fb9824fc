"""Per-platform module state and the audit trail of its changes.

Revision ID: wizamart_001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "wizamart_001"
down_revision = None
branch_labels = ("wizamart",)
depends_on = None


def upgrade():
    op.create_table(
        "platform_modules",
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("module_code", sa.String(length=64), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("platform_id", "module_code", name=op.f("pk_platform_modules")),
    )
    op.create_table(
        "module_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("module_code", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("cascade", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_changes")),
    )
    op.create_index(op.f("ix_module_changes_platform_id"), "module_changes", ["platform_id"])


def downgrade():
    op.drop_index(op.f("ix_module_changes_platform_id"), table_name="module_changes")
    op.drop_table("module_changes")
    op.drop_table("platform_modules")
