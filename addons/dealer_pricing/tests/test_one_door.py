from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.fields import Datetime
from odoo.tests import Form, tagged

from odoo.addons.dealer_pricing.tests.common import publish

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestOneDoor(DealerCommon):
    """A dealer order reaches ``sale`` only through the submission pipeline
    (or the approval after it), whoever confirms it and however."""

    # A down payment is invoiced below.
    chart_template = "generic_coa"

    def test_native_confirm_of_an_unsubmitted_dealer_order_says_use_submit(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        for user in (self.user_salesman, self.user_manager):
            with self.assertRaisesRegex(UserError, "use Submit"):
                order.with_user(user).action_confirm()
        # Elevated code (payment, portal acceptance run sudo) meets the same rule.
        with self.assertRaisesRegex(UserError, "use Submit"):
            order.sudo().action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids if "picking_ids" in order._fields else False)

    def test_private_confirmation_hook_holds_the_same_rule(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)])
        with self.assertRaisesRegex(UserError, "use Submit"):
            order._action_confirm()

    def test_state_written_directly_meets_the_same_rule(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        with self.assertRaisesRegex(UserError, "use Submit"):
            order.with_user(self.user_salesman).write({"state": "sale"})
        with self.assertRaisesRegex(UserError, "use Submit"):
            self.env["sale.order"].with_user(self.user_salesman).create(
                {"partner_id": self.contact_gold.id, "state": "sale", "user_id": self.user_salesman.id}
            )
        # Other customers' orders are not concerned.
        other = (
            self.env["sale.order"]
            .with_user(self.user_salesman)
            .create({"partner_id": self.customer.id, "state": "sale", "user_id": self.user_salesman.id})
        )
        self.assertEqual(other.state, "sale")

    def test_an_order_written_back_to_a_quotation_is_submitted_again(self):
        """Writing the state back (RPC) is no way around the checks: the
        submission of the confirmed order does not cover what is edited
        after it. A quantity under the minimum (10) is confirmed only by
        submitting again, where it is blocked."""
        reason = self.env.ref("dealer_pricing.dealer_order_correction_reason_other")
        for states in (("draft",), ("sent",), ("cancel", "draft")):
            order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
            salesman_order = order.with_user(self.user_salesman)
            salesman_order.action_dealer_submit_backoffice()
            self.assertEqual(order.state, "sale")
            for state in states:
                # Cancelling a submitted order is a correction: it carries its reason.
                salesman_order.with_context(dealer_correction_reason_id=reason.id).write({"state": state})
            self.assertFalse(order.dealer_submitted_at, states)
            salesman_order.write({"order_line": [Command.update(order.order_line.id, {"product_uom_qty": 4})]})
            with self.assertRaisesRegex(UserError, "use Submit"):
                salesman_order.action_confirm()
            # assertRaises (not ...Regex) rolls the write back, as the RPC call would be.
            with self.assertRaises(UserError):
                salesman_order.write({"state": "sale"})
            self.assertEqual(order.state, states[-1])

    def test_no_down_payment_invoice_before_the_pipeline_confirmed(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)

        def down_payment():
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_user(self.user_salesman)
                .with_context(active_model="sale.order", active_ids=order.ids)
                .create({"advance_payment_method": "percentage", "amount": 50, "sale_order_ids": order.ids})
            )
            wizard.create_invoices()

        with self.assertRaisesRegex(UserError, "invoiced once it was submitted"):
            down_payment()
        self.assertFalse(order.invoice_ids)
        self.assertFalse(order.order_line.filtered("is_downpayment"))
        order.with_user(self.user_salesman).action_dealer_submit_backoffice()
        self.assertEqual(order.state, "sale")
        down_payment()
        self.assertEqual(len(order.invoice_ids), 1)

    def test_orders_of_other_customers_confirm_natively(self):
        order = self._create_order(self.customer, [(self.pad, 3)], user_id=self.user_salesman.id)
        order.with_user(self.user_salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_pipeline_fields_cannot_be_forged(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        salesman_order = order.with_user(self.user_salesman)
        for vals in (
            {"dealer_submitted_at": Datetime.now()},
            {"dealer_submitted_by": self.user_salesman.id},
            {"dealer_submission_key": "forged"},
        ):
            with self.assertRaises(AccessError):
                salesman_order.write(vals)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.user_salesman).create(
                {"partner_id": self.contact_gold.id, "dealer_submitted_at": Datetime.now()}
            )
        self.assertFalse(order.dealer_submitted_at)
        with self.assertRaisesRegex(UserError, "use Submit"):
            salesman_order.action_confirm()

    def test_backoffice_phone_order_submits_through_the_pipeline(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        order.with_user(self.user_salesman).dealer_channel = "phone"
        action = order.with_user(self.user_salesman).action_dealer_submit_backoffice()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_channel, "phone")
        self.assertEqual(order.dealer_submitted_by, self.user_salesman)
        self.assertTrue(order.dealer_submitted_at)
        attempt = order.dealer_attempt_ids
        self.assertEqual((attempt.channel, attempt.outcome), ("phone", "confirmed"))

    def test_blocked_phone_order_is_overridden_by_a_sales_manager_only(self):
        order = self._create_order(self.contact_gold, [(self.pad, 4)], user_id=self.user_salesman.id)
        order.dealer_channel = "phone"
        action = order.with_user(self.user_salesman).action_dealer_submit_backoffice()
        # The issues are shown on the form, one by one.
        self.assertEqual(action["res_model"], "dealer.order.submit.wizard")
        wizard = self.env["dealer.order.submit.wizard"].with_user(self.user_salesman).browse(action["res_id"])
        self.assertIn("minimum order is 10 units", wizard.issues_html)
        self.assertFalse(wizard.can_override)
        self.assertEqual(wizard.attempt_id.outcome, "blocked")
        self.assertEqual(wizard.attempt_id.channel, "phone")
        self.assertEqual(order.state, "draft")
        # A salesperson may not override, with or without a reason.
        with self.assertRaises(AccessError):
            order.with_user(self.user_salesman).action_dealer_override("Customer insists")
        with self.assertRaises(AccessError):
            wizard.write({"override_reason": "Customer insists"})
            wizard.action_override()
        # A sales manager must give a reason.
        manager_wizard = wizard.with_user(self.user_manager)
        self.assertTrue(manager_wizard.can_override)
        with self.assertRaises(UserError):
            order.with_user(self.user_manager).action_dealer_override("  ")
        manager_wizard.override_reason = "Agreed with the dealer by phone: 4 is a trial quantity"
        manager_wizard.action_override()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_channel, "phone")
        self.assertEqual(order.dealer_submitted_by, self.user_manager)
        overridden = order.dealer_attempt_ids.filtered(lambda a: a.outcome == "overridden")
        self.assertEqual(len(overridden), 1)
        self.assertEqual(overridden.reason, "Agreed with the dealer by phone: 4 is a trial quantity")
        self.assertEqual(overridden.issue_codes, "qty_below_min")
        self.assertEqual(overridden.user_id, self.user_manager)
        self.assertEqual(sorted(order.dealer_attempt_ids.mapped("outcome")), ["blocked", "overridden"])

    def test_submit_button_only_on_unsubmitted_dealer_orders(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        with Form(order.with_user(self.user_salesman)) as form:
            form.dealer_channel = "phone"
        self.assertEqual(order.dealer_channel, "phone")
        with self.assertRaises(UserError):
            self._create_order(self.customer, [(self.pad, 3)]).action_dealer_submit_backoffice()
        with self.assertRaises(AccessError):
            order.with_user(self.user_gold).action_dealer_submit_backoffice()

    # ------------------------------------------------------------------
    # One rule per check (issue §4, F11)
    # ------------------------------------------------------------------
    def test_half_a_dozen_of_a_countable_product_is_refused_by_the_pipeline(self):
        order = self._create_order(self.dealer_gold, [(self.disc, 0.5, self.uom_dozen)])
        issues = order._get_dealer_order_issues()
        self.assertEqual(self._codes(issues), ["qty_fractional"])
        self.assertEqual(issues[0]["message"], "Brake disc BD-300 is sold in whole dozens; 0.5 is not a whole number.")
        self.assertEqual(
            self.uom_dozen._dealer_whole_units_error(0.5, "Brake disc BD-300"), issues[0]["message"], "one message"
        )

    def test_archived_product_is_not_in_the_catalog(self):
        order = self._create_order(self.dealer_gold, [(self.disc, 2)])
        self.disc.action_archive()
        issues = order._get_dealer_order_issues()
        self.assertEqual(self._codes(issues), ["not_in_assortment"])
        self.assertFalse(self.dealer_gold._dealer_allowed_products(self.disc))

    def test_checkers_are_a_list_each_addon_extends(self):
        checkers = self.env["sale.order"]._dealer_order_checkers()
        self.assertEqual(checkers[0], "_dealer_line_issues")
        for name in checkers:
            self.assertTrue(callable(getattr(self.env["sale.order"], name)))
        # Header checks stop the rest: an empty order has exactly one issue.
        empty = self._create_order(self.dealer_gold, [])
        self.assertEqual(self._codes(empty._get_dealer_order_issues()), ["empty"])

    def test_requested_price_is_kept_beside_the_line(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        line = order.order_line
        self.assertEqual(line.price_unit, 40.0)
        with self.assertRaises(UserError):
            line._dealer_check_requested_price("0.001")
        with self.assertRaises(UserError):
            line._dealer_check_requested_price("0")
        self.pad.standard_price = 25.0
        with self.assertRaisesRegex(UserError, "below the lowest price"):
            line._dealer_check_requested_price("24.99")
        self.assertEqual(line._dealer_check_requested_price("30,004"), 30.0)

    def test_special_price_reason_on_a_line_not_priced_by_the_tier_needs_approval(self):
        """A combo is not priced by the dealer's pricing: a special price
        reason on it still marks it non-standard and asks for approval."""
        combo = self.env["product.combo"].create(
            {"name": "DC Brake kit", "combo_item_ids": [Command.create({"product_id": self.pad.id})]}
        )
        kit = publish(
            self.env["product.product"].create(
                {
                    "name": "Brake kit",
                    "default_code": "BK-1",
                    "type": "combo",
                    "combo_ids": [Command.set(combo.ids)],
                    "list_price": 90.0,
                    "categ_id": self.categ_pads.id,
                }
            )
        )
        order = self._create_order(self.dealer_gold, [(kit, 1)])
        line = order.order_line.filtered(lambda l: l.product_id == kit)
        self.assertFalse(line._dealer_is_priced_line())
        self.assertFalse(line.dealer_price_nonstandard)
        line.dealer_price_request_reason = "Kit at cost"
        self.assertTrue(line.dealer_price_nonstandard)
        issues = [i for i in order._get_dealer_order_issues() if i["line_id"] == line.id]
        self.assertIn("price_nonstandard", self._codes(issues))
