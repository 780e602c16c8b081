"""Clinician workspace (issue 4) - queue, request workflow, contact attempts

Revision ID: c4_triage
Revises: b3_public
Create Date: 2026-11-23 19:32:00

Owned by the triage feature; its schema changes go here until it lands.
"""
from alembic import op
import sqlalchemy as sa


revision = "c4_triage"
down_revision = "b3_public"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
