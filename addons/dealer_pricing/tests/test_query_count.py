from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_pricing.tests.common import publish

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestQueryCount(DealerCommon):
    """The order checks cost a fixed number of queries, whatever the number
    of lines: prices, rules, agreements and schemes are looked up once per
    order, not once per line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many = publish(
            cls.env["product.product"].create(
                [
                    {
                        "name": f"Caliper {i:03d}",
                        "default_code": f"CAL-{i:03d}",
                        "categ_id": cls.categ_brakes.id,
                        "list_price": 40.0 + i,
                        "type": "consu",
                        "sale_ok": True,
                        "taxes_id": [Command.clear()],
                    }
                    for i in range(60)
                ]
            )
        )
        # Agreement prices on some products, a running scheme on others: the
        # special rules take part in every line's price.
        cls._create_agreement(cls.dealer_gold, [(p, 20.0) for p in cls.many[:4]] + [(p, 21.0) for p in cls.many[30:34]])
        cls._create_scheme(
            cls.tier_gold,
            [(p, 25.0) for p in cls.many[4:8]] + [(p, 26.0) for p in cls.many[40:44]],
            date(2000, 1, 1),
            date(2999, 12, 31),
        )

    def _order(self, count):
        order = self._create_order(self.dealer_gold, [(p, 2 + i % 3) for i, p in enumerate(self.many[:count])])
        # Two lines priced by hand: the non-standard price issue is built too.
        order.order_line[1].price_unit = 1.0
        order.order_line[5].discount = 5.0
        self.env.flush_all()
        # As the portal runs it: the cart, sudo, for the dealer's user.
        return order.with_user(self.user_gold).sudo()

    def _count(self, func):
        """Queries of ``func()`` on a cold record cache; a first run fills
        the registry caches (xml ids, precisions) so both sizes start even."""
        func()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = func()
        return self.env.cr.sql_log_count - before, result

    def test_order_checks_query_count_does_not_grow_with_lines(self):
        small, large = self._order(10), self._order(60)
        small_queries, small_issues = self._count(small._get_dealer_order_issues)
        large_queries, large_issues = self._count(large._get_dealer_order_issues)
        # The fixture holds: both orders were really checked line by line.
        for issues in (small_issues, large_issues):
            self.assertEqual(
                sorted(i["values"]["system_price"] for i in issues if i["code"] == "price_nonstandard"), [20.0, 25.0]
            )
        self.assertEqual(
            large_queries,
            small_queries,
            f"order checks: {small_queries} queries for 10 lines, {large_queries} for 60",
        )

    def test_price_check_query_count_does_not_grow_with_lines(self):
        small, large = self._order(10), self._order(60)
        for order in (small, large):
            self.assertEqual(
                order.order_line.filtered("dealer_price_nonstandard"), order.order_line[1] | order.order_line[5]
            )
        small_queries, small_prices = self._count(lambda: small.order_line._dealer_expected_prices())
        large_queries, large_prices = self._count(lambda: large.order_line._dealer_expected_prices())
        self.assertEqual(len(large_prices), 60)
        # Agreement, scheme and tier prices, each from its own rule.
        self.assertEqual(large_prices[large.order_line[0].id], (20.0, 0.0))
        self.assertEqual(large_prices[large.order_line[4].id], (25.0, 0.0))
        self.assertEqual(large_prices[large.order_line[40].id], (26.0, 0.0))
        self.assertAlmostEqual(large_prices[large.order_line[20].id][0], 60.0 * 0.8)
        self.assertEqual(
            large_queries,
            small_queries,
            f"expected prices: {small_queries} queries for 10 lines, {large_queries} for 60",
        )

    def test_batched_rule_lookup_matches_the_search(self):
        pricelist = self.pricelist_gold.with_context(dealer_partner_id=self.dealer_gold.id)
        products = self.many[:10] | self.many[30:34] | self.pad | self.oil
        when = self._dt(date.today())
        alone = {p.id: pricelist._get_applicable_rules(p, when) for p in products}
        with pricelist._dealer_rules_batch(products):
            before = self.env.cr.sql_log_count
            batched = {p.id: pricelist._get_applicable_rules(p, when) for p in products}
            queries = self.env.cr.sql_log_count - before
        for product in products:
            self.assertEqual(batched[product.id].ids, alone[product.id].ids, product.display_name)
        # Agreement rule first, then the tier's global rule.
        self.assertEqual(len(batched[self.many[0].id]), 2)
        self.assertTrue(batched[self.many[0].id][0].dealer_agreement_id)
        self.assertLess(queries, len(products))
