"""Division switch tickets are bound to the browser that asked for them:
their new state hash is required. The tickets of the old flow have none,
and could not be used any more: they are deleted (they live 60 seconds; a
dealer caught in a switch during the upgrade switches again)."""

from odoo.tools import SQL
from odoo.tools.sql import table_exists


def migrate(cr, version):
    if not version or not table_exists(cr, "dealer_division_ticket"):
        return
    cr.execute(SQL("DELETE FROM dealer_division_ticket"))
