"""session stamp on accounts; login throttle per account, device and address

Revision ID: f94a166f1daa
Revises: aa2e87530c0d
Create Date: 2026-12-02 05:00:00.000000

"""

import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f94a166f1daa"
down_revision = "aa2e87530c0d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_stamp", sa.String(length=32), nullable=False, server_default=""))
    # every account gets its own stamp; sessions opened before the upgrade end (log in again)
    bind = op.get_bind()
    account = sa.table("account", sa.column("id", sa.Integer), sa.column("session_stamp", sa.String))
    for (account_id,) in bind.execute(sa.select(account.c.id)).all():
        bind.execute(account.update().where(account.c.id == account_id).values(session_stamp=secrets.token_hex(16)))
    # the throttle keeps only counts of recent failures: the old rows (per name and address) go
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.DateTime(), nullable=False),
        sa.Column("next_try", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope", "key", name="one_throttle_per_scope_and_key"),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttle_last_failure"), ["last_failure"], unique=False)


def downgrade():
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username", "address", name="one_throttle_per_username_and_address"),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("session_stamp")
