"""community teams: places, teams, tallies

Revision ID: aa2e87530c0d
Revises: d17e72f57885
Create Date: 2026-12-02 02:03:27.574439

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aa2e87530c0d'
down_revision = 'd17e72f57885'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('province',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('commune',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('province_id', 'name', name='one_commune_name_per_province')
    )
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commune_province_id'), ['province_id'], unique=False)

    op.create_table('commune_officer',
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('commune_id', 'account_id')
    )
    with op.batch_alter_table('commune_officer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commune_officer_account_id'), ['account_id'], unique=False)

    op.create_table('village',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('households', sa.Integer(), nullable=True),
    sa.CheckConstraint('households IS NULL OR households >= 0', name='village_households_not_negative'),
    sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('commune_id', 'name', name='one_village_name_per_commune')
    )
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_commune_id'), ['commune_id'], unique=False)

    op.create_table('tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('skill', sa.String(length=32), nullable=False),
    sa.Column('households', sa.Integer(), nullable=False),
    sa.Column('lessons', sa.String(length=800), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sa.String(length=80), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('households >= 0 AND households <= 500', name='tally_households_range'),
    sa.ForeignKeyConstraint(['corrects_id'], ['tally.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id'),
    sa.UniqueConstraint('corrects_id')
    )
    with op.batch_alter_table('tally', schema=None) as batch_op:
        batch_op.create_index('ix_tally_league', ['skill', 'month', 'village_id', 'households'], unique=False)
        batch_op.create_index('ix_tally_village_month', ['village_id', 'month'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('village_id', 'number', name='one_team_number_per_village')
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_village_id'), ['village_id'], unique=False)

    op.create_table('team_member',
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', 'account_id')
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_account_id'), ['account_id'], unique=False)



def downgrade():
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_account_id'))

    op.drop_table('team_member')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_village_id'))

    op.drop_table('team')
    with op.batch_alter_table('tally', schema=None) as batch_op:
        batch_op.drop_index('ix_tally_village_month')
        batch_op.drop_index('ix_tally_league')

    op.drop_table('tally')
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_commune_id'))

    op.drop_table('village')
    with op.batch_alter_table('commune_officer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commune_officer_account_id'))

    op.drop_table('commune_officer')
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commune_province_id'))

    op.drop_table('commune')
    op.drop_table('province')
