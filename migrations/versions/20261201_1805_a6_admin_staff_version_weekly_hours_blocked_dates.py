"""Practice admin: staff edit version, weekly consultation hours, blocked dates

Revision ID: a6_admin
Revises: r5_records
Create Date: 2026-12-01 18:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = "a6_admin"
down_revision = "r5_records"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        # Existing accounts start at version 1, as new ones do.
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))

    op.create_table(
        "weekly_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clinician_id"], ["users.id"],
                                name=op.f("fk_weekly_hours_clinician_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_hours")),
        sa.UniqueConstraint("clinician_id", "weekday", "starts_at", name="uq_weekly_hours_start"),
        sa.UniqueConstraint("public_id", name=op.f("uq_weekly_hours_public_id")),
    )
    op.create_table(
        "blocked_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clinician_id"], ["users.id"],
                                name=op.f("fk_blocked_dates_clinician_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocked_dates")),
        sa.UniqueConstraint("clinician_id", "day", name="uq_blocked_dates_clinician_day"),
        sa.UniqueConstraint("public_id", name=op.f("uq_blocked_dates_public_id")),
    )


def downgrade():
    op.drop_table("blocked_dates")
    op.drop_table("weekly_hours")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("version")
