from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestApprovalRules(DealerCreditCommon):
    def _submit(self, order):
        return order.action_dealer_submit(channel="portal")

    # -- one test per condition ------------------------------------------
    def test_condition_amount_above(self):
        self.dealer.credit_limit = 100000.0
        rule = self._rule("amount_above", users=self.sales_manager, amount=5000.0)
        small = self._order(50)
        self.assertEqual(self._submit(small)["outcome"], "confirmed", "5,000 is not above 5,000")
        big = self._order(51)
        result = self._submit(big)
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(big.dealer_approval_ids.rule_id, rule)
        self.assertIn("5,000.00", big.dealer_approval_ids.reason)
        self.assertIn("5,100.00", big.dealer_approval_ids.reason)
        self.assertEqual(big.dealer_approval_ids.user_ids, self.sales_manager)

    def test_condition_over_credit(self):
        self.tier.dealer_credit_policy = "approval"
        rule = self._rule("over_credit", users=self.finance)
        order = self._order(101)
        self._submit(order)
        self.assertEqual(order.dealer_approval_ids.rule_id, rule)
        self.assertIn("exceeds your available credit of 10,000.00 by 100.00", order.dealer_approval_ids.reason)

    def test_condition_nonstandard_price(self):
        rule = self._rule("nonstandard_price", users=self.sales_manager)
        order = self._order(2, price=80.0)
        order.order_line.dealer_price_request_reason = "Competitor offer"
        self.assertTrue(order.dealer_has_nonstandard_price)
        self._submit(order)
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertEqual(order.dealer_approval_ids.rule_id, rule)

    def test_condition_credit_hold(self):
        self.tier.dealer_credit_hold_policy = "approval"
        rule = self._rule("credit_hold", group=self.env.ref("account.group_account_manager"))
        self.dealer.write({"dealer_credit_hold": True, "dealer_credit_hold_reason": "Audit"})
        order = self._order(1)
        self._submit(order)
        self.assertEqual(order.dealer_approval_ids.rule_id, rule)
        self.assertIn(self.finance, order.dealer_approval_ids.user_ids, "group approvers are resolved")

    def test_condition_first_order(self):
        rule = self._rule("first_order", users=self.sales_manager)
        first = self._order(1)
        self._submit(first)
        self.assertEqual(first.dealer_approval_ids.rule_id, rule)
        first.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(first.state, "sale")
        second = self._order(1)
        self.assertEqual(self._submit(second)["outcome"], "confirmed", "only the first order is reviewed")

    def test_rule_limited_to_tiers(self):
        self._rule("amount_above", users=self.sales_manager, amount=100.0, tiers=self.other_tier)
        order = self._order(5)
        self.assertEqual(self._submit(order)["outcome"], "confirmed")

    def test_unmatched_approval_goes_to_sales_managers(self):
        """The default route: an approval issue no rule covers."""
        order = self._order(2, price=80.0)
        order.order_line.dealer_price_request_reason = "Special deal"
        self._submit(order)
        approval = order.dealer_approval_ids
        self.assertEqual(len(approval), 1)
        self.assertFalse(approval.rule_id)
        self.assertIn(self.sales_manager, approval.user_ids)
        self.assertNotIn(self.finance, approval.user_ids)

    # -- bad input ---------------------------------------------------------
    def test_rule_without_approver_refused(self):
        with self.assertRaises(ValidationError):
            self._rule("over_credit")

    def test_rule_with_portal_approver_refused(self):
        with self.assertRaises(ValidationError):
            self._rule("over_credit", users=self.portal_user)

    def test_amount_rule_needs_amount(self):
        with self.assertRaises(ValidationError):
            self._rule("amount_above", users=self.sales_manager, amount=0.0)


@tagged("post_install", "-at_install")
class TestApprovalWorkflow(DealerCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier.dealer_credit_policy = "approval"
        cls.rule_amount = cls._rule(
            "amount_above", level=1, users=cls.sales_manager, amount=5000.0, name="Above 5,000: sales manager"
        )
        cls.rule_credit = cls._rule("over_credit", level=2, users=cls.finance, name="Over credit: finance")

    def _activity_users(self, order):
        activity_type = self.env.ref("dealer_credit.mail_activity_type_dealer_approval")
        return order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).user_id

    def test_multi_level_approval_then_confirmation(self):
        order = self._order(120)  # 12,000: above 5,000 and over the 10,000 limit
        result = order.action_dealer_submit()
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertEqual(sorted(order.dealer_approval_ids.mapped("level")), [1, 2])
        self.assertEqual(order.dealer_approval_level, 1)
        self.assertEqual(self._activity_users(order), self.sales_manager, "only level 1 is asked first")
        notified = self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("partner_ids", "in", self.sales_manager.partner_id.ids),
            ]
        )
        self.assertTrue(notified, "the approver is emailed")

        # Finance is level 2: not yet.
        with self.assertRaises(AccessError):
            order.with_user(self.finance).action_dealer_approve()
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertEqual(order.dealer_approval_level, 2)
        self.assertEqual(self._activity_users(order), self.finance)
        level1 = order.dealer_approval_ids.filtered(lambda a: a.level == 1)
        self.assertEqual(level1.state, "approved")
        self.assertEqual(level1.decided_by, self.sales_manager)
        self.assertTrue(level1.decided_at)

        order.with_user(self.finance).action_dealer_approve()
        self.assertEqual(order.dealer_approval_state, "approved")
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.dealer_approved_at)
        self.assertTrue(order.dealer_confirmed_at)
        self.assertTrue(order.dealer_submitted_at <= order.dealer_approved_at <= order.dealer_confirmed_at)
        self.assertFalse(self._activity_users(order))
        bodies = " ".join(order.message_ids.mapped("body"))
        self.assertIn("Approved by Mia Manager", bodies)
        self.assertIn("Approved by Fay Finance", bodies)
        dealer_msg = order.message_ids.filtered(
            lambda m: "approved and confirmed" in (m.body or "") and self.dealer_contact in m.partner_ids
        )
        self.assertTrue(dealer_msg, "the dealer is told")

    def test_rejection_notifies_the_dealer(self):
        order = self._order(60)
        order.action_dealer_submit()
        action = order.with_user(self.sales_manager).action_dealer_reject_wizard()
        wizard = Form(self.env[action["res_model"]].with_user(self.sales_manager).with_context(**action["context"]))
        wizard.reason = "Please settle invoice INV/001 first."
        wizard.save().action_reject()
        self.assertEqual(order.dealer_approval_state, "rejected")
        self.assertEqual(order.dealer_rejection_reason, "Please settle invoice INV/001 first.")
        self.assertTrue(order.dealer_rejected_at)
        self.assertNotEqual(order.state, "sale")
        self.assertEqual(order.dealer_approval_ids.decided_by, self.sales_manager)
        msg = order.message_ids.filtered(lambda m: "settle invoice INV/001" in (m.body or ""))
        self.assertTrue(msg)
        self.assertIn(self.dealer_contact, msg.partner_ids)
        self.assertEqual(msg.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertFalse(self._activity_users(order))
        # Rejected orders cannot be confirmed behind the approvers' back...
        with self.assertRaises(UserError):
            order.action_confirm()
        # ...but the dealer may correct and submit again.
        order.order_line.product_uom_qty = 40
        self.assertEqual(order.action_dealer_submit()["outcome"], "confirmed")
        self.assertEqual(order.state, "sale")

    def test_reject_needs_a_reason(self):
        order = self._order(60)
        order.action_dealer_submit()
        with self.assertRaises(UserError):
            order.with_user(self.sales_manager)._dealer_reject_approval("   ")
        self.assertEqual(order.dealer_approval_state, "pending")

    def test_recheck_on_approval_sends_back_new_blocks(self):
        """Credit used up while the order waited: the final approval checks
        again and returns the order to the dealer instead of confirming."""
        self.tier.dealer_credit_policy = "block"
        order = self._order(60)  # 6,000: amount rule only
        order.action_dealer_submit()
        self.assertEqual(order.dealer_approval_ids.rule_id, self.rule_amount)
        self._invoice(7000.0)  # meanwhile
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.dealer_approval_state, "rejected")
        self.assertNotEqual(order.state, "sale")
        self.assertIn("exceeds your available credit of 3,000.00 by 3,000.00", order.dealer_rejection_reason)
        msg = order.message_ids.filtered(lambda m: "checked again" in (m.body or ""))
        self.assertIn(self.dealer_contact, msg.partner_ids)

    def test_recheck_on_approval_asks_for_new_approvals(self):
        order = self._order(60)
        order.action_dealer_submit()
        self.assertEqual(order.dealer_approval_ids.rule_id, self.rule_amount)
        self._invoice(7000.0)
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.dealer_approval_state, "pending")
        new = order.dealer_approval_ids.filtered(lambda a: a.state == "pending")
        self.assertEqual(new.rule_id, self.rule_credit)
        self.assertEqual(new.level, 3, "after the level already approved")
        order.with_user(self.finance).action_dealer_approve()
        self.assertEqual(order.state, "sale")

    def test_recheck_ignores_what_was_approved(self):
        order = self._order(120)
        order.action_dealer_submit()
        order.with_user(self.sales_manager).action_dealer_approve()
        order.with_user(self.finance).action_dealer_approve()
        self.assertEqual(order.state, "sale", "the approved over-credit does not send it back")

    def test_approving_twice_has_no_second_effect(self):
        order = self._order(60)
        order.action_dealer_submit()
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.state, "sale")
        confirmed_at = order.dealer_confirmed_at
        messages = len(order.message_ids)
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.dealer_approval_ids.state, "approved")
        self.assertEqual(order.dealer_confirmed_at, confirmed_at)
        self.assertEqual(len(order.message_ids), messages)

    def test_approving_a_cancelled_order_refused(self):
        order = self._order(60)
        order.action_dealer_submit()
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertTrue(all(a.state == "cancelled" for a in order.dealer_approval_ids))
        with self.assertRaises(UserError):
            order.with_user(self.sales_manager).action_dealer_approve()
        self.assertNotEqual(order.state, "sale")

    def test_editing_lines_resets_approvals(self):
        order = self._order(60)
        order.action_dealer_submit()
        order.write({"order_line": [Command.update(order.order_line.id, {"product_uom_qty": 55})]})
        self.assertEqual(order.dealer_approval_state, "not_needed")
        self.assertFalse(order.dealer_submitted_at)
        self.assertEqual(set(order.dealer_approval_ids.mapped("state")), {"cancelled"})
        self.assertFalse(self._activity_users(order))
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertNotEqual(order.state, "sale", "an approval given before the change does not count")
        # Submitting again asks again.
        self.assertEqual(order.action_dealer_submit()["outcome"], "approval")
        self.assertEqual(order.dealer_approval_state, "pending")

    def test_native_confirm_refused_while_pending(self):
        order = self._order(60)
        order.action_dealer_submit()
        with self.assertRaises(UserError):
            order.with_user(self.sales_manager).action_confirm()
        self.assertEqual(order.dealer_approval_state, "pending")

    def test_to_approve_list_shows_reasons(self):
        order = self._order(60)
        order.action_dealer_submit()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_credit.sale_order_dealer_approval_action")
        domain = safe_eval(action["domain"])
        mine = (
            self.env["sale.order"]
            .with_user(self.sales_manager)
            .search(domain + [("dealer_approver_ids", "in", [self.sales_manager.id])])
        )
        self.assertIn(order, mine)
        self.assertNotIn(
            order,
            self.env["sale.order"]
            .with_user(self.finance)
            .search(domain + [("dealer_approver_ids", "in", [self.finance.id])]),
        )
        row = order.with_user(self.sales_manager)
        self.assertIn("Above 5,000: sales manager", row.dealer_approval_summary)
        self.assertTrue(row.dealer_can_approve)
        self.assertFalse(order.with_user(self.finance).dealer_can_approve)
