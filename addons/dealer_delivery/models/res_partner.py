from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Serving Warehouse",
        help="The warehouse whose stock this dealer sees and is delivered from. "
        "Empty: the website's warehouse, else the company's main warehouse.",
    )
    dealer_delivery_notify_optout = fields.Boolean(
        "No Delivery Emails",
        help="The dealer's users get no email when its orders are dispatched, " "out for delivery or delivered.",
    )

    def _commercial_fields(self):
        return super()._commercial_fields() + ["dealer_warehouse_id", "dealer_delivery_notify_optout"]

    def _dealer_get_warehouse(self):
        """The warehouse serving this dealer: its own, else
        ``_dealer_default_warehouse``. On an empty recordset: the default."""
        if len(self) > 1:
            self.ensure_one()
        # Portal users cannot read warehouses; the warehouse is only used as a
        # location filter for the stock figures.
        partner_sudo = self.sudo().commercial_partner_id
        if partner_sudo and partner_sudo.dealer_warehouse_id:
            return partner_sudo.dealer_warehouse_id
        return self._dealer_default_warehouse()

    @api.model
    def _dealer_default_warehouse(self):
        """Hook: the warehouse of a dealer that has none of its own. Default:
        the company's first warehouse. ``dealer_portal`` answers the
        website's warehouse first. Returned sudo'ed: only used as a filter."""
        company = self.env.company
        return self.env["stock.warehouse"].sudo().search([("company_id", "=", company.id)], limit=1)
