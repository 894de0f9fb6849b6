"""The challenge's first schema: challenges, join codes, users, teams, memberships,
submissions, per-team per-day quota counters.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "challenges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("data_dir", sa.String(1000), nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("greater_is_better", sa.Boolean, nullable=False),
        sa.Column("decimals", sa.Integer, nullable=False),
        sa.Column("id_column", sa.String(64), nullable=False),
        sa.Column("target_column", sa.String(64), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("opens_at_us", sa.BigInteger, nullable=False),
        sa.Column("closes_at_us", sa.BigInteger, nullable=False),
        sa.Column("daily_limit", sa.Integer, nullable=False),
        sa.Column("invalid_daily_limit", sa.Integer, nullable=False),
        sa.Column("team_size_limit", sa.Integer, nullable=False),
        sa.Column("public_fraction", sa.Float, nullable=False),
        sa.Column("split_seed", sa.Integer, nullable=False),
        sa.Column("n_final", sa.Integer, nullable=False),
        sa.Column("max_upload_bytes", sa.BigInteger, nullable=False),
        sa.Column("teacher_token_id", sa.String(32), nullable=False),
        sa.Column("teacher_token_hash", sa.String(64), nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("challenge_id", sa.Integer, sa.ForeignKey("challenges.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_id", sa.String(32), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("joined_at_us", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_users_challenge_id", "users", ["challenge_id"])
    op.create_table(
        "join_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("challenge_id", sa.Integer, sa.ForeignKey("challenges.id"), nullable=False),
        sa.Column("code_id", sa.String(16), nullable=False, unique=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("used_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_index("ix_join_codes_challenge_id", "join_codes", ["challenge_id"])
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("challenge_id", sa.Integer, sa.ForeignKey("challenges.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("code_id", sa.String(16), nullable=False, unique=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("members", sa.Integer, nullable=False),
        sa.UniqueConstraint("challenge_id", "name", name="uq_team_name"),
    )
    op.create_index("ix_teams_challenge_id", "teams", ["challenge_id"])
    op.create_table(
        "memberships",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("challenge_id", sa.Integer, sa.ForeignKey("challenges.id"), nullable=False),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
        sa.UniqueConstraint("challenge_id", "user_id", name="uq_one_team_per_user"),
    )
    op.create_index("ix_memberships_team_id", "memberships", ["team_id"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("challenge_id", sa.Integer, sa.ForeignKey("challenges.id"), nullable=False),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("submitted_at_us", sa.BigInteger, nullable=False),
        sa.Column("public_score", sa.Float, nullable=False),
        sa.Column("private_score", sa.Float, nullable=False),
        sa.Column("selected", sa.Boolean, nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_submissions_challenge_id", "submissions", ["challenge_id"])
    op.create_index("ix_submissions_team_id", "submissions", ["team_id"])
    op.create_table(
        "quota_usage",
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("used", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("quota_usage", "submissions", "memberships", "teams", "join_codes", "users", "challenges"):
        op.drop_table(table)
