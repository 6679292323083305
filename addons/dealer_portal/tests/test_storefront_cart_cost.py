from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.dealer_pricing.models.res_partner import ResPartner as PricingPartner

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin


@tagged("post_install", "-at_install")
class TestStorefrontCartCost(StorefrontHttpMixin, DealerPortalHttpCommon):
    """The dealer's pricing keys (tier, price list, assortment, agreements,
    schemes: one SQL query) are looked up once per request, not once per
    cart line."""

    def _lookups(self, method, url, params=None):
        """Calls of the keys' query while ``url`` is served."""
        calls = []
        keys = PricingPartner._dealer_pricing_keys

        def counting_keys(partner, division=None):
            calls.append(partner.id)
            return keys(partner, division=division)

        with patch.object(PricingPartner, "_dealer_pricing_keys", counting_keys):
            if method == "json":
                self._json(url, params)
            else:
                res = self.url_open(url, allow_redirects=False)
                self.assertEqual(res.status_code, 200, url)
        return calls

    def test_cart_page_asks_once_whatever_its_lines(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        one_line = self._lookups("get", "/shop/cart")
        for product in (self.p_saw, self.p_bolt, self.p_gear):
            self._add(product, 2)
        self.assertEqual(len(self._cart().order_line), 4)
        four_lines = self._lookups("get", "/shop/cart")
        self.assertEqual(len(four_lines), len(one_line), "as many look-ups for 4 lines as for 1")
        self.assertEqual(len(set(four_lines)), len(four_lines), "never the same partner twice")

    def test_add_to_cart_asks_once(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        calls = self._lookups("json", "/shop/cart/update_json", {"product_id": self.p_saw.id, "add_qty": 2})
        self.assertEqual(len(set(calls)), len(calls), calls)

    def test_each_request_looks_up_afresh(self):
        """Once per request, not once for good: a tier change shows on the next page."""
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        self.assertTrue(self._lookups("get", "/shop/cart"))
        self.assertTrue(self._lookups("get", "/shop/cart"))
