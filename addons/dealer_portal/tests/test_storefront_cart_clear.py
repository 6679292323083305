from unittest.mock import patch

from odoo.models import BaseModel
from odoo.tests import tagged

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin


@tagged("post_install", "-at_install")
class TestStorefrontCartClear(StorefrontHttpMixin, DealerPortalHttpCommon):
    """/shop/cart/clear (Odoo's route, used before a reorder) empties a
    dealer's cart in one unlink, not one per line."""

    def _clear_counting_unlinks(self):
        """POST /shop/cart/clear; returns the ``sale.order.line`` unlink
        calls it made, each as the number of lines it removed."""
        calls = []
        unlink = BaseModel.unlink

        def counting_unlink(records):
            if records._name == "sale.order.line":
                calls.append(len(records))
            return unlink(records)

        with patch.object(BaseModel, "unlink", counting_unlink):
            self._json("/shop/cart/clear", {})
        return calls

    def test_dealer_cart_cleared_in_one_unlink(self):
        self._login(self.user_a_desk)
        for product in (self.p_drill, self.p_saw, self.p_bolt):
            self._add(product, 2)
        cart = self._cart()
        self.assertEqual(len(cart.order_line), 3)
        self.assertEqual(self._clear_counting_unlinks(), [3])
        self.assertFalse(cart.order_line)
        self.assertEqual(cart.state, "draft", "the cart stays, empty")
        self.assertEqual(cart.amount_total, 0.0)

    def test_clearing_an_empty_or_missing_cart_does_nothing(self):
        self._login(self.user_a_desk)
        self.assertEqual(self._clear_counting_unlinks(), [])
        self._add(self.p_drill, 2)
        self.assertEqual(self._clear_counting_unlinks(), [1])
        self.assertEqual(self._clear_counting_unlinks(), [])

    def test_other_customers_keep_odoos_own_clear(self):
        """A portal customer that is no dealer keeps Odoo's route: line by line."""
        self._login(self.user_retail)
        for product in (self.p_drill, self.p_saw):
            self._add(product, 1)
        cart = self._cart()
        self.assertEqual(len(cart.order_line), 2)
        self.assertEqual(self._clear_counting_unlinks(), [1, 1])
        self.assertFalse(cart.order_line)

    def test_only_a_dealers_draft_cart_is_emptied_this_way(self):
        """The model's rule, whoever calls it: a quotation already sent, or a
        cart that is no dealer's, is left as it is."""
        sent = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1), (self.p_bolt, 2)])
        sent.state = "sent"
        self.assertFalse(sent._dealer_clear_cart())
        self.assertEqual(len(sent.order_line), 2)
        retail = self._dealer_cart(self.user_retail, [(self.p_drill, 1)])
        self.assertFalse(retail._dealer_clear_cart())
        self.assertEqual(len(retail.order_line), 1)
        draft = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1), (self.p_bolt, 2)])
        self.assertTrue(draft._dealer_clear_cart())
        self.assertFalse(draft.order_line)
