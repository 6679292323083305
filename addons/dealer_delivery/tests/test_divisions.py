from odoo import Command
from odoo.tests import tagged

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestBackorderPolicyPerDivision(DealerDeliveryCommon):
    """The backorder policy is the dealer's tier's in the order's division."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 35)
        Division = cls.env["dealer.division"]
        cls.division_a = Division.create({"name": "Apex Pumps", "code": "DDAPEX", "company_id": cls.company.id})
        cls.division_b = Division.create({"name": "Volt Pumps", "code": "DDVOLT", "company_id": cls.company.id})
        cls.tier.division_id = cls.division_a
        cls.tier_backorder.division_id = cls.division_b
        cls.dealer.dealer_terms_ids = [
            Command.create({"division_id": cls.division_b.id, "tier_id": cls.tier_backorder.id})
        ]

    def _stock_severity(self, division):
        order = self._make_order([(self.product_a, 50)])
        order.dealer_division_id = division
        issues = [i for i in order._get_dealer_order_issues() if i["code"] == "qty_above_stock"]
        self.assertEqual(len(issues), 1)
        return issues[0]["severity"]

    def test_backorder_policy_follows_the_division(self):
        self.assertEqual(self._stock_severity(self.division_a), "block")
        self.assertEqual(self._stock_severity(self.division_b), "warning")
