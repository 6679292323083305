from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dealer_pricing.const import BLOCK

from ..const import INFORMAL_CHANNELS, ISSUE_ORDERING_NOT_OPEN, PORTAL_CHANNELS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # The order-check pipeline
    # ------------------------------------------------------------------
    @api.model
    def _dealer_order_checkers(self):
        """Add the roll-out check (the dealer's wave has not opened ordering
        yet) to the pipeline of ``dealer_pricing``; see its contract."""
        return super()._dealer_order_checkers() + ["_dealer_rollout_issues"]

    def _dealer_rollout_issues(self, lines=None, issues=None):
        """``ordering_not_open`` (blocks) for a portal-side submission of a
        dealer whose roll-out wave in the order's division has not opened
        ordering yet. Back-office
        and phone orders go through."""
        self.ensure_one()
        if not self._dealer_rollout_portal_side():
            return []
        message = self.partner_id.commercial_partner_id._dealer_ordering_closed_message(self._dealer_order_division())
        if not message:
            return []
        return [
            self._dealer_issue(
                ISSUE_ORDERING_NOT_OPEN,
                BLOCK,
                message,
                self.env._("Until then, order through your account manager."),
            )
        ]

    def _dealer_rollout_portal_side(self):
        """Whether the order is being placed on the portal, which the wave
        opens: a portal-channel submission, or anything a dealer's own user
        submits under another name. The dealer's informal channels (email,
        WhatsApp: its user, through the intake; the phone: the back office)
        are how it orders until its wave opens, and stay open."""
        self.ensure_one()
        channel = self.env.context.get("dealer_rollout_channel") or self.dealer_channel or "backoffice"
        if channel in PORTAL_CHANNELS:
            return True
        return self.env.user.share and channel not in INFORMAL_CHANNELS

    def _dealer_submit(self, channel=None, submission_key=None):
        # The checkers are called without the channel: the submission's own
        # channel replaces whatever the caller's context carried.
        order = self.with_context(dealer_rollout_channel=channel or False)
        return super(SaleOrder, order)._dealer_submit(channel=channel, submission_key=submission_key)

    # ------------------------------------------------------------------
    # The dealer cart: nothing is added before ordering opens
    # ------------------------------------------------------------------
    def _cart_update(self, product_id, line_id=None, add_qty=0, set_qty=0, **kwargs):
        if self and self._dealer_cart_dealer():
            self._dealer_rollout_check_ordering_open()
        return super()._cart_update(product_id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs)

    def _dealer_cart_add_lines(self, entries):
        # The website cart only: an order the email or WhatsApp intake builds
        # is submitted, and blocked, by the pipeline, which records it.
        self.ensure_one()
        if self.website_id and self._dealer_cart_dealer():
            self._dealer_rollout_check_ordering_open()
        return super()._dealer_cart_add_lines(entries)

    def _dealer_rollout_check_ordering_open(self):
        """Refuse a dealer's own cart change while its wave has not opened
        ordering (the message says when it does)."""
        self.ensure_one()
        if not self.env.user.share:
            return
        message = self.partner_id.commercial_partner_id._dealer_ordering_closed_message(self._dealer_order_division())
        if message:
            raise UserError(message)

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
