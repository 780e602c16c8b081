"""Intake records (issue 5) - phase reviews, plans, notes, safety plans

Revision ID: d5_cases
Revises: c4_triage
Create Date: 2026-11-23 19:33:00

Owned by the cases feature; its schema changes go here until it lands.
"""
from alembic import op
import sqlalchemy as sa


revision = "d5_cases"
down_revision = "c4_triage"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
