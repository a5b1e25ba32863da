"""lesson revisions: the history of every lesson save

Revision ID: d17e72f57885
Revises: c4f3a9e21b07
Create Date: 2026-12-02 01:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd17e72f57885'
down_revision = 'c4f3a9e21b07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lesson_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('message', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lesson_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_revision_slug'), ['slug'], unique=False)


def downgrade():
    with op.batch_alter_table('lesson_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_revision_slug'))

    op.drop_table('lesson_revision')
