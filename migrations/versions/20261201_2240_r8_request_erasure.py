"""Retention: when a declined request's personal details were erased

Revision ID: r8_erasure
Revises: r7_rollups
Create Date: 2026-12-01 22:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "r8_erasure"
down_revision = "r7_rollups"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("consultation_requests",
                  sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column("consultation_requests", "erased_at")
