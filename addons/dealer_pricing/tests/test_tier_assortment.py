from unittest.mock import patch

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.sql import index_exists

from odoo.addons.dealer_pricing.tests.common import publish

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestTierAssortment(DealerCommon):
    def _catalog(self, partner, model="product.product"):
        return self.env[model].search(partner._get_dealer_product_domain(model))

    def test_contacts_and_users_inherit_the_tier(self):
        self.assertEqual(self.contact_gold.dealer_tier_id, self.tier_gold)
        self.assertTrue(self.contact_gold.is_dealer)
        self.assertEqual(self.user_gold.partner_id.dealer_tier_id, self.tier_gold)
        self.assertEqual(self.contact_gold.dealer_pricelist_id, self.pricelist_gold)
        self.assertEqual(self.contact_gold.property_product_pricelist, self.pricelist_gold)
        self.assertEqual(self._catalog(self.contact_gold), self._catalog(self.dealer_gold))

    def test_dealer_price_list_needs_no_native_resolution(self):
        """Odoo's own price-list resolution (several searches, on every page
        a signed-in dealer opens) runs for the other partners only."""
        asked = []
        Pricelist = type(self.env["product.pricelist"])
        native = Pricelist._get_partner_pricelist_multi

        def counting(pricelists, partner_ids):
            asked.extend(partner_ids)
            return native(pricelists, partner_ids)

        partners = self.contact_gold | self.dealer_silver | self.customer
        partners.invalidate_recordset(["property_product_pricelist"])
        with patch.object(Pricelist, "_get_partner_pricelist_multi", counting):
            lists = {partner: partner.property_product_pricelist for partner in partners}
        self.assertEqual(asked, [self.customer.id])
        self.assertEqual(lists[self.contact_gold], self.pricelist_gold)
        self.assertEqual(lists[self.dealer_silver], self.dealer_silver.dealer_tier_id.pricelist_id)
        self.assertEqual(
            lists[self.customer],
            self.env["product.pricelist"]._get_partner_pricelist_multi(self.customer.ids)[self.customer.id],
        )

    def test_category_children_includes_and_excludes(self):
        gold = self._catalog(self.dealer_gold)
        # Brake pads is a child of Brakes: in through the parent category.
        self.assertIn(self.pad, gold)
        self.assertIn(self.disc, gold)
        self.assertIn(self.filter, gold)
        self.assertIn(self.cover, gold, "explicitly included product")
        self.assertNotIn(self.oil, gold, "Fluids is not a Gold category")
        silver = self._catalog(self.dealer_silver)
        self.assertIn(self.pad, silver)
        self.assertNotIn(self.disc, silver, "excluded by the tier")
        self.assertNotIn(self.filter, silver)
        self.assertNotIn(self.cover, silver)

    def test_not_for_sale_products_never_in_catalog(self):
        self.pad.sale_ok = False
        self.assertNotIn(self.pad, self._catalog(self.dealer_gold))

    def test_dealer_level_include_and_exclude(self):
        self.dealer_silver.write(
            {
                "dealer_include_product_tmpl_ids": [Command.set((self.disc | self.oil).product_tmpl_id.ids)],
                "dealer_exclude_product_tmpl_ids": [Command.set(self.pad.product_tmpl_id.ids)],
            }
        )
        silver = self._catalog(self.dealer_silver)
        self.assertIn(self.disc, silver, "a dealer include beats its tier's exclude")
        self.assertIn(self.oil, silver)
        self.assertNotIn(self.pad, silver)
        # Another dealer of the same tier is untouched.
        other = self.env["res.partner"].create(
            {
                "name": "Silver Two",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": self.tier_silver.id,
            }
        )
        self.assertEqual(self._catalog(other), self.pad)
        self.assertEqual(self.dealer_silver.dealer_assortment_count, 2)
        self.assertEqual(other.dealer_assortment_count, 1)

    def test_template_domain_matches_variant_domain(self):
        templates = self._catalog(self.dealer_gold, "product.template")
        self.assertEqual(templates, self._catalog(self.dealer_gold).product_tmpl_id)

    def test_variant_domain_reads_each_list_once(self):
        """Issue 15 §4: on variants, the tier's and the dealer's include and
        exclude lists are sub-queries that do not depend on the product, so
        PostgreSQL reads each once (an EXISTS per product, under an OR, made
        it cost and JIT-compile large catalogs as if it ran per row)."""
        self.dealer_silver.write(
            {
                "dealer_include_product_tmpl_ids": [Command.set(self.disc.product_tmpl_id.ids)],
                "dealer_exclude_product_tmpl_ids": [Command.set(self.pad.product_tmpl_id.ids)],
            }
        )
        domain = self.dealer_silver._get_dealer_product_domain("product.product")
        sql = self.env["product.product"]._search(domain).select()
        self.assertNotIn("EXISTS", sql.code)
        self.assertEqual(self._catalog(self.dealer_silver), self.disc)
        self.assertEqual(
            self._catalog(self.dealer_silver, "product.template"), self.disc.product_tmpl_id, "same catalog"
        )

    def test_price_rules_of_a_product_are_found_through_indexes(self):
        """A tier list holds a rule per product with its own price: looking
        up a page's rules must not read them all."""
        for index in ("product_pricelist_item__product_id_index", "product_pricelist_item__product_tmpl_id_index"):
            self.assertTrue(index_exists(self.env.cr, index), index)

    def test_partner_without_tier_buys_nothing(self):
        self.assertFalse(self._catalog(self.customer))
        self.assertFalse(self.customer._dealer_allowed_products(self.pad | self.disc))

    def test_allowed_products_subset(self):
        allowed = self.dealer_silver._dealer_allowed_products(self.pad | self.disc | self.filter)
        self.assertEqual(allowed, self.pad)

    def test_changing_the_tier_changes_prices_and_catalog_at_once(self):
        self.assertAlmostEqual(self._dealer_price(self.dealer_silver, self.pad), 45.0)
        self.assertNotIn(self.filter, self._catalog(self.user_silver.partner_id))
        self.dealer_silver.dealer_tier_id = self.tier_gold
        self.assertEqual(self.user_silver.partner_id.dealer_tier_id, self.tier_gold, "synced to contacts")
        self.assertEqual(self.dealer_silver.property_product_pricelist, self.pricelist_gold)
        self.assertAlmostEqual(self._dealer_price(self.dealer_silver, self.pad), 40.0)
        self.assertIn(self.filter, self._catalog(self.user_silver.partner_id))
        # A new order of the dealer is priced at the new tier at once.
        order = self._create_order(self.user_silver.partner_id, [(self.pad, 10)])
        self.assertEqual(order.pricelist_id, self.pricelist_gold)
        self.assertAlmostEqual(order.order_line.price_unit, 40.0)

    def test_tier_constraints(self):
        with self.assertRaises(ValidationError):
            self.tier_gold.exclude_product_tmpl_ids = [Command.link(self.cover.product_tmpl_id.id)]
        self.assertEqual(self.tier_gold.dealer_count, 2)
        self.assertEqual(self.tier_silver.assortment_count, 1)

    def test_domain_costs_constant_queries(self):
        """The assortment domain is pure SQL: computing it and searching with
        it costs the same number of queries for 30 or 300 more products."""
        categ = self.env["product.category"].create({"name": "Bulk", "parent_id": self.categ_brakes.id})

        def add_products(count, start):
            publish(
                self.env["product.product"].create(
                    [
                        {"name": f"Bulk part {i}", "default_code": f"BULK-{i}", "categ_id": categ.id, "list_price": 1.0}
                        for i in range(start, start + count)
                    ]
                )
            )

        def measure():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            domain = self.dealer_silver._get_dealer_product_domain()
            found = self.env["product.product"].search(domain)
            allowed = self.dealer_silver._dealer_allowed_products(found)
            return self.env.cr.sql_log_count - start, len(found), len(allowed)

        add_products(30, 0)
        small_queries, small_found, small_allowed = measure()
        add_products(300, 30)
        large_queries, large_found, large_allowed = measure()
        self.assertEqual(large_found, small_found + 300)
        self.assertEqual(large_allowed, large_found)
        self.assertEqual(large_queries, small_queries)
