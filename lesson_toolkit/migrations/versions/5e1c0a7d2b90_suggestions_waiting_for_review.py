"""suggestions: proposed translations waiting for a reviewer of their language

Revision ID: 5e1c0a7d2b90
Revises: f94a166f1daa
Create Date: 2026-12-02 10:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e1c0a7d2b90"
down_revision = "f94a166f1daa"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=12), nullable=False),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("msgid", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lesson", sa.String(length=80), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_lang"), ["lang"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_state"), ["state"], unique=False)


def downgrade():
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_state"))
        batch_op.drop_index(batch_op.f("ix_suggestion_lang"))
    op.drop_table("suggestion")
