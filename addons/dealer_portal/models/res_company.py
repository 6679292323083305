from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_order_desk_documents = fields.Selection(
        [
            ("none", "No documents"),
            ("delivery", "Delivery notes"),
            ("invoice", "Invoices and credit notes"),
            ("all", "All documents"),
        ],
        default="delivery",
        required=True,
        help="Which documents the dealer's order-desk users see on the portal. "
        "Finance and dealer administrators always see invoices and credit notes; "
        "warehouse users always see delivery notes.",
    )
