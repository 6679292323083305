from odoo import Command
from odoo.tests import tagged

from .common_api import DealerApiHttpCommon


@tagged("post_install", "-at_install")
class TestDealerApiDivision(DealerApiHttpCommon):
    """An API order is placed in the division the client names (one the
    dealer trades with), else the dealer's only division."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Division = cls.env["dealer.division"]
        cls.division_a = Division.create({"name": "Alpha API", "code": "APIA", "company_id": cls.company.id})
        cls.division_b = Division.create({"name": "Beta API", "code": "APIB", "company_id": cls.company.id})
        cls.tier_a = cls.dealer_a.dealer_tier_id
        cls.tier_a.division_id = cls.division_a

    def _submit(self, body):
        return self._api("POST", "/orders", login="dc_a_desk", body=body)

    def test_only_division_by_default(self):
        response = self._submit({"lines": [{"sku": "DC-DRILL", "qty": 2}]})
        self.assertEqual(response.status_code, 201, response.text)
        order = self.env["sale.order"].browse(response.json()["id"])
        self.assertEqual(order.dealer_division_id, self.division_a)

    def test_named_division_and_ambiguity(self):
        tier_b = self.tier_a.copy({"code": "APITIERB", "division_id": self.division_b.id})
        self.dealer_a.dealer_terms_ids = [Command.create({"division_id": self.division_b.id, "tier_id": tier_b.id})]
        response = self._submit({"lines": [{"sku": "DC-DRILL", "qty": 2}]})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"], "division_required")
        self.assertIn("APIA, APIB", response.text)
        response = self._submit({"lines": [{"sku": "DC-DRILL", "qty": 2}], "division": "APIB"})
        self.assertEqual(response.status_code, 201, response.text)
        order = self.env["sale.order"].browse(response.json()["id"])
        self.assertEqual((order.dealer_division_id, order.dealer_tier_id), (self.division_b, tier_b))

    def test_division_the_dealer_does_not_buy_from_is_refused(self):
        response = self._submit({"lines": [{"sku": "DC-DRILL", "qty": 2}], "division": "APIB"})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertFalse(self.env["sale.order"].search([("dealer_division_id", "=", self.division_b.id)]))

    def test_lines_are_matched_in_the_named_division_catalog(self):
        # A product only division B's tier sells: an order to B takes it, an
        # order to A (the dealer's own tier) refuses its line.
        tier_b = self.tier_a.copy({"code": "APITIERC", "division_id": self.division_b.id})
        self._division_only_product(self.dealer_a, self.division_b, tier_b, "DC-BETA-API", "Beta API charger")
        response = self._submit({"lines": [{"sku": "DC-BETA-API", "qty": 1}], "division": "APIA"})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"], "invalid_lines")
        response = self._submit({"lines": [{"sku": "DC-BETA-API", "qty": 1}], "division": "APIB"})
        self.assertNotEqual(response.json().get("error"), "invalid_lines", response.text)
        order = self.env["sale.order"].browse(response.json()["id"])
        self.assertEqual(order.order_line.product_id.default_code, "DC-BETA-API")
