"""Initial vault schema: tenants, wrapped data keys, tokens, sources, approvals, access log.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21 04:44:06.881496
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Timestamps are naive UTC (see dlp.vault.models.UTCDateTime); ids are BIGINT on PostgreSQL.

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "vault_access_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("user", sa.String(length=255), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("token_ids", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("approval_id", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_access_log")),
    )
    with op.batch_alter_table("vault_access_log", schema=None) as batch_op:
        batch_op.create_index("ix_vault_access_log_at", ["at"], unique=False)

    op.create_table(
        "vault_approvals",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("requester", sa.String(length=255), nullable=False),
        sa.Column("requester_roles", sa.Text(), nullable=False),
        sa.Column("token_ids", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approver", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_approvals")),
    )
    op.create_table(
        "vault_tenants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("shredded_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_tenants")),
        sa.UniqueConstraint("name", name=op.f("uq_vault_tenants_name")),
    )
    op.create_table(
        "vault_data_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("kek_id", sa.String(length=255), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["vault_tenants.id"], name=op.f("fk_vault_data_keys_tenant_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_data_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_vault_data_keys_key_id")),
    )
    with op.batch_alter_table("vault_data_keys", schema=None) as batch_op:
        batch_op.create_index("ix_vault_data_keys_tenant_purpose", ["tenant_id", "purpose"], unique=False)

    op.create_table(
        "vault_tokens",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("token_id", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("data_class", sa.String(length=16), nullable=False),
        sa.Column("lookup_hmac", sa.LargeBinary(), nullable=False),
        sa.Column("data_key_id", sa.String(length=40), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["vault_tenants.id"], name=op.f("fk_vault_tokens_tenant_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_tokens")),
        sa.UniqueConstraint("tenant_id", "lookup_hmac", name="uq_vault_tokens_tenant_lookup"),
        sa.UniqueConstraint("tenant_id", "token_id", name="uq_vault_tokens_tenant_token"),
    )
    with op.batch_alter_table("vault_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_vault_tokens_created", ["created_at"], unique=False)

    op.create_table(
        "vault_token_sources",
        sa.Column("token_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("connector", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["token_pk"],
            ["vault_tokens.id"],
            name=op.f("fk_vault_token_sources_token_pk"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_pk", "connector", name=op.f("pk_vault_token_sources")),
    )


def downgrade() -> None:
    """Revert."""
    op.drop_table("vault_token_sources")
    with op.batch_alter_table("vault_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_vault_tokens_created")

    op.drop_table("vault_tokens")
    with op.batch_alter_table("vault_data_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_vault_data_keys_tenant_purpose")

    op.drop_table("vault_data_keys")
    op.drop_table("vault_tenants")
    op.drop_table("vault_approvals")
    with op.batch_alter_table("vault_access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_vault_access_log_at")

    op.drop_table("vault_access_log")
