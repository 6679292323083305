"""One dealer order across the four addons: submitted from the portal side,
checked by the one pipeline (assortment, quantities, stock, credit), routed to
an approver, confirmed natively, delivered and invoiced, with the dealer's
credit position following every step."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_pricing.tests.common import DealerCommon, publish


@tagged("post_install", "-at_install")
class TestDealerOrderLifecycle(DealerCommon):
    """In the base layer's company (the database's approval rules and holds,
    demo data included, belong to other companies), with data of its own."""

    # The order is invoiced.
    chart_template = "generic_coa"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The order's chatter follows every step, as in production.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        env = cls.env
        cls.company.write({"dealer_credit_hold_days": 0})
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.warehouse.delivery_steps = "ship_only"
        cls.pricelist = env["product.pricelist"].create(
            {"name": "Lifecycle Gold", "currency_id": cls.company.currency_id.id}
        )
        cls.categ = env["product.category"].create({"name": "Lifecycle Brakes"})
        cls.other_categ = env["product.category"].create({"name": "Lifecycle Not For Dealers"})
        cls.tier = env["dealer.tier"].create(
            {
                "name": "Lifecycle Gold",
                "code": "LCGOLD",
                "pricelist_id": cls.pricelist.id,
                "categ_ids": [Command.set(cls.categ.ids)],
                "dealer_credit_policy": "block",
                "dealer_allow_backorder": False,
            }
        )
        product_vals = {"type": "consu", "is_storable": True, "taxes_id": [Command.clear()], "invoice_policy": "order"}
        cls.brake_pad = publish(
            env["product.product"].create(
                {
                    **product_vals,
                    "name": "Brake pad",
                    "default_code": "LC-BP-220",
                    "categ_id": cls.categ.id,
                    "list_price": 50.0,
                    "dealer_min_qty": 10.0,
                    "dealer_multiple_qty": 5.0,
                }
            )
        )
        cls.rotor = publish(
            env["product.product"].create(
                {
                    **product_vals,
                    "name": "Rotor",
                    "default_code": "LC-RT-100",
                    "categ_id": cls.categ.id,
                    "list_price": 200.0,
                }
            )
        )
        cls.foreign = publish(
            env["product.product"].create(
                {
                    **product_vals,
                    "name": "Industrial press",
                    "default_code": "LC-XX-1",
                    "categ_id": cls.other_categ.id,
                    "list_price": 900.0,
                }
            )
        )
        env["product.pricelist.item"].create(
            {
                "pricelist_id": cls.pricelist.id,
                "applied_on": "0_product_variant",
                "product_id": cls.brake_pad.id,
                "compute_price": "fixed",
                "fixed_price": 40.0,
            }
        )
        for product, qty in ((cls.brake_pad, 500), (cls.rotor, 20), (cls.foreign, 5)):
            env["stock.quant"]._update_available_quantity(product, cls.warehouse.lot_stock_id, qty)
        cls.dealer = env["res.partner"].create(
            {
                "name": "Lifecycle Motors",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier.id,
                "credit_limit": 10000.0,
                "email": "orders@lifecycle.example",
            }
        )
        cls.buyer = env["res.partner"].create(
            {"name": "Lee Buyer", "parent_id": cls.dealer.id, "email": "lee@lifecycle.example"}
        )
        cls.portal_user = new_test_user(
            env,
            login="lifecycle_desk",
            groups="base.group_portal",
            partner_id=cls.buyer.id,
        )
        order_desk = env.ref("dealer_portal.dealer_portal_group_order_desk")
        cls.portal_user.groups_id = [Command.link(order_desk.id)]
        cls.approver = new_test_user(env, login="lifecycle_manager", groups="sales_team.group_sale_manager")
        cls.rule = env["dealer.approval.rule"].create(
            {
                "name": "Above 1,000",
                "condition": "amount_above",
                "amount": 1000.0,
                "level": 1,
                "user_ids": [Command.set(cls.approver.ids)],
                "company_id": cls.company.id,
            }
        )

    def _new_order(self, lines):
        return self.env["sale.order"].create(
            {
                "partner_id": self.buyer.id,
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
            }
        )

    def _submit_as_dealer(self, order, key=None):
        # As the website does: the dealer's own user, elevated for the cart.
        return order.with_user(self.portal_user).sudo().action_dealer_submit(channel="portal", submission_key=key)

    def test_order_from_submission_to_delivery_and_invoice(self):
        order = self._new_order([(self.brake_pad, 20), (self.rotor, 5)])
        self.assertEqual(order.pricelist_id, self.pricelist, "the dealer buys at its tier's price list")
        self.assertEqual(order.order_line[0].price_unit, 40.0)
        self.assertEqual(order.amount_total, 1800.0)

        result = self._submit_as_dealer(order, key="lifecycle-1")
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertEqual(order.dealer_stage, "pending_approval")
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.dealer_submitted_by, self.portal_user)
        self.assertEqual(self._submit_as_dealer(order, key="lifecycle-1")["order_id"], order.id, "a retry is a replay")
        self.assertEqual(len(order.dealer_attempt_ids), 1)
        position = self.dealer._dealer_credit_position()
        self.assertAlmostEqual(position["exposure_pending"], 1800.0)
        self.assertAlmostEqual(position["available"], 8200.0)

        order.with_user(self.approver).action_dealer_approve()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_approval_state, "approved")
        # Stock was there: the delivery is reserved at once, which dealers see as processing.
        self.assertEqual(order.dealer_stage, "processing")
        self.assertTrue(order.dealer_confirmed_at)
        position = self.dealer._dealer_credit_position()
        self.assertAlmostEqual(position["exposure_orders"], 1800.0)
        self.assertAlmostEqual(position["exposure_pending"], 0.0)

        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.dealer_stage, "dispatched")

        self.env["dealer.delivery.event"].create(
            {
                "picking_id": picking.id,
                "stage": "out_for_delivery",
                "source": "manual",
                "latitude": 51.5072,
                "longitude": -0.1276,
                "location_text": "Depot North",
            }
        )
        self.assertEqual(order.dealer_stage, "out_for_delivery")
        self.env["dealer.delivery.event"].create(
            {
                "picking_id": picking.id,
                "stage": "delivered",
                "source": "manual",
                "note": "Left at reception",
            }
        )
        self.assertEqual(order.dealer_stage, "delivered")
        timeline = order._dealer_timeline()
        reached = [step["stage"] for step in timeline if step["done"]]
        for stage in ("confirmed", "processing", "dispatched", "out_for_delivery", "delivered"):
            self.assertIn(stage, reached)

        invoice = order._create_invoices()
        invoice.action_post()
        position = self.dealer._dealer_credit_position()
        self.assertAlmostEqual(position["exposure_receivable"], 1800.0)
        self.assertAlmostEqual(position["exposure_orders"], 0.0)
        self.assertAlmostEqual(position["available"], 8200.0)

    def test_blocked_submission_lists_every_issue_and_writes_nothing(self):
        order = self._new_order([(self.brake_pad, 4), (self.rotor, 30), (self.foreign, 1)])
        result = self._submit_as_dealer(order)
        self.assertEqual(result["outcome"], "blocked")
        codes = {issue["code"] for issue in result["issues"]}
        self.assertIn("qty_below_min", codes)
        self.assertIn("qty_not_multiple", codes)
        self.assertIn("not_in_assortment", codes)
        self.assertIn("qty_above_stock", codes)
        messages = " | ".join(issue["message"] for issue in result["issues"])
        self.assertIn("minimum order is 10", messages)
        self.assertIn("Only 20 of 30", messages)
        for issue in result["issues"]:
            self.assertTrue(issue["hint"], f"every issue tells the dealer what to do: {issue['code']}")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dealer_submitted_at)
        self.assertEqual(len(order.order_line), 3, "the dealer's lines are kept as entered")
        self.assertEqual(order.dealer_attempt_ids.outcome, "blocked")

        order.order_line.filtered(lambda l: l.product_id == self.foreign).unlink()
        order.order_line.filtered(lambda l: l.product_id == self.brake_pad).product_uom_qty = 10
        order.order_line.filtered(lambda l: l.product_id == self.rotor).product_uom_qty = 2
        result = self._submit_as_dealer(order)
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.dealer_attempt_ids), 2)

    def test_over_credit_is_blocked_with_the_figures(self):
        self.dealer.credit_limit = 1000.0
        self.rule.action_archive()
        order = self._new_order([(self.rotor, 6)])
        result = self._submit_as_dealer(order)
        self.assertEqual(result["outcome"], "blocked")
        credit = [i for i in result["issues"] if i["code"] == "over_credit"]
        self.assertEqual(len(credit), 1)
        self.assertIn("1,200.00", credit[0]["message"])
        self.assertIn("1,000.00", credit[0]["message"])
        self.assertIn("200.00", credit[0]["message"])
        self.assertEqual(order.state, "draft")
