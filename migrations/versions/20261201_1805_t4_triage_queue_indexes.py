"""Clinician workspace (issue 4) - indexes for the clinicians' queue

Revision ID: t4_triage
Revises: e6_admin
Create Date: 2026-12-01 18:05:00

The queue reads unassigned-or-mine requests of one status and urgency in (created_at, id)
order; these indexes let each of those reads be a short range scan at any depth. Unassigned
requests get a partial index: PostgreSQL does not treat "assigned_to_id IS NULL" as fixing
the leading column, so the full index would not give the order.
"""
import sqlalchemy as sa
from alembic import op

UNASSIGNED = "assigned_to_id IS NULL"


revision = "t4_triage"
down_revision = "e6_admin"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultation_requests", schema=None) as batch_op:
        batch_op.create_index("ix_requests_assignee_queue",
                              ["assigned_to_id", "status", "urgent", "created_at", "id"],
                              unique=False)
        batch_op.create_index("ix_requests_unassigned_queue",
                              ["status", "urgent", "created_at", "id"], unique=False,
                              postgresql_where=sa.text(UNASSIGNED), sqlite_where=sa.text(UNASSIGNED))


def downgrade():
    with op.batch_alter_table("consultation_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_requests_unassigned_queue")
        batch_op.drop_index("ix_requests_assignee_queue")
