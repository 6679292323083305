from odoo import fields, models

from ..const import EVENT_TYPES


class DealerIntegrationEventType(models.Model):
    _name = "dealer.integration.event.type"
    _description = "Integration Event Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(EVENT_TYPES, required=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [("code_uniq", "unique(code)", "There is one event type per code.")]
