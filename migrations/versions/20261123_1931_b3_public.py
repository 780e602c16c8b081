"""Client journey (issue 3) - public pages, consultation form, booking, outbox sender

Revision ID: b3_public
Revises: 7725988a9c08
Create Date: 2026-11-23 19:31:00

Owned by the public feature; its schema changes go here until it lands.
"""
from alembic import op
import sqlalchemy as sa


revision = "b3_public"
down_revision = "7725988a9c08"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
