from odoo import fields, models


class DealerPricingAudit(models.Model):
    """A run of the pricing audit: what every dealer buys at, and what is wrong."""

    _name = "dealer.pricing.audit"
    _description = "Dealer Pricing Audit"
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("Pricing audit"))
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    line_ids = fields.One2many("dealer.pricing.audit.line", "audit_id")


class DealerPricingAuditLine(models.Model):
    _name = "dealer.pricing.audit.line"
    _description = "Dealer Pricing Audit Line"
    _order = "audit_id, severity, id"

    audit_id = fields.Many2one("dealer.pricing.audit", required=True, ondelete="cascade", index=True)
    severity = fields.Selection([("error", "Error"), ("warning", "Warning"), ("info", "Info")], default="info")
    message = fields.Char()
