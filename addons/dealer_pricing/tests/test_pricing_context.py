from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import DealerCommon

CALL_KW = "/web/dataset/call_kw/product.product/get_contextual_price"


class PricingContextFixture(DealerCommon):
    """Gold Motors (``user_gold``) buys at its tier price, 80 % of list, but
    for an agreement of its own on the brake disc. Its competitor in the same
    tier, Gold Garage, has agreement prices on both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_own = cls._create_agreement(cls.dealer_gold, [(cls.disc, 95.0)])
        cls.agreement_rival = cls._create_agreement(cls.dealer_gold_2, [(cls.pad, 31.0), (cls.disc, 70.0)])
        cls.special_pricelist = cls.env["product.pricelist"]._dealer_special_pricelist(cls.company)
        products = cls.pad | cls.disc
        # With the shop installed (as with the portal), portal users read
        # published products, which is what makes the method reachable.
        if "is_published" in products.product_tmpl_id._fields:
            products.product_tmpl_id.write({"is_published": True})


@tagged("post_install", "-at_install")
class TestPricingContextRpc(PricingContextFixture, HttpCase):
    """A dealer's portal user calls the public pricing method over JSON-RPC
    with a context of its choosing: it only ever gets its own prices."""

    def _price(self, product, **context):
        return self.make_jsonrpc_request(
            CALL_KW,
            {
                "model": "product.product",
                "method": "get_contextual_price",
                "args": [[product.id]],
                "kwargs": {"context": {"pricelist": self.pricelist_gold.id, **context}},
            },
        )

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_gold.login, self.user_gold.login)

    def test_own_prices_without_forged_keys(self):
        self.assertAlmostEqual(self._price(self.pad), 40.0)
        self.assertAlmostEqual(self._price(self.disc), 95.0)

    def test_forged_target_with_a_rivals_agreements_prices_as_the_user(self):
        forged = [
            self.dealer_gold_2.id,
            self.tier_gold.id,
            self.pricelist_gold.id,
            self.agreement_rival.ids,
            [],
        ]
        self.assertAlmostEqual(self._price(self.pad, dealer_pricing_target=forged), 40.0)
        self.assertAlmostEqual(self._price(self.disc, dealer_pricing_target=forged), 95.0)

    def test_rivals_partner_id_prices_as_the_user(self):
        self.assertAlmostEqual(self._price(self.pad, dealer_partner_id=self.dealer_gold_2.id), 40.0)
        self.assertAlmostEqual(self._price(self.disc, dealer_partner_id=self.dealer_gold_2.id), 95.0)

    def test_forged_tier_rule_ids_and_nested_flag_change_nothing(self):
        rival_tier_rules = self.pricelist_silver.item_ids.ids
        self.assertAlmostEqual(self._price(self.disc, dealer_pricing_tier_rule_ids=rival_tier_rules), 95.0)
        # Nested pricing is native pricing of the asked list, read as the user.
        self.assertAlmostEqual(self._price(self.pad, dealer_pricing_nested=True), 40.0)

    def test_technical_list_of_all_agreements_discloses_none_of_a_rival(self):
        pad = self._price(self.pad, pricelist=self.special_pricelist.id)
        self.assertNotAlmostEqual(pad, 31.0, msg="the rival's agreement price")
        self.assertAlmostEqual(pad, 50.0, msg="no rule of the user's own applies: the list price")
        self.assertAlmostEqual(self._price(self.disc, pricelist=self.special_pricelist.id), 95.0)


@tagged("post_install", "-at_install")
class TestPricingContextElevated(PricingContextFixture):
    """Server code naming the dealer to price for does so under sudo."""

    def test_elevated_code_prices_as_the_named_dealer(self):
        for user in (self.user_salesman, self.user_gold):
            with self.subTest(user=user.login):
                pricelist_sudo = self.pricelist_gold.with_user(user).sudo()
                priced_sudo = pricelist_sudo.with_context(dealer_partner_id=self.dealer_gold_2.id)
                self.assertAlmostEqual(priced_sudo._get_product_price(self.pad, 1.0), 31.0)
                self.assertAlmostEqual(priced_sudo._get_product_price(self.disc, 1.0), 70.0)

    def test_the_key_is_ignored_without_sudo(self):
        pricelist = self.pricelist_gold.with_context(dealer_partner_id=self.dealer_gold_2.id)
        self.assertAlmostEqual(pricelist.with_user(self.user_gold)._get_product_price(self.pad, 1.0), 40.0)
        self.assertAlmostEqual(pricelist.with_user(self.user_gold)._get_product_price(self.disc, 1.0), 95.0)
        # A back-office user names no dealer outside elevated code: the tier list's own price.
        self.assertAlmostEqual(pricelist.with_user(self.user_salesman)._get_product_price(self.pad, 1.0), 40.0)

    def test_back_office_order_is_priced_for_its_dealer(self):
        order = (
            self.env["sale.order"]
            .with_user(self.user_salesman)
            .create(
                {
                    "partner_id": self.dealer_gold_2.id,
                    "pricelist_id": self.pricelist_gold.id,
                    "order_line": [
                        Command.create({"product_id": self.pad.id, "product_uom_qty": 10}),
                        Command.create({"product_id": self.disc.id, "product_uom_qty": 1}),
                    ],
                }
            )
        )
        pad_line, disc_line = order.order_line
        self.assertEqual((pad_line.price_unit, disc_line.price_unit), (31.0, 70.0))
        self.assertEqual(pad_line.dealer_price_source, "agreement")
        self.assertEqual((pad_line.dealer_system_price, disc_line.dealer_system_price), (31.0, 70.0))
        self.assertFalse(order.order_line.filtered("dealer_price_nonstandard"))

    def test_dealers_own_cart_priced_as_its_user(self):
        order = self._create_order(self.user_gold.partner_id, [(self.pad, 10), (self.disc, 1)])
        lines = order.with_user(self.user_gold).order_line
        self.assertEqual(lines.mapped("price_unit"), [40.0, 95.0])
        self.assertEqual(lines.mapped("dealer_system_price"), [40.0, 95.0])
