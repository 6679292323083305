from odoo import fields, models

from ..const import ORDER_STAGES


class DealerOrderStageLog(models.Model):
    _name = "dealer.order.stage.log"
    _description = "Dealer Order Stage"
    _order = "reached_at, id"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id", store=True, index=True, string="Dealer"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    stage = fields.Selection(ORDER_STAGES, required=True)
    reached_at = fields.Datetime("Reached On", required=True, default=fields.Datetime.now)
