from odoo import models


class DealerOrderIntake(models.Model):
    _inherit = "dealer.order.intake"

    def _dealer_status_answered(self, orders, answered, question):
        """Count the status question this email or WhatsApp message asked:
        one query, answered automatically or waiting for a person."""
        res = super()._dealer_status_answered(orders, answered, question)
        note = (question or "").strip()[:1000]
        if len(orders) > 1:
            note = self.env._("Orders: %(names)s", names=", ".join(orders.mapped("name"))) + "\n" + note
        # Written by the system, like the message it counts (mail gateway,
        # signed webhook): dealers have no rights on this log.
        self.env["dealer.status.query"].sudo().create(
            {
                "partner_id": self.partner_id.commercial_partner_id.id,
                "order_id": orders[:1].id,
                "company_id": self.company_id.id,
                "channel": self.channel,
                "minutes": 0.0,
                "answered": answered,
                "user_id": False,
                "note": note,
            }
        )
        return res
