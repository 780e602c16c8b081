"""Practice admin (issue 6) - staff, availability, settings, reports

Revision ID: e6_admin
Revises: d5_cases
Create Date: 2026-11-23 19:34:00

Owned by the admin feature; its schema changes go here until it lands.
"""
from alembic import op
import sqlalchemy as sa


revision = "e6_admin"
down_revision = "d5_cases"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
