"""Images reviewed one by one: what OCR read in each, why it is withheld, whether it was approved.

Revision ID: 0005
Revises: 0004

Plain ADD COLUMNs with server defaults on both databases, never a batch table rebuild (see 0004:
on SQLite a rebuild is a DROP TABLE). Images stored before OCR existed get status "" (never read),
no text, no reason, and are not approved: they stay out of exports until an operator approves them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attachments", sa.Column("ocr_status", sa.String(16), nullable=False, server_default=""))
    op.add_column("attachments", sa.Column("ocr_text", sa.Text(), nullable=False, server_default=""))
    op.add_column("attachments", sa.Column("withheld_reason", sa.String(200), nullable=True))
    op.add_column("attachments", sa.Column("approved", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for column in ("approved", "withheld_reason", "ocr_text", "ocr_status"):
        op.drop_column("attachments", column)
