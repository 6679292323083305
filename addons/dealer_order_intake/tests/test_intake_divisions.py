import re

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon

from .intake_common import IntakeTestMixin


@tagged("post_install", "-at_install")
class TestIntakeDivision(IntakeTestMixin, DealerPortalCommon):
    """An emailed order is placed in the division of the address it was sent
    to (the alias's default values), else the dealer's only division; a
    dealer of several divisions writing to no division's address is told to
    choose, never guessed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a_desk.dealer_order_email = cls.user_a_desk.email
        Division = cls.env["dealer.division"]
        cls.division_a = Division.create({"name": "Alpha Brand", "code": "INAPEX", "company_id": cls.company.id})
        cls.division_b = Division.create({"name": "Beta Brand", "code": "INVOLT", "company_id": cls.company.id})
        cls.tier_a = cls.dealer_a.dealer_tier_id
        cls.tier_a.division_id = cls.division_a
        cls.tier_b = cls.tier_a.copy({"code": "INTIERB", "division_id": cls.division_b.id})

    def _process(self, body, division=None):
        raw = self._raw_email(self.user_a_desk.email, body)
        custom_values = {"division_id": division.id} if division else None
        thread_id = self.env["mail.thread"].message_process("dealer.order.intake", raw, custom_values=custom_values)
        return self.env["dealer.order.intake"].browse(thread_id)

    def _confirm(self, intake):
        self.assertEqual(intake.state, "awaiting", intake.reason)
        token = re.search(r"confirm\?token=([\w-]+)", self._link_mail(intake).body_html).group(1)
        return intake._dealer_confirm_by_link(token, self.env.ref("base.public_user"))

    def test_dealer_of_one_division_needs_no_address(self):
        intake = self._process("DC-DRILL 2")
        self.assertEqual(intake.order_id.dealer_division_id, self.division_a)
        self._confirm(intake)
        self.assertEqual(intake.order_id.state, "sale", intake.reason)

    def test_division_of_the_alias(self):
        self.dealer_a.dealer_terms_ids = [
            Command.create({"division_id": self.division_b.id, "tier_id": self.tier_b.id})
        ]
        intake = self._process("DC-DRILL 2", division=self.division_b)
        self.assertEqual(intake.division_id, self.division_b)
        self.assertEqual(intake.order_id.dealer_division_id, self.division_b)
        self.assertEqual(intake.order_id.dealer_tier_id, self.tier_b)

    def test_several_divisions_and_no_address_is_refused(self):
        self.dealer_a.dealer_terms_ids = [
            Command.create({"division_id": self.division_b.id, "tier_id": self.tier_b.id})
        ]
        intake = self._process("DC-DRILL 2")
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id)
        self.assertIn('Write a line "Division: <code>" in your email', intake.reason)
        self.assertIn("INAPEX (Alpha Brand), INVOLT (Beta Brand)", intake.reason)

    def test_alias_of_a_division_the_dealer_does_not_buy_from(self):
        intake = self._process("DC-DRILL 2", division=self.division_b)
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id)
        self.assertIn("does not buy from Beta Brand", intake.reason)

    def test_rows_are_matched_in_the_catalog_of_the_alias_division(self):
        # A product only the division B tier sells: matched there, not in the
        # dealer's own (division A) catalog.
        product = self._division_only_product(
            self.dealer_a, self.division_b, self.tier_b, "DC-BETA-CHG", "Beta charger"
        )
        intake = self._process("DC-BETA-CHG 3", division=self.division_b)
        self.assertEqual(intake.state, "awaiting", intake.reason)
        self.assertEqual(intake.order_id.order_line.product_id, product)
        self.assertEqual(intake.order_id.dealer_division_id, self.division_b)
