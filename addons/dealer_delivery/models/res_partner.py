from odoo import fields, models


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
        """The warehouse serving this dealer: its own, else the website's one
        (``website_id`` in context), else the company's first warehouse.
        On an empty recordset: the website's, else the company's."""
        if len(self) > 1:
            self.ensure_one()
        # Portal users cannot read warehouses; the warehouse is only used as a
        # location filter for the stock figures.
        partner_sudo = self.sudo().commercial_partner_id
        if partner_sudo and partner_sudo.dealer_warehouse_id:
            return partner_sudo.dealer_warehouse_id
        website_id = self.env.context.get("website_id")
        if website_id and "website" in self.env and "warehouse_id" in self.env["website"]._fields:
            website_sudo = self.env["website"].sudo().browse(website_id)
            if website_sudo.exists() and website_sudo.warehouse_id:
                return website_sudo.warehouse_id
        company = self.env.company
        return self.env["stock.warehouse"].sudo().search([("company_id", "=", company.id)], limit=1)
