from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Orders keep their number and lines when this addon is uninstalled;
    # only where they came from is forgotten.
    dealer_channel = fields.Selection(
        selection_add=[
            ("portal",),
            ("email", "Email"),
            ("whatsapp", "WhatsApp"),
            ("edi", "EDI (UBL)"),
            ("backoffice",),
        ],
        ondelete={"email": "set null", "whatsapp": "set null", "edi": "set null"},
    )
