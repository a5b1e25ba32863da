"""one-time passwords: account.must_change_password

Revision ID: c4f3a9e21b07
Revises: 7c69caed26a1
Create Date: 2026-12-02 01:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f3a9e21b07'
down_revision = '7c69caed26a1'
branch_labels = None
depends_on = None


def upgrade():
    # existing accounts keep the password they chose: false for every row already there
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
