from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_status_query_count = fields.Integer(
        "Status Queries", compute="_compute_dealer_status_query_count", groups="sales_team.group_sale_salesman"
    )

    dealer_is_dealer_contact = fields.Boolean(
        compute="_compute_dealer_status_query_count",
        groups="sales_team.group_sale_salesman",
        help="The partner or its company is a dealer.",
    )

    def _compute_dealer_status_query_count(self):
        # A contact being created (a new record) may have no stored company yet.
        commercial = self.commercial_partner_id._origin
        counts = dict(
            self.env["dealer.status.query"]._read_group(
                [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.dealer_status_query_count = counts.get(partner.commercial_partner_id._origin, 0)
            partner.dealer_is_dealer_contact = partner.commercial_partner_id._dealer_is_dealer()

    def action_dealer_log_status_call(self):
        """One click: this dealer phoned asking where an order is."""
        self.ensure_one()
        Query = self.env["dealer.status.query"]
        return Query._dealer_logged_notification(Query._dealer_log_call(self))

    def action_dealer_view_status_queries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rollout.dealer_status_query_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
