"""Letter checks: the words the anonymised text kept although they looked like names or numbers.

Revision ID: 0004
Revises: 0003

A plain ADD COLUMN with a server default on both databases, never a batch table rebuild: on SQLite
with foreign keys on, rebuilding `letters` means DROP TABLE, whose implicit DELETE would cascade to
the sealed originals, attachments and revisions. Existing letters get an empty list.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("letters", sa.Column("checks", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    # Native ALTER TABLE ... DROP COLUMN (SQLite >= 3.35), for the same reason: no table rebuild.
    op.drop_column("letters", "checks")
