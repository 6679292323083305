from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_pricing.const import APPROVAL, BLOCK

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestCreditPerDivision(DealerCreditCommon):
    """Credit is the company's (one limit, one exposure); the hold policy,
    the hold threshold and the approval rules follow the dealer's tier in
    the order's division."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Division = cls.env["dealer.division"]
        cls.division_a = Division.create({"name": "Apex Credit", "code": "CRAPEX", "company_id": cls.company.id})
        cls.division_b = Division.create({"name": "Volt Credit", "code": "CRVOLT", "company_id": cls.company.id})
        cls.tier.division_id = cls.division_a  # blocks on hold and over credit
        cls.tier_b = cls.env["dealer.tier"].create(
            {
                "name": "Credit Volt Tier",
                "code": "CRVOLTT",
                "division_id": cls.division_b.id,
                "pricelist_id": cls.pricelist.id,
                "categ_ids": [Command.set(cls.categ.ids)],
                "dealer_credit_policy": "approval",
                "dealer_credit_hold_policy": "approval",
                "dealer_credit_hold_days": 10,
            }
        )
        cls.dealer.dealer_terms_ids = [Command.create({"division_id": cls.division_b.id, "tier_id": cls.tier_b.id})]

    def test_hold_policy_per_division(self):
        self.dealer.write({"dealer_credit_hold": True, "dealer_credit_hold_reason": "cheque returned unpaid"})
        order_a = self._order(1, dealer_division_id=self.division_a.id)
        order_b = self._order(1, dealer_division_id=self.division_b.id)
        self.assertEqual(self._issue(order_a._get_dealer_order_issues(), "credit_hold")["severity"], BLOCK)
        self.assertEqual(self._issue(order_b._get_dealer_order_issues(), "credit_hold")["severity"], APPROVAL)

    def test_hold_threshold_per_division_credit_per_company(self):
        self._invoice(100.0, due_days=-15)
        order_a = self._order(1, dealer_division_id=self.division_a.id)
        order_b = self._order(1, dealer_division_id=self.division_b.id)
        self.assertFalse(self._issue(order_a._get_dealer_order_issues(), "credit_hold"), "Apex: no threshold")
        issue = self._issue(order_b._get_dealer_order_issues(), "credit_hold")
        self.assertIn("15 days overdue", issue["message"])
        # One limit and one exposure for the company, whichever the division.
        position_a = self.dealer._dealer_credit_position(division=self.division_a)
        position_b = self.dealer._dealer_credit_position(division=self.division_b)
        self.assertEqual(position_a["exposure"], position_b["exposure"])
        self.assertEqual(position_a["limit"], position_b["limit"])
        self.assertFalse(position_a["on_hold"])
        self.assertTrue(position_b["on_hold"])

    def test_over_credit_policy_and_rules_per_division(self):
        self._rule("over_credit", users=self.finance)
        rule_b = self._rule("amount_above", users=self.finance, amount=1.0, tiers=self.tier_b)
        order_a = self._order(101, dealer_division_id=self.division_a.id)
        order_b = self._order(101, dealer_division_id=self.division_b.id)
        self.assertEqual(self._issue(order_a._get_dealer_order_issues(), "over_credit")["severity"], BLOCK)
        self.assertEqual(self._issue(order_b._get_dealer_order_issues(), "over_credit")["severity"], APPROVAL)
        self.assertTrue(rule_b._match_tier(order_b))
        self.assertFalse(rule_b._match_tier(order_a))
