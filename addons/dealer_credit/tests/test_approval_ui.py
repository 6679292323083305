from odoo.tests import tagged

from .common import DealerCreditHttpCommon


@tagged("post_install", "-at_install")
class TestApprovalUi(DealerCreditHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer.name = "Tour Credit Dealer"
        cls._rule("amount_above", users=cls.sales_manager, amount=1000.0, name="Tour rule above 1,000")

    def test_sales_manager_approves_from_the_to_approve_menu(self):
        order = self._order(20)
        self.assertEqual(order.action_dealer_submit(channel="portal")["outcome"], "approval")
        self.start_tour(
            "/odoo/action-dealer_credit.sale_order_dealer_approval_action",
            "dealer_credit_approval_tour",
            login=self.sales_manager.login,
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_approval_ids.decided_by, self.sales_manager)

    def test_finance_dealer_credit_list_opens(self):
        self._invoice(900.0, due_days=-3)
        self.authenticate(self.finance.login, self.finance.login)
        action = self.env.ref("dealer_credit.dealer_credit_overview_server_action")
        result = self.make_jsonrpc_request("/web/action/run", {"action_id": action.id})
        self.assertEqual(result["res_model"], "dealer.credit.overview")
        rows = self.env["dealer.credit.overview"].search([("create_uid", "=", self.finance.id)])
        row = rows.filtered(lambda r: r.partner_id == self.dealer)
        self.assertAlmostEqual(row.exposure, 900.0)
        self.assertEqual(row.overdue_days, 3)
