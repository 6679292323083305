from odoo.tests import tagged

from .common import DealerPortalCommon


@tagged("post_install", "-at_install")
class TestStorefrontCatalogRules(DealerPortalCommon):
    """F11 and issue 10 §4: one assortment rule and one whole-unit rule,
    each with one message, for the cart, quick order, reorder and the
    pipeline; archived and unpublished products refused by every channel."""

    def _resolve(self, text, dealer=None):
        QuickOrder = self.env["dealer.quick.order"].with_user(self.user_a_desk)
        return QuickOrder._resolve_rows(dealer or self.dealer_a, QuickOrder._parse_text(text)["rows"])

    def test_quick_order_never_names_a_product_outside_the_catalog(self):
        resolved = self._resolve("DC-SECRET 1")
        self.assertEqual(resolved["errors"][0]["message"], "DC-SECRET is not in your catalog.")
        self.assertNotIn(self.p_secret.name, resolved["errors"][0]["message"])

    def test_archived_and_unpublished_products_are_refused_online(self):
        self.p_saw.action_archive()
        self.p_gear.is_published = False
        resolved = self._resolve("DC-DRILL 1\nDC-GEAR 1")
        self.assertEqual([p for p, __ in resolved["entries"]], [self.p_drill])
        self.assertEqual(resolved["errors"][0]["message"], "DC-GEAR is not in your catalog.")
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1)]).with_user(self.user_a_desk).sudo()
        added = cart._dealer_cart_add_lines([(self.p_saw, 1), (self.p_gear, 1), (self.p_bolt, 5)])
        self.assertEqual(added, 1, "only the bolt: the saw is archived, the gearbox unpublished")
        self.assertNotIn(self.p_gear, cart.order_line.product_id)
        self.assertNotIn(self.p_saw, cart.order_line.product_id)

    def test_pipeline_refuses_unpublished_products_on_every_channel(self):
        # A cart filled while the product was on the website, unpublished before submitting.
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1), (self.p_gear, 1)])
        self.p_gear.is_published = False
        result = cart.with_user(self.user_a_desk).sudo()._dealer_portal_submit()
        self.assertEqual(result["outcome"], "blocked")
        self.assertEqual(
            [(i["code"], i["product_id"]) for i in result["issues"]], [("not_in_assortment", self.p_gear.id)]
        )
        self.assertNotEqual(cart.state, "sale")
        # The same order keyed in by phone: blocked too, and only a sales
        # manager's override (with a reason) takes it.
        phone = self.env["sale.order"].create(
            {
                "partner_id": self.user_a_desk.partner_id.id,
                "dealer_channel": "phone",
                "order_line": [(0, 0, {"product_id": self.p_gear.id, "product_uom_qty": 1})],
            }
        )
        result = phone.action_dealer_submit(channel="phone")
        self.assertEqual(result["outcome"], "blocked")
        self.assertIn(("not_in_assortment", self.p_gear.id), [(i["code"], i["product_id"]) for i in result["issues"]])
        self.assertNotEqual(phone.state, "sale")
        # Published again, the product is no longer what blocks the order.
        self.p_gear.is_published = True
        codes = [i["code"] for i in phone._get_dealer_order_issues()]
        self.assertNotIn("not_in_assortment", codes)

    def test_reorder_refuses_a_discontinued_product(self):
        past = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2), (self.p_saw, 1)])
        self.assertEqual(past.action_dealer_submit(channel="portal")["outcome"], "confirmed")
        self.p_saw.action_archive()
        result = past.with_user(self.user_a_desk).sudo()._dealer_reorder_entries()
        self.assertEqual([p for p, __ in result["entries"]], [self.p_drill])
        self.assertEqual(result["errors"][0]["message"], "DC Circular Saw DC-SAW is not in your catalog.")
        # The order checks agree: an archived product is not in the catalog.
        again = self.env["sale.order"].create(
            {"partner_id": self.user_a_desk.partner_id.id, "order_line": [(0, 0, {"product_id": self.p_saw.id})]}
        )
        self.assertEqual([i["code"] for i in again._get_dealer_order_issues()], ["not_in_assortment"])

    def test_one_whole_unit_rule_for_cart_quick_order_and_pipeline(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        # Quick order: 2.5 units.
        message = self._resolve("DC-DRILL 2.5")["errors"][0]["message"]
        self.assertEqual(message, "DC-DRILL is sold in whole units; 2.5 is not a whole number.")
        # Pipeline: half a dozen, refused like in the cart.
        order = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1)])
        order.order_line.write({"product_uom": dozen.id, "product_uom_qty": 0.5})
        issues = [i for i in order._get_dealer_order_issues() if i["code"] == "qty_fractional"]
        self.assertEqual(len(issues), 1)
        self.assertEqual(
            issues[0]["message"], "DC Cordless Drill DC-DRILL is sold in whole dozens; 0.5 is not a whole number."
        )
        # Cart: the same rule on the same line.
        res = (
            order.with_user(self.user_a_desk)
            .sudo()
            ._cart_update(self.p_drill.id, line_id=order.order_line.id, set_qty="1.5")
        )
        self.assertEqual(res["warning"], "DC-DRILL is sold in whole dozens; 1.5 is not a whole number.")
