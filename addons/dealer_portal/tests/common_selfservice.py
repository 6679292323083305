"""Self-service data on top of the shared dealer fixture: orders in every
state for dealers A and B, deliveries, invoices, a credit note and a payment,
spread over dates so a statement has an opening balance."""

from datetime import timedelta

from odoo import Command, fields

from .common import DealerPortalCommon, DealerPortalHttpCommon


class SelfServiceFixture:
    """Mixin on the portal layer: builds the self-service data after it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_selfservice_data()

    @classmethod
    def _setup_selfservice_data(cls):
        env = cls.env
        today = fields.Date.today()
        cls.today = today
        SaleOrder = env["sale.order"]

        def order(user, lines, ref, **vals):
            return SaleOrder.create(
                {
                    "partner_id": user.partner_id.id,
                    "client_order_ref": ref,
                    "order_line": [Command.create({"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
                    **vals,
                }
            )

        # Dealer A: a confirmed, delivered and invoiced order by the first
        # clerk; a submitted order by the second clerk; a cart never submitted.
        cls.a_order = order(cls.user_a_desk, [(cls.p_drill, 5)], "PO-ALPHA-100")
        cls.a_submitted = order(
            cls.user_a_desk2,
            [(cls.p_gear, 2)],
            "PO-ALPHA-200",
            dealer_submitted_at=fields.Datetime.now(),
            dealer_submitted_by=cls.user_a_desk2.id,
        )
        cls.a_cart = order(cls.user_a_desk, [(cls.p_bolt, 20)], "PO-ALPHA-CART")
        cls.b_order = order(cls.user_b_desk, [(cls.p_saw, 1)], "PO-BETA-100")
        for so, user in ((cls.a_order, cls.user_a_desk), (cls.b_order, cls.user_b_desk)):
            # Confirmed the one way there is: submitted by the clerk, as the
            # portal does (its cart runs sudo as the user); nothing blocks these.
            assert so.with_user(user).sudo().action_dealer_submit(channel="portal")["outcome"] == "confirmed", so.name
            # What the fulfilment job does right after a portal submission.
            so._dealer_run_fulfilment()
        for so in cls.a_order | cls.b_order:
            cls._deliver(so)
        cls.a_picking = cls.a_order.picking_ids
        cls.b_picking = cls.b_order.picking_ids

        # An earlier invoice of the company, to another customer: the dealers'
        # documents are not its first ones, so no number ends another
        # (RINV/2026/00001 holds INV/2026/00001).
        earlier_customer = env["res.partner"].create({"name": "DC Earlier Customer"})
        cls._manual_move(earlier_customer, "out_invoice", 10.0, today - timedelta(days=90))
        cls.a_invoice = cls._invoice_order(cls.a_order, today - timedelta(days=10))
        cls.b_invoice = cls._invoice_order(cls.b_order, today - timedelta(days=10))
        # Before the statement period: makes the opening balance non-zero.
        cls.a_old_invoice = cls._manual_move(cls.dealer_a, "out_invoice", 1000.0, today - timedelta(days=60))
        cls.a_refund = cls._manual_move(cls.dealer_a, "out_refund", 100.0, today - timedelta(days=5))
        cls.a_payment_amount = 300.0
        env["account.payment.register"].with_context(active_model="account.move", active_ids=cls.a_invoice.ids).create(
            {
                "amount": cls.a_payment_amount,
                "payment_date": today - timedelta(days=2),
            }
        )._create_payments()

    @classmethod
    def _deliver(cls, order):
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()

    @classmethod
    def _invoice_order(cls, order, date):
        move = order._create_invoices()
        move.invoice_date = date
        move.action_post()
        return move

    @classmethod
    def _manual_move(cls, partner, move_type, amount, date):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.p_gear.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move


class DealerPortalSelfServiceCommon(SelfServiceFixture, DealerPortalCommon):
    pass


class DealerPortalSelfServiceHttpCommon(SelfServiceFixture, DealerPortalHttpCommon):
    pass
