"""Operators working together: claims ("I'm reviewing this"), seen marks per operator, internal notes.

Revision ID: 0007
Revises: 0006

Three new tables, each tied to its letter with ON DELETE CASCADE (purge removes them with the
letter). Nothing in them comes from a sender: operator names, times of operator actions, and
notes that processors.notes has checked for identifiers.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _letter() -> sa.Column:
    return sa.Column("letter_id", sa.String(16), sa.ForeignKey("letters.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("letter_id", sa.String(16), sa.ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("operator", sa.String(64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_claims_operator", "claims", ["operator"])
    op.create_table(
        "seen",
        _letter(),
        sa.Column("operator", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("letter_id", "operator"),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _letter(),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_notes_letter_id", "notes", ["letter_id"])


def downgrade() -> None:
    op.drop_index("ix_notes_letter_id", table_name="notes")
    op.drop_table("notes")
    op.drop_table("seen")
    op.drop_index("ix_claims_operator", table_name="claims")
    op.drop_table("claims")
