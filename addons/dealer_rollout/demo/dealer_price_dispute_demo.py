"""Demo price disputes: raised by the demo finance user of Northwind Motors
on an invoice of its own, one accepted with a credit note, one rejected and
one open, spread over past weeks so the resolution time reads (core's
pattern, ``account/demo/account_demo.py``). Called once from
``dealer_price_dispute_demo.xml``."""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL


class DealerPriceDisputeDemo(models.AbstractModel):
    _name = "dealer.price.dispute.demo"
    _description = "Dealer price dispute demo builder"

    @api.model
    def _dealer_price_dispute_demo_build(self):
        ref = self.env.ref
        finance = ref("dealer_portal.user_finance_demo", raise_if_not_found=False)
        manager = ref("base.user_admin", raise_if_not_found=False)
        dealer = ref("dealer_pricing.partner_northwind_demo", raise_if_not_found=False)
        codes = ("bp_220", "rt_310", "of_110")
        templates = [ref(f"dealer_pricing.product_tmpl_{code}_demo", raise_if_not_found=False) for code in codes]
        if not (finance and manager and dealer and all(templates)):
            return False
        today = fields.Date.today()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": dealer.id,
                "company_id": finance.company_id.id,
                "invoice_date": today - timedelta(days=40),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": tmpl.product_variant_id.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for tmpl, quantity, price in zip(templates, (40, 8, 60), (46.0, 129.0, 9.5), strict=True)
                ],
            }
        )
        invoice.action_post()
        lines = invoice.invoice_line_ids
        Dispute = self.env["dealer.price.dispute"].with_user(finance)
        raised = [
            Dispute._dealer_raise(line.with_user(finance), {"expected_price": expected, "reason": reason}).sudo()
            for line, expected, reason in zip(
                lines,
                (42.0, 119.0, 8.75),
                (
                    "Our Gold agreement prices BP-220 at 42.00 since September.",
                    "The rotor promotion (119.00) was still running on the order date.",
                    "Quoted 8.75 by our account manager for 60 filters.",
                ),
                strict=True,
            )
        ]
        accepted, rejected, still_open = raised
        accepted.with_user(manager).action_accept()
        rejected.with_user(manager).reject_reason = "The promotion ended on the 30th; the order is dated later."
        rejected.with_user(manager).action_reject()
        now = fields.Datetime.now()
        # History for the figures: raised and resolved on past days.
        self.env.flush_all()
        for dispute, raised_days, resolved_days in ((accepted, 35, 32), (rejected, 30, 29), (still_open, 3, None)):
            self.env.cr.execute(
                SQL(
                    "UPDATE dealer_price_dispute SET create_date = %s, resolved_date = %s WHERE id = %s",
                    now - timedelta(days=raised_days),
                    resolved_days and now - timedelta(days=resolved_days) or None,
                    dispute.id,
                )
            )
        self.env["dealer.price.dispute"].invalidate_model(["create_date", "resolved_date"])
        return True
