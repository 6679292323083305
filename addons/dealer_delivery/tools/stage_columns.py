from odoo.tools.sql import column_exists, create_column

# The stored stage fields of orders and delivery orders, and their SQL types.
STAGE_COLUMNS = (("dealer_stage", "varchar"), ("dealer_stage_at", "timestamp"))


def create_stage_columns(cr, table):
    """Create the stage columns of ``table`` before the ORM does (from
    ``_auto_init``): records that exist when the addon is installed keep no
    stage (their history is unknown), and a large table is not computed at
    install."""
    for column, column_type in STAGE_COLUMNS:
        if not column_exists(cr, table, column):
            create_column(cr, table, column, column_type)
