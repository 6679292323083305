from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.dealer_pricing.tests.common import publish

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestDealerPrices(DealerCommon):
    def test_tier_price_list(self):
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad), 40.0)
        self.assertAlmostEqual(self._dealer_price(self.dealer_silver, self.pad), 45.0)
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        self.assertEqual(order.pricelist_id, self.pricelist_gold)
        self.assertAlmostEqual(order.order_line.price_unit, 40.0)
        self.assertEqual(order.order_line.dealer_price_source, "tier")
        self.assertFalse(order.order_line.dealer_price_nonstandard)

    def test_agreement_takes_precedence_for_its_dealer_only(self):
        agreement = self._create_agreement(self.dealer_gold, [(self.pad, 33.0)], reference="K-17")
        item = agreement.item_ids
        self.assertTrue(item.pricelist_id.dealer_is_special, "kept in the technical list")
        self.assertNotEqual(item.pricelist_id, self.pricelist_gold)
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad), 33.0)
        self.assertAlmostEqual(self._dealer_price(self.contact_gold, self.pad), 33.0, msg="contacts too")
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold_2, self.pad), 40.0, msg="same tier, other dealer")
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.disc), 96.0, msg="other products: tier")
        # Without a dealer, the tier list is a plain price list.
        self.assertAlmostEqual(self.pricelist_gold._get_product_price(self.pad, 1.0), 40.0)
        order = self._create_order(self.contact_gold, [(self.pad, 10)])
        self.assertAlmostEqual(order.order_line.price_unit, 33.0)
        self.assertEqual(order.order_line.dealer_price_source, "agreement")
        agreement.action_archive()
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad), 40.0, msg="archived: no longer")

    def test_agreement_beats_scheme_beats_tier(self):
        today = date.today()
        self._create_scheme(
            self.tier_gold, [(self.pad, 36.0), (self.disc, 90.0)], today - timedelta(days=1), today + timedelta(days=1)
        )
        self._create_agreement(self.dealer_gold, [(self.pad, 33.0)])
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad), 33.0)
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.disc), 90.0)
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold_2, self.pad), 36.0)
        self.assertAlmostEqual(self._dealer_price(self.dealer_silver, self.pad), 45.0, msg="not a Silver scheme")

    def test_scheme_applies_only_while_active(self):
        start, end = date(2031, 3, 1), date(2031, 3, 31)
        scheme = self._create_scheme(self.tier_gold | self.tier_silver, [(self.pad, 30.0)], start, end)
        self.assertEqual(scheme.item_ids.date_start, datetime(2031, 3, 1, 0, 0, 0))
        self.assertEqual(scheme.item_ids.date_end, datetime(2031, 3, 31, 23, 59, 59))
        cases = [
            (datetime(2031, 2, 28, 23, 0), 40.0, 45.0),  # before
            (datetime(2031, 3, 1, 0, 0), 30.0, 30.0),  # first day
            (datetime(2031, 3, 31, 22, 0), 30.0, 30.0),  # last day
            (datetime(2031, 4, 1, 0, 0, 1), 40.0, 45.0),  # after: stops by itself
        ]
        for when, gold, silver in cases:
            with self.subTest(when=when):
                self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad, when=when), gold)
                self.assertAlmostEqual(self._dealer_price(self.dealer_silver, self.pad, when=when), silver)

    def test_scheme_dates_follow_the_header(self):
        scheme = self._create_scheme(self.tier_gold, [(self.pad, 30.0)], date(2031, 3, 1), date(2031, 3, 31))
        scheme.date_end = date(2031, 3, 10)
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad, when=datetime(2031, 3, 15)), 40.0)
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad, when=datetime(2031, 3, 5)), 30.0)

    def test_scheme_order_lines_with_frozen_time(self):
        self._create_scheme(self.tier_gold, [(self.pad, 30.0)], date(2031, 3, 1), date(2031, 3, 31))
        for day, price in ((date(2031, 2, 20), 40.0), (date(2031, 3, 15), 30.0), (date(2031, 4, 2), 40.0)):
            with self.subTest(day=day), freeze_time(self._dt(day)):
                order = self._create_order(self.dealer_gold, [(self.pad, 10)])
                self.assertAlmostEqual(order.order_line.price_unit, price)
                self.assertFalse(order.order_line.dealer_price_nonstandard)

    def test_expired_scheme_price_on_a_draft_needs_approval(self):
        self._create_scheme(self.tier_gold, [(self.pad, 30.0)], date(2031, 3, 1), date(2031, 3, 31))
        with freeze_time(self._dt(date(2031, 3, 31), 10)):
            order = self._create_order(self.dealer_gold, [(self.pad, 10)])
            self.assertAlmostEqual(order.order_line.price_unit, 30.0)
        with freeze_time(self._dt(date(2031, 4, 2))):
            order.date_order = datetime.now()
            issues = self._pricing_issues(order._get_dealer_order_issues())
        self.assertEqual(self._codes(issues), ["price_nonstandard"])
        self.assertEqual(issues[0]["values"]["system_price"], 40.0)

    def test_percentage_scheme_applies_to_the_tier_price(self):
        """'10 % off' in a scheme or agreement is off the dealer's own price,
        the same on the shop, the order line and the check."""
        today = date.today()
        self._create_scheme(
            self.tier_gold | self.tier_silver,
            [
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.pad.product_tmpl_id.id,
                    "compute_price": "percentage",
                    "percent_price": 10.0,
                }
            ],
            today,
            today + timedelta(days=3),
        )
        self._create_agreement(
            self.dealer_gold_2,
            [
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.disc.product_tmpl_id.id,
                    "compute_price": "percentage",
                    "percent_price": 25.0,
                }
            ],
        )
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad), 36.0)
        self.assertAlmostEqual(self._dealer_price(self.dealer_silver, self.pad), 40.5)
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold_2, self.disc), 72.0)
        self.assertAlmostEqual(self.pricelist_gold.with_user(self.user_gold)._get_product_price(self.pad, 1.0), 36.0)
        for partner, product, price in ((self.contact_gold, self.pad, 36.0), (self.dealer_gold_2, self.disc, 72.0)):
            with self.subTest(partner=partner.name):
                order = self._create_order(partner, [(product, 10)])
                line = order.order_line
                self.assertAlmostEqual(line.price_unit * (1 - line.discount / 100), price)
                self.assertEqual(self._pricing_issues(order._get_dealer_order_issues()), [])

    def test_quantity_break_in_an_agreement(self):
        self._create_agreement(
            self.dealer_gold,
            [
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.pad.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": 35.0,
                    "min_quantity": 100,
                },
            ],
        )
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad, qty=10), 40.0)
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad, qty=100), 35.0)

    def test_guard_dealer_never_gets_another_tier_price(self):
        """Whatever list is asked for (a website falling back on another
        list, an order switched to another tier's list), a dealer gets its
        own tier's price."""
        for pricelist in (self.pricelist_silver, self.pricelist_public):
            with self.subTest(pricelist=pricelist.name):
                price = self._dealer_price(self.dealer_gold, self.pad, pricelist=pricelist)
                self.assertAlmostEqual(price, 40.0)
                as_portal = pricelist.with_user(self.user_gold)._get_product_price(self.pad, 1.0)
                self.assertAlmostEqual(as_portal, 40.0)
        order = self._create_order(self.dealer_gold, [(self.pad, 10)], pricelist_id=self.pricelist_silver.id)
        self.assertAlmostEqual(order.order_line.price_unit, 40.0)
        # A plain customer on the Silver list still pays Silver prices.
        self.assertAlmostEqual(self.pricelist_silver._get_product_price(self.pad, 1.0), 45.0)

    def test_guard_converts_currency(self):
        other_currency = self.env["res.currency"].create({"name": "DCX", "symbol": "X", "rounding": 0.01})
        self.env["res.currency.rate"].create(
            {
                "currency_id": other_currency.id,
                "rate": 2.0,
                "name": date(2000, 1, 1),
                "company_id": self.company.id,
            }
        )
        foreign = self.env["product.pricelist"].create({"name": "Foreign", "currency_id": other_currency.id})
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad, pricelist=foreign), 80.0)

    def test_tier_list_based_on_another_tier_list(self):
        """Gold priced as Silver minus 5 %: the Silver rules are read on the
        dealer's behalf, a Gold agreement applies once, on top."""
        self.pricelist_gold.item_ids.write(
            {"base": "pricelist", "base_pricelist_id": self.pricelist_silver.id, "price_discount": 5.0}
        )
        expected = 50.0 * 0.9 * 0.95
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad), expected)
        self.assertAlmostEqual(
            self.pricelist_gold.with_user(self.user_gold)._get_product_price(self.pad, 1.0), expected
        )
        self._create_agreement(
            self.dealer_gold,
            [
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.pad.product_tmpl_id.id,
                    "compute_price": "formula",
                    "base": "pricelist",
                    "base_pricelist_id": self.pricelist_gold.id,
                    "price_discount": 10.0,
                }
            ],
        )
        self.assertAlmostEqual(self._dealer_price(self.dealer_gold, self.pad), expected * 0.9)

    def test_website_price_is_the_price_charged(self):
        """What the shop shows the signed-in dealer (``_get_sales_prices`` and
        ``_get_combination_info``) is what its order line charges."""
        if "website" not in self.env:
            self.skipTest("the website shop is not installed")  # never the case in the project's runs
        self._create_agreement(self.dealer_gold, [(self.pad, 33.0)])
        self._create_scheme(self.tier_gold, [(self.disc, 90.0)], date.today(), date.today() + timedelta(days=5))
        # The fixture company's own shop.
        website = self.env["website"].create({"name": "DC Dealer shop", "company_id": self.company.id})
        products = self.pad | self.disc | self.filter
        products.product_tmpl_id.write({"is_published": True})
        shown = (
            products.product_tmpl_id.with_user(self.user_gold)
            .with_context(website_id=website.id)
            ._get_sales_prices(website.with_user(self.user_gold))
        )
        order = self._create_order(self.user_gold.partner_id, [(p, 12) for p in products])
        charged = {line.product_id.product_tmpl_id.id: line.price_unit for line in order.order_line}
        self.assertEqual(
            {k: round(v, 2) for k, v in charged.items()},
            {
                self.pad.product_tmpl_id.id: 33.0,
                self.disc.product_tmpl_id.id: 90.0,
                self.filter.product_tmpl_id.id: 12.0,
            },
        )
        for tmpl_id, price in charged.items():
            self.assertAlmostEqual(shown[tmpl_id]["price_reduce"], price)
            info = (
                self.env["product.template"]
                .browse(tmpl_id)
                .with_user(self.user_gold)
                .with_context(website_id=website.id)
                ._get_combination_info(add_qty=12)
            )
            self.assertAlmostEqual(info["price"], price)

    def test_active_pricing_summary(self):
        today = date.today()
        self._create_agreement(
            self.dealer_gold,
            [(self.pad, 33.0)],
            reference="K-17",
            date_end=today + timedelta(days=30),
            name="Volume 2026",
        )
        self._create_agreement(
            self.dealer_gold, [(self.disc, 99.0)], date_end=today - timedelta(days=1), name="Old deal"
        )
        self._create_agreement(self.dealer_gold_2, [(self.disc, 90.0)], name="Neighbour deal")
        self._create_scheme(
            self.tier_gold,
            [
                {
                    "applied_on": "2_product_category",
                    "categ_id": self.categ_filters.id,
                    "compute_price": "percentage",
                    "percent_price": 25.0,
                }
            ],
            today,
            today + timedelta(days=7),
            name="Filter week",
        )
        self._create_scheme(self.tier_silver, [(self.pad, 1.0)], today, today + timedelta(days=7), name="Silver only")
        self._create_scheme(
            self.tier_gold, [(self.pad, 1.0)], today + timedelta(days=3), today + timedelta(days=7), name="Upcoming"
        )
        summary = self.user_gold.partner_id.with_user(self.user_gold)._dealer_active_pricing()
        self.assertEqual([a["name"] for a in summary["agreements"]], ["Volume 2026"])
        agreement = summary["agreements"][0]
        self.assertEqual(agreement["reference"], "K-17")
        self.assertEqual(agreement["date_end"], today + timedelta(days=30))
        self.assertEqual(agreement["products"], ["[BP-220] Brake pad"])
        self.assertEqual([s["name"] for s in summary["schemes"]], ["Filter week"])
        self.assertEqual(summary["schemes"][0]["products"], ["All DC Parts / Filters products"])
        self.assertEqual(summary["schemes"][0]["date_end"], today + timedelta(days=7))
        self.assertEqual(self.customer._dealer_active_pricing(), {"agreements": [], "schemes": []})

    def test_pricing_queries_close_to_native(self):
        """Dealer pricing of a page costs native pricing plus a fixed few
        queries, however many products the page and the agreements hold."""
        products = publish(
            self.env["product.product"].create(
                [{"name": f"Pad {i}", "categ_id": self.categ_pads.id, "list_price": 10.0 + i} for i in range(40)]
            )
        )
        self._create_agreement(self.dealer_gold, [(p, 5.0) for p in products[:10]])

        def count(batch, **ctx):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            prices = self.pricelist_gold.with_context(**ctx)._get_products_price(batch, 1.0)
            return self.env.cr.sql_log_count - start, prices

        for batch in (products[:4] | products[-4:], products):
            with self.subTest(size=len(batch)):
                native, _prices = count(batch)
                dealer, prices = count(batch, dealer_partner_id=self.dealer_gold.id)
                self.assertLessEqual(dealer - native, 6, f"native {native}, dealer {dealer}")
                self.assertAlmostEqual(prices[products[0].id], 5.0)
                self.assertAlmostEqual(prices[batch[-1].id], batch[-1].list_price * 0.8)
