"""campaign_response: at most one response in the manager segment per campaign

The manager's own answers are one response, reached by the manager's link; two
requests asking for that link at the same moment could each make one. A partial
unique index refuses the second.

Revision ID: d8f1a3c5e720
Revises: e4a7c1d9b352
Create Date: 2026-12-01 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d8f1a3c5e720"
down_revision = "e4a7c1d9b352"
branch_labels = None
depends_on = None

MANAGER = sa.text("segment = 'manager'")


def upgrade():
    op.create_index(
        "uq_campaign_response_one_manager",
        "campaign_response",
        ["campaign_id"],
        unique=True,
        sqlite_where=MANAGER,
        postgresql_where=MANAGER,
    )


def downgrade():
    op.drop_index("uq_campaign_response_one_manager", table_name="campaign_response")
