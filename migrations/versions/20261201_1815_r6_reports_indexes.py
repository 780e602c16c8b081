"""Reports (issue 6): indexes covering the reports' date-range filters

Revision ID: r6_reports
Revises: a6_admin
Create Date: 2026-12-01 18:15:00
"""
from alembic import op

revision = "r6_reports"
down_revision = "a6_admin"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_requests_reports", "consultation_requests",
     ["created_at", "status", "urgent", "referral_source", "first_contacted_at"]),
    ("ix_request_status_changes_reports", "request_status_changes",
     ["request_id", "to_status", "id", "from_status"]),
    ("ix_cases_opened", "cases", ["opened_at", "discharged_at", "clinician_id"]),
    ("ix_cases_discharged", "cases", ["discharged_at", "discharge_reason"]),
    ("ix_phase_changes_reports", "phase_changes", ["case_id", "created_at", "to_phase", "from_phase"]),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
