"""Imported O*NET occupations beside the curated roles: each role's source, O*NET-SOC codes (and those it covers) and a content
fingerprint (so a load rewrites only what changed), and the catalogue's fingerprint and O*NET release.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roles") as batch:
        batch.add_column(sa.Column("source", sa.String(20), nullable=False, server_default="curated"))
        batch.add_column(sa.Column("onet_codes", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("onet_covers", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("fingerprint", sa.String(64), nullable=True))
    with op.batch_alter_table("catalogue_revision") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(64), nullable=True))
        batch.add_column(sa.Column("onet_release", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("catalogue_revision") as batch:
        batch.drop_column("onet_release")
        batch.drop_column("fingerprint")
    with op.batch_alter_table("roles") as batch:
        batch.drop_column("fingerprint")
        batch.drop_column("onet_covers")
        batch.drop_column("onet_codes")
        batch.drop_column("source")
