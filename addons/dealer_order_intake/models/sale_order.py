from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Orders keep their number and lines when this addon is uninstalled;
    # only where they came from is forgotten.
    dealer_channel = fields.Selection(
        selection_add=[
            ("portal",),
            ("email", "Email"),
            ("whatsapp", "WhatsApp"),
            ("edi", "EDI (UBL)"),
            ("backoffice",),
        ],
        ondelete={"email": "set null", "whatsapp": "set null", "edi": "set null"},
    )

    def _dealer_status_paragraphs(self, base_url):
        """The answer to a dealer asking where these orders are, one
        paragraph per order: its dealer-facing stage, the expected delivery
        date, the carriers' tracking links and the portal's tracking page
        (``base_url`` + ``/my/orders/<id>/track``, behind the dealer's
        sign-in). No prices: any dealer role may ask. Read on records the
        caller made sure the dealer may see."""
        stages = self._dealer_stage_info()
        paragraphs = []
        for order in self:
            _key, label = stages[order.id]
            text = self.env._("Order %(name)s: %(stage)s.", name=order.name, stage=label)
            if order.client_order_ref:
                text = self.env._(
                    "Order %(name)s (your reference %(ref)s): %(stage)s.",
                    name=order.name,
                    ref=order.client_order_ref,
                    stage=label,
                )
            expected = order.state != "cancel" and order.dealer_stage != "delivered" and order._dealer_expected_date()
            if expected:
                when = fields.Date.to_string(fields.Date.to_date(expected))
                text += " " + self.env._("Expected delivery: %(date)s.", date=when)
            carrier_urls = [
                picking.carrier_tracking_url
                for picking in order.picking_ids
                if picking.state != "cancel" and picking.carrier_tracking_url and picking._dealer_is_customer_delivery()
            ]
            if carrier_urls:
                text += " " + self.env._("Carrier tracking: %(urls)s", urls=" ".join(carrier_urls))
            text += "\n" + self.env._("Follow it on the portal: %(url)s", url=f"{base_url}/my/orders/{order.id}/track")
            paragraphs.append(text)
        return paragraphs
