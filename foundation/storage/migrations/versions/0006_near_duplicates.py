"""Near-duplicates: each letter's MinHash signature and group, and the LSH bands that find look-alikes.

Revision ID: 0006
Revises: 0005

Plain ADD COLUMNs (nullable, no rebuild: see 0004) and a new table. The signatures are computed
over the anonymised text by processors.likeness, not here: a migration must not depend on the
services' code. Letters stored before keep NULL until intake next starts and signs them
(processors.near_duplicates.backfill); until then they are simply in no group.
On SQLite the bands table has no rowid (its key is a hash, so its order is chance, not arrival).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("letters", sa.Column("likeness", sa.LargeBinary(), nullable=True))
    op.add_column("letters", sa.Column("near_group", sa.String(16), nullable=True))
    op.create_index(op.f("ix_letters_near_group"), "letters", ["near_group"], unique=False)
    op.create_table(
        "likeness_bands",
        sa.Column("band", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("letter_id", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band", "letter_id"),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_likeness_bands_letter_id"), "likeness_bands", ["letter_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_likeness_bands_letter_id"), table_name="likeness_bands")
    op.drop_table("likeness_bands")
    op.drop_index(op.f("ix_letters_near_group"), table_name="letters")
    op.drop_column("letters", "near_group")
    op.drop_column("letters", "likeness")
