from odoo import api, fields, models


class DealerRolloutWaveGate(models.TransientModel):
    """The go-live gate, when it blocks: the blocking findings of the wave's
    pricing audit and, for sales managers, the override with a reason."""

    _name = "dealer.rollout.wave.gate"
    _description = "Dealer Roll-out Wave Go-live Gate"

    wave_id = fields.Many2one("dealer.rollout.wave", required=True, ondelete="cascade")
    target_state = fields.Selection([("pilot", "Pilot"), ("live", "Live")], required=True, default="live")
    audit_id = fields.Many2one(related="wave_id.gate_audit_id")
    message = fields.Text(readonly=True)
    reason = fields.Text("Override Reason")
    can_override = fields.Boolean(compute="_compute_can_override")

    def _compute_can_override(self):
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for wizard in self:
            wizard.can_override = is_manager

    @api.model
    def _dealer_open_for(self, wave, state, findings):
        """The dialog telling why ``wave`` cannot move to ``state``."""
        wizard = self.create(
            {"wave_id": wave.id, "target_state": state, "message": wave._dealer_gate_message(findings)}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Wave %(wave)s is blocked by the pricing audit", wave=wave.name),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_override(self):
        self.ensure_one()
        self.wave_id.action_override_gate(self.reason, self.target_state)
        return {"type": "ir.actions.act_window_close"}

    def action_view_audit(self):
        self.ensure_one()
        return self.wave_id.action_view_gate_audit()
