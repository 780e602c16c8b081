"""Reports: case handovers, so a past period's caseload is credited to who held each case then

Revision ID: r9_handovers
Revises: r8_erasure
Create Date: 2026-12-02 01:30:00
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "r9_handovers"
down_revision = "r8_erasure"
branch_labels = None
depends_on = None

# What cases.services.reassign_case has written to the audit chain since it existed.
REASSIGNED = re.compile(r"^user:(?P<before>[\w-]+)->user:(?P<after>[\w-]+)$")


def upgrade():
    op.create_table(
        "case_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_clinician_id", sa.Integer(), nullable=False),
        sa.Column("to_clinician_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_handovers_case_id_cases")),
        sa.ForeignKeyConstraint(["from_clinician_id"], ["users.id"],
                                name=op.f("fk_case_handovers_from_clinician_id_users")),
        sa.ForeignKeyConstraint(["to_clinician_id"], ["users.id"],
                                name=op.f("fk_case_handovers_to_clinician_id_users")),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_case_handovers_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_handovers")),
    )
    op.create_index("ix_case_handovers_case_time", "case_handovers",
                    ["case_id", "created_at", "from_clinician_id"])
    _protect()
    _backfill_from_the_audit_chain()
    # Every caseload day may now be credited differently: the next report rebuilds them all.
    op.execute("UPDATE report_rollup_state SET zone = NULL")


def _protect():
    if op.get_bind().dialect.name == "postgresql":
        # case_history_append_only() comes from c5_cases.
        op.execute("""
            CREATE TRIGGER case_handovers_append_only BEFORE UPDATE OR DELETE ON case_handovers
            FOR EACH ROW EXECUTE FUNCTION case_history_append_only()
        """)
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER case_handovers_no_{verb.lower()} BEFORE {verb} ON case_handovers
            BEGIN SELECT RAISE(ABORT, 'case_handovers is append-only'); END
        """)


def _backfill_from_the_audit_chain():
    """Reassignments made before this table existed, read back from their audit events."""
    connection = op.get_bind()
    users = dict(connection.execute(sa.text("SELECT public_id, id FROM users")).all())
    cases = dict(connection.execute(sa.text("SELECT public_id, id FROM cases")).all())
    events = connection.execute(sa.text(
        "SELECT target_id, detail, actor_id, occurred_at FROM audit_events "
        "WHERE action = 'case.reassigned' AND target_type = 'cases' ORDER BY id")).all()
    rows = []
    for target, detail, actor, occurred in events:
        found = REASSIGNED.match(detail or "")
        if found and target in cases and found["before"] in users and found["after"] in users:
            rows.append({"case_id": cases[target], "from_clinician_id": users[found["before"]],
                         "to_clinician_id": users[found["after"]], "actor_id": actor,
                         "created_at": occurred})
    if rows:
        table = sa.table("case_handovers", *(sa.column(name) for name in rows[0]))
        op.bulk_insert(table, rows)


def downgrade():
    op.drop_index("ix_case_handovers_case_time", table_name="case_handovers")
    op.drop_table("case_handovers")
    op.execute("UPDATE report_rollup_state SET zone = NULL")
