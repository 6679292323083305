from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_status_query_count = fields.Integer(
        "Status Queries", compute="_compute_dealer_status_query_count", groups="sales_team.group_sale_salesman"
    )

    def _compute_dealer_status_query_count(self):
        # A quotation being created (a new record) has none yet.
        counts = dict(
            self.env["dealer.status.query"]._read_group(
                [("order_id", "in", self._origin.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.dealer_status_query_count = counts.get(order._origin, 0)

    def action_dealer_log_status_call(self):
        """One click: the dealer phoned about this order."""
        self.ensure_one()
        Query = self.env["dealer.status.query"]
        return Query._dealer_logged_notification(Query._dealer_log_call(self.partner_id, self))

    def action_dealer_log_status_call_form(self):
        """Log a status call about this order with its minutes and a note."""
        self.ensure_one()
        return self.env["dealer.status.query"]._dealer_quick_form_action(order=self)

    def action_dealer_view_status_queries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rollout.dealer_status_query_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "default_order_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action
