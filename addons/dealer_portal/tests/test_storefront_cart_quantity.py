from odoo import Command
from odoo.tests import JsonRpcException, tagged
from odoo.tools import float_round

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin


class CartQuantityMixin(StorefrontHttpMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_kgm = cls.env.ref("uom.product_uom_kgm")
        # Sold by weight, in the Gold assortment (parts), priced and in stock.
        cls.p_flour = cls.env["product.product"].create(
            {
                "name": "DC Bulk Flour",
                "default_code": "DC-FLOUR",
                "categ_id": cls.categ_catalog_parts.id,
                "list_price": 5.0,
                "type": "consu",
                "is_storable": True,
                "sale_ok": True,
                "is_published": True,
                "uom_id": cls.uom_kgm.id,
                "uom_po_id": cls.uom_kgm.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["product.pricelist.item"].create(
            {
                "pricelist_id": cls.pl_gold.id,
                "applied_on": "0_product_variant",
                "product_id": cls.p_flour.id,
                "compute_price": "fixed",
                "fixed_price": 4.0,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.p_flour, cls.stock_location, 500)
        cls.env["dealer.quantity.rule"].create(
            {"tier_id": cls.tier_gold.id, "product_tmpl_id": cls.p_flour.product_tmpl_id.id, "min_qty": 2}
        )

    def _set(self, product, qty, line=None, display=False):
        params = {"product_id": product.id, "set_qty": qty, "display": display}
        if line is not None:
            params["line_id"] = line.id
        return self._json("/shop/cart/update_json", params)

    def _line(self, product):
        return self._cart().order_line.filtered(lambda l: l.product_id == product)


@tagged("post_install", "-at_install")
class TestStorefrontCartQuantity(CartQuantityMixin, DealerPortalHttpCommon):
    def test_decimal_quantity_kept_for_kg(self):
        self._login(self.user_a_desk)
        self._add(self.p_flour, 1)
        line = self._line(self.p_flour)
        for typed, expected in (("2.5", 2.5), (1.75, 1.75), ("2,5", 2.5), (" 3,25 ", 3.25)):
            res = self._set(self.p_flour, typed, line)
            line.invalidate_recordset()
            self.assertEqual(line.product_uom_qty, expected, f"{typed!r} is kept exact")
            self.assertEqual(res["quantity"], expected, "the response gives the real quantity")
            self.assertFalse(res["notification_info"]["warning"])
        # Rounded to the unit's rounding, never truncated.
        res = self._set(self.p_flour, "1.2345", line)
        line.invalidate_recordset()
        expected = float_round(1.2345, precision_rounding=self.uom_kgm.rounding)
        self.assertEqual(line.product_uom_qty, expected)
        self.assertEqual(res["quantity"], expected)
        self.assertEqual(len(self._cart().order_line), 1, "the same line is updated, no new line")

    def test_decimal_add_and_cart_below_one_unit(self):
        self._login(self.user_a_desk)
        res = self._add(self.p_flour, "0.5")
        line = self._line(self.p_flour)
        self.assertEqual(line.product_uom_qty, 0.5)
        self.assertEqual(res["quantity"], 0.5)
        # Native counts int(0.5) = 0 and would take the cart for an empty one.
        self.assertEqual(res.get("cart_quantity"), 1)
        res = self._add(self.p_flour, "1,25")
        line.invalidate_recordset()
        self.assertEqual(line.product_uom_qty, 1.75)
        self.assertEqual(res["quantity"], 1.75)
        self.assertIn('value="1.75"', self.url_open("/shop/cart").text)

    def test_fractional_quantity_of_unit_product_refused(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 3)
        line = self._line(self.p_drill)
        for typed in ("2.5", 2.5, "2,5"):
            res = self._set(self.p_drill, typed, line)
            line.invalidate_recordset()
            self.assertEqual(line.product_uom_qty, 3, "never truncated, never removed")
            self.assertEqual(res["quantity"], 3, "the response gives the unchanged quantity")
            self.assertEqual(
                res["notification_info"]["warning"], "DC-DRILL is sold in whole units; 2.5 is not a whole number."
            )
        res = self._add(self.p_drill, "1.5")
        line.invalidate_recordset()
        self.assertEqual(line.product_uom_qty, 3)
        self.assertIn("1.5 is not a whole number", res["notification_info"]["warning"])
        # Whole numbers typed with a decimal part still go in.
        self._set(self.p_drill, "4.0", line)
        line.invalidate_recordset()
        self.assertEqual(line.product_uom_qty, 4)

    def test_bad_quantities_refused_and_cart_unchanged(self):
        self._login(self.user_a_desk)
        self._add(self.p_flour, "2.5")
        line = self._line(self.p_flour)
        cases = (
            ("-1", "more than zero"),
            (-2.5, "more than zero"),
            ("abc", "is not a number"),
            ("1e400", "is not a number"),
            ("2000000", "more than can be ordered on one line"),
            (1e12, "more than can be ordered on one line"),
            ("0.001", "too small"),
        )
        for typed, message in cases:
            res = self._set(self.p_flour, typed, line)
            self.assertIn(message, res["notification_info"]["warning"], typed)
            self.assertEqual(res["quantity"], 2.5, typed)
            line.invalidate_recordset()
            self.assertEqual(line.product_uom_qty, 2.5, f"{typed!r} leaves the line as it was")
        res = self._add(self.p_flour, 999_999)
        self.assertIn("more than can be ordered on one line", res["notification_info"]["warning"])
        res = self._add(self.p_flour, "x")
        self.assertIn("is not a number", res["notification_info"]["warning"])
        line.invalidate_recordset()
        self.assertEqual(line.product_uom_qty, 2.5)
        # A bad quantity for a product not yet in the cart adds nothing.
        res = self._add(self.p_drill, "-3")
        self.assertIn("more than zero", res["notification_info"]["warning"])
        self.assertFalse(self._line(self.p_drill))
        # Zero removes the line, as native does.
        self._add(self.p_drill, 1)
        self._set(self.p_flour, "0,0", line)
        self.assertFalse(line.exists())
        self.assertEqual(self._cart().order_line.product_id, self.p_drill)

    def test_product_outside_the_catalog_still_refused(self):
        self._login(self.user_a_desk)
        for qty in ("2,5", "0.5", 2.5):
            with self.assertRaises(JsonRpcException):
                self._set(self.p_secret, qty)
        self.assertFalse(self._cart().order_line)

    def test_line_of_another_dealer_refused(self):
        self._login(self.user_b_desk)
        self._add(self.p_drill, 4)
        b_line = self._line(self.p_drill)
        self.assertTrue(b_line)
        self._login(self.user_a_desk)
        self._add(self.p_saw, 1)
        for qty in (7, "2.5", "0"):
            res = self._set(self.p_drill, qty, b_line)
            self.assertEqual(res["notification_info"]["warning"], "This line is not in your cart. Reload the page.")
            self.assertEqual(res["quantity"], 0)
        b_line.invalidate_recordset()
        self.assertTrue(b_line.exists())
        self.assertEqual(b_line.product_uom_qty, 4)
        self.assertEqual(self._cart().order_line.product_id, self.p_saw, "nothing added to the own cart either")
        # A line of the own cart with another product's id is refused too.
        saw_line = self._line(self.p_saw)
        res = self._set(self.p_drill, 5, saw_line)
        self.assertTrue(res["notification_info"]["warning"])
        saw_line.invalidate_recordset()
        self.assertEqual(saw_line.product_uom_qty, 1)

    def test_cart_marks_inputs_and_issues_follow_the_quantity(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        self._add(self.p_flour, 1)
        line = self._line(self.p_flour)
        res = self._set(self.p_flour, "1,5", line, display=True)
        html = res["website_sale.cart_lines"]
        self.assertIn("o_dealer_issue_qty_below_min", html, "1.5 kg is below the 2 kg minimum")
        self.assertIn("you entered 1.5", html)
        res = self._set(self.p_flour, "2.5", line, display=True)
        html = res["website_sale.cart_lines"]
        self.assertNotIn("o_dealer_issue_qty_below_min", html, "the issue is gone at 2.5 kg")
        self.assertIn('value="2.5"', html)
        page = self.url_open("/shop/cart").text
        self.assertRegex(
            page, rf'data-product-id="{self.p_flour.id}"[^>]*data-dealer-decimals="1"[^>]*inputmode="decimal"'
        )
        self.assertRegex(
            page, rf'data-product-id="{self.p_drill.id}"[^>]*data-dealer-decimals="1"[^>]*inputmode="numeric"'
        )

    def test_catalog_quantity_inputs_follow_the_unit(self):
        self._login(self.user_a_desk)
        flour = self.url_open("/my/catalog?search=DC-FLOUR").text
        self.assertRegex(
            flour, r'name="add_qty"[^>]*inputmode="decimal"[^>]*min="2(\.0)?"[^>]*step="any"[^>]*value="2"'
        )
        drill = self.url_open("/my/catalog?search=DC-DRILL").text
        self.assertRegex(drill, r'name="add_qty"[^>]*inputmode="numeric"[^>]*step="1"')
        self._add(self.p_flour, 2)
        cart = self.url_open("/shop/cart").text
        self.assertIn('inputmode="decimal" aria-label="Quantity of [DC-FLOUR] DC Bulk Flour"', cart)


@tagged("post_install", "-at_install")
class TestStorefrontCartQuantityTour(CartQuantityMixin, DealerPortalHttpCommon):
    def test_tour_cart_decimal_quantity(self):
        self.start_tour("/my/quick-order", "dealer_storefront_cart_decimal", login="dc_a_desk")
        order = self.env["sale.order"].search([("partner_id", "=", self.user_a_desk.partner_id.id)])
        self.assertEqual(len(order), 1)
        quantities = {line.product_id: line.product_uom_qty for line in order.order_line}
        self.assertEqual(quantities, {self.p_flour: 2.5, self.p_drill: 2})
