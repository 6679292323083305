from odoo.exceptions import AccessDenied
from odoo.tests import TransactionCase, tagged

DEALERS = ("northwind", "harbor", "summit", "redwood", "lakeview", "canyon", "bayside")
TIERS = ("platinum", "gold", "silver")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo a person explores after ``make run``. The test database is
    always installed with demo data, so the records must be there."""

    def _ref(self, name):
        record = self.env.ref(f"dealer_pricing.{name}", raise_if_not_found=False)
        self.assertTrue(record, f"Demo record dealer_pricing.{name} is missing.")
        return record

    def _check_password(self, user, password):
        self.env["res.users"].with_user(user)._check_credentials(
            {"login": user.login, "password": password, "type": "password"}, {"interactive": False}
        )

    def test_demo_dealer_signs_in_to_a_priced_catalog(self):
        """The first steps of the demo: the dealer login works, and its
        company may buy products of the catalog, each at a tier price."""
        user = self._ref("user_dealer_demo")
        self._check_password(user, "dealer")
        dealer = user.partner_id.commercial_partner_id
        self.assertTrue(dealer.is_dealer and dealer.dealer_tier_id)
        root = self._ref("categ_vehicle_parts_demo")
        products = self.env["product.product"].search([("categ_id", "child_of", root.id)])
        catalog = dealer._dealer_allowed_products(products)
        self.assertTrue(catalog, "The demo dealer has products to order.")
        self.assertLess(catalog, products, "The demo dealer sees its tier's catalog, not every product.")
        pricelist = dealer.dealer_tier_id.pricelist_id.with_context(dealer_partner_id=dealer.id)
        for product in catalog[:5]:
            self.assertGreater(pricelist._get_product_price(product, 1.0), 0.0, product.display_name)

    def test_tiers_have_their_own_price_lists_and_assortments(self):
        tiers = [self._ref(f"tier_{key}_demo") for key in TIERS]
        pricelists = {tier.pricelist_id for tier in tiers}
        self.assertEqual(len(pricelists), 3, "Each tier has its own price list.")
        assortments = [
            frozenset(self.env["product.template"].search(tier._get_assortment_domain("product.template")).ids)
            for tier in tiers
        ]
        self.assertEqual(len(set(assortments)), 3, "The tiers' assortments differ.")
        self.assertTrue(all(assortments), "No tier has an empty catalog.")
        self.assertTrue(any(tier.quantity_rule_ids for tier in tiers))

    def test_dealer_prices_differ_by_tier_and_stay_below_list_price(self):
        pad = self._ref("product_tmpl_bp_230_demo").product_variant_id
        filter_ = self._ref("product_tmpl_of_120_demo").product_variant_id
        prices = {}
        for key in ("harbor", "northwind", "redwood"):
            dealer = self._ref(f"partner_{key}_demo")
            pricelist = dealer.dealer_tier_id.pricelist_id.with_context(dealer_partner_id=dealer.id)
            prices[key] = (pricelist._get_product_price(pad, 1.0), pricelist._get_product_price(filter_, 6.0))
        self.assertEqual(len({p[1] for p in prices.values()}), 3, f"Platinum, Gold and Silver prices: {prices}")
        for pad_price, filter_price in prices.values():
            self.assertLess(pad_price, pad.lst_price)
            self.assertLess(filter_price, filter_.lst_price)
        self.assertLess(prices["harbor"][1], prices["northwind"][1])
        self.assertLess(prices["northwind"][1], prices["redwood"][1])

    def test_dealers_contacts_and_portal_users(self):
        dealers = [self._ref(f"partner_{key}_demo") for key in DEALERS]
        self.assertGreaterEqual(len(dealers), 6)
        users = self.env["res.users"].search([("partner_id.commercial_partner_id", "in", [d.id for d in dealers])])
        for dealer in dealers:
            self.assertTrue(dealer.is_company and dealer.is_dealer and dealer.city and dealer.street)
            self.assertGreaterEqual(len(dealer.child_ids.filtered(lambda c: c.type == "contact")), 2)
            dealer_users = users.filtered(lambda u, d=dealer: u.partner_id.commercial_partner_id == d)
            self.assertTrue(dealer_users, f"{dealer.name} has a portal user.")
            self.assertTrue(all(u._is_portal() for u in dealer_users))
            if dealer.dealer_tier_id:
                self.assertEqual(dealer.property_product_pricelist, dealer.dealer_tier_id.pricelist_id)

    def test_named_demo_logins(self):
        northwind = self._ref("partner_northwind_demo")
        self.assertEqual(northwind.dealer_tier_id, self._ref("tier_gold_demo"))
        for login, module in (
            ("dealer", "dealer_pricing"),
            ("warehouse", "dealer_portal"),
            ("finance", "dealer_portal"),
        ):
            user = self.env.ref(f"{module}.user_{login}_demo")
            self.assertEqual(user.login, login)
            self.assertTrue(user._is_portal())
            self.assertEqual(user.partner_id.commercial_partner_id, northwind)
            self._check_password(user, login)
        dealer2 = self._ref("user_dealer2_demo")
        self.assertTrue(dealer2._is_portal())
        self.assertNotEqual(dealer2.partner_id.commercial_partner_id, northwind)
        self.assertTrue(dealer2.partner_id.commercial_partner_id.dealer_tier_id)
        self._check_password(dealer2, "dealer2")
        with self.assertRaises(AccessDenied):
            self._check_password(dealer2, "wrong")

        backoffice = self._ref("user_backoffice_demo")
        self.assertEqual(backoffice.login, "backoffice")
        self.assertTrue(backoffice._is_internal())
        for group in ("sales_team.group_sale_manager", "account.group_account_manager", "stock.group_stock_user"):
            self.assertTrue(backoffice.has_group(group), group)
        self._check_password(backoffice, "backoffice")

    def test_catalog_products_with_skus_barcodes_and_stock(self):
        root = self._ref("categ_vehicle_parts_demo")
        products = self.env["product.product"].search([("categ_id", "child_of", root.id)])
        self.assertGreaterEqual(len(products), 40)
        self.assertGreaterEqual(len(products.categ_id), 4)
        self.assertTrue(all(p.default_code and p.barcode and p.is_storable and p.list_price > 0 for p in products))
        in_stock = products.filtered(lambda p: p.qty_available > 0)
        self.assertGreaterEqual(len(in_stock), 35)
        self.assertTrue(products - in_stock, "A few products are out of stock on purpose.")
        self.assertTrue(products.filtered(lambda p: p.dealer_min_qty or p.dealer_multiple_qty))
        pad = self._ref("product_tmpl_bp_220_demo")
        self.assertEqual((pad.default_code, pad.dealer_min_qty), ("BP-220", 10))

    def test_scheme_and_agreement_in_force(self):
        scheme = self._ref("scheme_spring_brakes_demo")
        agreement = self._ref("agreement_northwind_demo")
        self.assertEqual(scheme.status, "active")
        self.assertEqual(agreement.status, "active")
        northwind = agreement.partner_id
        rotor = self._ref("product_tmpl_rt_310_demo").product_variant_id
        pricelist = northwind.dealer_tier_id.pricelist_id
        agreed = pricelist.with_context(dealer_partner_id=northwind.id)._get_product_price(rotor, 1.0)
        other_gold = self._ref("partner_canyon_demo")
        tier_price = pricelist.with_context(dealer_partner_id=other_gold.id)._get_product_price(rotor, 1.0)
        self.assertEqual(agreed, 34.5)
        self.assertLess(agreed, tier_price, "The agreement beats the tier price for Northwind only.")

    def test_one_deliberate_audit_finding(self):
        self.assertTrue(self._ref("pricing_audit_demo").finding_count)
        audit = self.env["dealer.pricing.audit"].create({"name": "Demo check"})
        audit.action_run()
        dealers = self.env["res.partner"].browse([self._ref(f"partner_{key}_demo").id for key in DEALERS])
        tiers = self.env["dealer.tier"].browse([self._ref(f"tier_{key}_demo").id for key in TIERS])
        findings = audit.finding_ids.filtered(
            lambda l: l.partner_id in dealers or (not l.partner_id and l.tier_id in tiers)
        )
        self.assertEqual(findings.mapped("code"), ["no_tier"])
        self.assertEqual(findings.partner_id, self._ref("partner_bayside_demo"))
        # One overview row per dealer and division it trades with: Northwind
        # trades with both demo divisions (Gold at Apex Brakes, Pro at Voltline).
        overview = audit.overview_ids.filtered(lambda l: l.partner_id in dealers)
        self.assertEqual(set(overview.partner_id.ids), set(dealers.ids))
        self.assertEqual(len(overview), len(DEALERS) + 1)

    def test_two_divisions_and_a_dealer_of_both(self):
        """Apex Brakes and Voltline, each with its brand and catalog;
        Northwind trades with both on different tiers, Brightwater with
        Voltline only, the other dealers with Apex Brakes only."""
        apex, volt = self._ref("division_apex_demo"), self._ref("division_voltline_demo")
        for division in (apex, volt):
            self.assertTrue(division.logo and division.email_from and division.footer and division.categ_ids)
        self.assertNotEqual(apex.color_primary, volt.color_primary)
        northwind = self._ref("partner_northwind_demo")
        self.assertEqual(northwind._dealer_divisions(), apex | volt)
        self.assertEqual(northwind._dealer_tier(apex), self._ref("tier_gold_demo"))
        self.assertEqual(northwind._dealer_tier(volt), self._ref("tier_voltline_pro_demo"))
        self.assertEqual(self._ref("partner_brightwater_demo")._dealer_divisions(), volt)
        self.assertEqual(self._ref("partner_harbor_demo")._dealer_divisions(), apex)
        battery = self._ref("product_tmpl_vb_100_demo").product_variant_id
        pad = self._ref("product_tmpl_bp_230_demo").product_variant_id
        self.assertEqual(northwind._dealer_allowed_products(battery | pad, division=volt), battery)
        self.assertEqual(northwind._dealer_allowed_products(battery | pad, division=apex), pad)
