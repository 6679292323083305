from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged
from odoo.tools.sql import index_exists

from odoo.addons.dealer_portal.models import website as website_module

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin


@tagged("post_install", "-at_install")
class TestStorefrontCatalogGrowth(StorefrontHttpMixin, DealerPortalHttpCommon):
    """Issue 15 §4: the catalog page reads no more of the database as the
    catalog grows: a bounded count, one probe per category for the filter,
    indexed price rules (bench/bench_portal_catalog.py has the timings)."""

    def _catalog(self, **kwargs):
        """``(queries, values)`` of the catalog page of dealer A's order desk."""
        website = self.website.with_user(self.user_a_desk)
        # Once to fill the registry's caches (record rules, ...), which a
        # write may have cleared; then counted on cold records.
        website._dealer_catalog_values(**kwargs)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        values = website._dealer_catalog_values(**kwargs)
        return self.env.cr.sql_log_count - before, values

    def _add_parts(self, count, start=0):
        """``count`` more parts in the Gold assortment, each with a Gold price."""
        products = self.env["product.product"].create(
            [
                {
                    "name": f"DC Bulk part {i}",
                    "default_code": f"DC-BULK-{i:03d}",
                    "categ_id": self.categ_catalog_parts.id,
                    "list_price": 2.0,
                    "sale_ok": True,
                    "is_published": True,
                    "taxes_id": [Command.clear()],
                }
                for i in range(start, start + count)
            ]
        )
        self.env["product.pricelist.item"].create(
            [
                {
                    "pricelist_id": self.pl_gold.id,
                    "applied_on": "0_product_variant",
                    "product_id": product.id,
                    "compute_price": "fixed",
                    "fixed_price": 1.5,
                }
                for product in products
            ]
        )
        return products

    def test_catalog_page_queries_do_not_grow_with_the_catalog(self):
        # Full pages of the same products both times: the bolt and the first parts.
        self._add_parts(30)
        small_queries, small = self._catalog()
        categ_small_queries, __ = self._catalog(categ_id=self.categ_catalog_parts.id)
        self._add_parts(90, start=30)
        large_queries, large = self._catalog()
        self.assertEqual(large["products"], small["products"])
        self.assertEqual(large["total"], small["total"] + 90)
        self.assertFalse(large["total_more"])
        self.assertEqual(len(large["products"]), 24)
        self.assertEqual(large_queries, small_queries)
        # A category costs the same too, and a later page no more (fewer when
        # none of its products tracks stock).
        categ_queries, categ = self._catalog(categ_id=self.categ_catalog_parts.id)
        self.assertEqual(categ["total"], 122, "the bolt, the gearbox and the 120 parts")
        self.assertEqual(categ_queries, categ_small_queries)
        self.assertLessEqual(self._catalog(page=3)[0], small_queries)

    def test_count_stops_at_its_bound_and_says_there_are_more(self):
        self._add_parts(20)
        with patch.object(website_module, "CATALOG_COUNT_LIMIT", 2):
            __, values = self._catalog(ppg=2)
            # Bounded by the pager's window: 5 pages after the first.
            self.assertEqual((values["total"], values["total_more"]), (12, True))
            self.assertEqual(values["pager"]["page_count"], 7, "the window, then 'next'")
            __, values = self._catalog(ppg=10)
            self.assertEqual((values["total"], values["total_more"]), (25, False), "all 25 fit under the bound")
        self._login(self.user_a_desk)
        with patch.object(website_module, "CATALOG_COUNT_LIMIT", 2):
            html = self.url_open("/my/catalog").text
        self.assertIn('<span class="o_dealer_total">25</span> products', html)

    def test_category_filter_lists_each_category_of_the_catalog_once(self):
        self._add_parts(30)
        __, values = self._catalog()
        self.assertEqual(
            [c["id"] for c in values["categories"]],
            [self.categ_catalog_parts.id, self.categ_tools.id, self.categ_other.id],
            "sorted by name: DC Catalog / DC Parts, DC Catalog / DC Tools, DC Other (the included kit)",
        )
        self.assertEqual(values["categories"][0]["name"], self.categ_catalog_parts.display_name)
        # More matches than the bound: the index walk finds the same categories.
        with patch.object(website_module, "CATALOG_COUNT_LIMIT", 2):
            __, walked = self._catalog()
        self.assertEqual(walked["categories"], values["categories"])
        # The filter follows the search, and another dealer's catalog.
        __, values = self._catalog(search="drill")
        self.assertEqual([c["id"] for c in values["categories"]], [self.categ_tools.id])
        values = self.website.with_user(self.user_b_desk)._dealer_catalog_values()
        self.assertEqual([c["id"] for c in values["categories"]], [self.categ_tools.id], "Silver buys tools only")

    def _catalog_filter_queries(self, **kwargs):
        """``(values, n)``: the catalog page's values and how many of its
        queries evaluate the search filter (its ``ILIKE``s): each one reads
        every product that matches."""
        website = self.website.with_user(self.user_a_desk)
        website._dealer_catalog_values(**kwargs)
        Cursor = type(self.env.cr)
        execute = Cursor.execute
        seen = []

        def spy(cr, query, params=None, log_exceptions=True):
            if "ILIKE" in getattr(query, "code", query):
                seen.append(query)
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            values = website._dealer_catalog_values(**kwargs)
        return values, len(seen)

    def test_a_search_reads_its_matches_once_for_the_count_and_the_categories(self):
        """The bounded count and the category filter need the same matches:
        one search serves both, then the page's own sorted search."""
        self._add_parts(30)
        values, filters = self._catalog_filter_queries(search="bulk")
        self.assertEqual((values["total"], len(values["products"])), (30, 24))
        self.assertEqual([c["id"] for c in values["categories"]], [self.categ_catalog_parts.id])
        self.assertEqual(filters, 2, "the matches (count and categories), the page")
        # Within a category the count has a filter of its own.
        values, filters = self._catalog_filter_queries(search="bulk", categ_id=self.categ_catalog_parts.id)
        self.assertEqual(values["total"], 30)
        self.assertEqual(filters, 3)

    def test_the_assortment_is_asked_once_per_page(self):
        """The category's page narrows the catalog's domain: the dealer's
        assortment (a lookup query and a domain) is computed once."""
        Partner = type(self.env["res.partner"])
        calls = []
        original = Partner._get_dealer_product_domain

        def counting(partner, *args, **kwargs):
            calls.append(partner.id)
            return original(partner, *args, **kwargs)

        with patch.object(Partner, "_get_dealer_product_domain", counting):
            values = self.website.with_user(self.user_a_desk)._dealer_catalog_values(
                search="drill", categ_id=self.categ_tools.id
            )
        self.assertEqual([p.id for p in values["products"]], [self.p_drill.id])
        self.assertEqual(calls, [self.dealer_a.id])

    def test_the_category_filter_walks_an_index(self):
        self.assertTrue(index_exists(self.env.cr, "product_template__categ_id_index"))
