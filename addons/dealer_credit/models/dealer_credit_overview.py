from odoo import api, fields, models


class DealerCreditOverview(models.TransientModel):
    """Finance's list of dealers by credit utilisation.

    Built fresh each time it is opened from ``res.partner._dealer_credit_positions``
    (a few grouped queries for all dealers), so it is sortable and never stale,
    and it never writes on the dealer rows the order submissions lock.
    """

    _name = "dealer.credit.overview"
    _description = "Dealer Credit Overview"
    _order = "utilisation desc, overdue_days desc, id"

    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, readonly=True, ondelete="cascade")
    tier_id = fields.Many2one("dealer.tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    credit_limit = fields.Monetary("Limit", readonly=True)
    exposure = fields.Monetary(readonly=True)
    exposure_receivable = fields.Monetary("Open Receivables", readonly=True)
    exposure_orders = fields.Monetary("Confirmed, Not Invoiced", readonly=True)
    exposure_pending = fields.Monetary("Pending Approval", readonly=True)
    available = fields.Monetary(readonly=True)
    utilisation = fields.Float("Utilisation (%)", readonly=True)
    overdue_amount = fields.Monetary("Overdue", readonly=True)
    overdue_days = fields.Integer("Days Overdue", readonly=True)
    aged_90_plus = fields.Monetary("Overdue 90+ Days", readonly=True)
    on_hold = fields.Boolean(readonly=True)
    hold_reason = fields.Char(readonly=True)

    @api.model
    def _get_dealer_domain(self):
        return [("is_dealer", "=", True), ("is_company", "=", True)]

    @api.model
    def _action_open(self):
        """Compute every dealer's position for the current company and open
        the list, highest utilisation first."""
        dealers = self.env["res.partner"].search(self._get_dealer_domain())
        positions = dealers._dealer_credit_positions()
        company = self.env.company
        self.search([("create_uid", "=", self.env.uid)]).unlink()
        self.create(
            [
                {
                    "partner_id": dealer.id,
                    "tier_id": dealer.dealer_tier_id.id,
                    "company_id": company.id,
                    "currency_id": pos["currency_id"],
                    "credit_limit": pos["limit"],
                    "exposure": pos["exposure"],
                    "exposure_receivable": pos["exposure_receivable"],
                    "exposure_orders": pos["exposure_orders"],
                    "exposure_pending": pos["exposure_pending"],
                    "available": pos["available"],
                    "utilisation": pos["utilisation"],
                    "overdue_amount": pos["overdue_amount"],
                    "overdue_days": pos["overdue_days"],
                    "aged_90_plus": pos["ageing"]["90_plus"],
                    "on_hold": pos["on_hold"],
                    "hold_reason": pos["hold_reason"],
                }
                for dealer in dealers
                if (pos := positions.get(dealer.id))
            ]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_credit.dealer_credit_overview_action")
        action["domain"] = [("create_uid", "=", self.env.uid)]
        return action

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }
