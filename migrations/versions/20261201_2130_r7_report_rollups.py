"""Reports (issue 6): daily roll-ups, so a report sums days instead of scanning requests

Revision ID: r7_rollups
Revises: r6_reports
Create Date: 2026-12-01 21:30:00

The tables start empty and the state row's zone NULL: the first report after this
migration rebuilds every day from the source tables (intake/reports/rollups.py).
"""
import sqlalchemy as sa
from alembic import op


revision = "r7_rollups"
down_revision = "r6_reports"
branch_labels = None
depends_on = None


def _day():
    return sa.Column("day", sa.Integer(), nullable=False)


def upgrade():
    op.create_table(
        "report_request_days", _day(),
        sa.Column("referral_source", sa.String(40), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("contacted", sa.Boolean(), nullable=False),
        sa.Column("reached", sa.Integer(), nullable=False),
        sa.Column("left_from", sa.String(20), nullable=False),
        sa.Column("exit_status", sa.String(20), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "referral_source", "urgent", "contacted", "reached",
                                "left_from", "exit_status"))
    op.create_table(
        "report_conversion_days", _day(),
        sa.Column("conversions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"))
    op.create_table(
        "report_case_cohort_days", _day(),
        sa.Column("moved", sa.Boolean(), nullable=False),
        sa.Column("returned", sa.Boolean(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "moved", "returned"))
    op.create_table(
        "report_caseload_changes", _day(),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "clinician_id", "phase"))
    op.create_table(
        "report_discharge_days", _day(),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "reason"))
    op.create_table(
        "report_durations",
        sa.Column("measure", sa.String(30), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False), _day(),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("measure", "source_id"))
    op.create_index("ix_report_durations_bucket", "report_durations",
                    ["measure", "bucket", "value", "day"])
    op.create_index("ix_report_durations_day", "report_durations", ["day"])
    op.create_table(
        "report_duration_buckets", _day(),
        sa.Column("measure", sa.String(30), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("durations", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "measure", "bucket"))
    op.create_table(
        "report_dirty_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("utc_day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"))
    state = op.create_table(
        "report_rollup_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"))
    op.bulk_insert(state, [{"id": 1, "zone": None, "built_at": None}])


def downgrade():
    for table in ("report_rollup_state", "report_dirty_days", "report_duration_buckets"):
        op.drop_table(table)
    op.drop_index("ix_report_durations_day", table_name="report_durations")
    op.drop_index("ix_report_durations_bucket", table_name="report_durations")
    for table in ("report_durations", "report_discharge_days", "report_caseload_changes",
                  "report_case_cohort_days", "report_conversion_days", "report_request_days"):
        op.drop_table(table)
