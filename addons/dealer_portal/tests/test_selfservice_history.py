import csv
import io
from datetime import timedelta

from odoo.tests import tagged

from .common_selfservice import DealerPortalSelfServiceCommon, DealerPortalSelfServiceHttpCommon


class TestSelfServiceHistoryDomain(DealerPortalSelfServiceCommon):
    def _search(self, user, **kw):
        SaleOrder = self.env["sale.order"].with_user(user)
        return SaleOrder.search(SaleOrder._dealer_history_domain(user.partner_id, **kw))

    def test_history_is_company_wide_and_includes_submitted_orders(self):
        orders = self._search(self.user_a_desk)
        self.assertIn(self.a_order, orders)
        # Placed by another clerk of the same dealer, not yet confirmed.
        self.assertIn(self.a_submitted, orders)
        self.assertNotIn(self.a_cart, orders, "a cart never submitted is not history")
        self.assertNotIn(self.b_order, orders)

    def test_other_contact_reads_order_through_company_rule(self):
        # An order nobody of the dealer follows (e.g. entered in the back
        # office without subscribing the customer): the native follower rule
        # hides it, the commercial-partner rule shows it to the whole dealer.
        self.a_submitted.message_unsubscribe(partner_ids=self.a_submitted.message_partner_ids.ids)
        orders = (
            self.env["sale.order"]
            .with_user(self.user_a_ware)
            .search([("id", "in", (self.a_order | self.a_submitted | self.b_order).ids)])
        )
        self.assertEqual(orders, self.a_order | self.a_submitted)

    def test_search_by_product_sku_name_po_and_number(self):
        self.assertEqual(self._search(self.user_a_desk, search="DC-GEAR", search_in="product"), self.a_submitted)
        self.assertEqual(self._search(self.user_a_desk, search="cordless", search_in="product"), self.a_order)
        self.assertEqual(self._search(self.user_a_desk, search="ALPHA-200", search_in="po"), self.a_submitted)
        self.assertEqual(self._search(self.user_a_desk, search=self.a_order.name, search_in="number"), self.a_order)
        self.assertEqual(self._search(self.user_a_desk, search="DC-DRILL"), self.a_order)
        # The number search does not look at products.
        self.assertFalse(self._search(self.user_a_desk, search="DC-DRILL", search_in="number"))
        # Another dealer's PO reference finds nothing.
        self.assertFalse(self._search(self.user_a_desk, search="PO-BETA-100"))

    def _count_search_queries(self, domain_kw):
        SaleOrder = self.env["sale.order"].with_user(self.user_a_desk)
        # Warm the caches (rules, fields) so only the search itself counts.
        SaleOrder.search(SaleOrder._dealer_history_domain(self.user_a_desk.partner_id, **domain_kw))
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        ids = SaleOrder.search(SaleOrder._dealer_history_domain(self.user_a_desk.partner_id, **domain_kw)).ids
        return self.env.cr.sql_log_count - before, ids

    def test_product_search_query_count_does_not_grow_with_orders(self):
        kw = {"search": "DC-DRILL", "search_in": "product"}
        count_small, ids = self._count_search_queries(kw)
        self.assertEqual(ids, self.a_order.ids)
        more = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.user_a_desk.partner_id.id,
                    "client_order_ref": f"PO-BULK-{i}",
                    "order_line": [(0, 0, {"product_id": self.p_drill.id, "product_uom_qty": 1})],
                }
                for i in range(30)
            ]
        )
        for so in more:
            self.assertEqual(so.action_dealer_submit(channel="portal")["outcome"], "confirmed")
        count_large, ids = self._count_search_queries(kw)
        self.assertEqual(len(ids), 31)
        self.assertEqual(count_small, count_large)

    def test_status_and_date_filters(self):
        filters = self.env["sale.order"]._dealer_history_status_filters()
        confirmed_key = self.a_order._dealer_stage_info()[self.a_order.id][0]
        self.assertIn(confirmed_key, filters)
        # dealer_delivery's stage of a shipped order, not the submitted one's.
        self.assertNotEqual(confirmed_key, self.a_submitted._dealer_stage_info()[self.a_submitted.id][0])
        self.assertIn(self.a_order, self._search(self.user_a_desk, status=confirmed_key))
        self.assertNotIn(self.a_submitted, self._search(self.user_a_desk, status=confirmed_key))
        # The home tile's "in transit" filter covers dispatched and out for delivery.
        in_transit = self._search(self.user_a_desk, status="in_transit")
        self.assertEqual(
            in_transit,
            (self.a_order | self.a_submitted).filtered(lambda o: o.dealer_stage in ("dispatched", "out_for_delivery")),
        )
        self.a_order.sudo().dealer_stage = "out_for_delivery"
        self.assertIn(self.a_order, self._search(self.user_a_desk, status="in_transit"))
        self.assertNotIn(self.a_submitted, self._search(self.user_a_desk, status="in_transit"))
        tomorrow = (self.today + timedelta(days=1)).isoformat()
        self.assertFalse(self._search(self.user_a_desk, date_from=tomorrow))
        self.assertEqual(self._search(self.user_a_desk, date_to=tomorrow), self.a_order | self.a_submitted)
        # Bad input is ignored, not an error page.
        self.assertEqual(
            self._search(self.user_a_desk, date_from="not-a-date", status="no-such-status"),
            self.a_order | self.a_submitted,
        )


@tagged("post_install", "-at_install")
class TestSelfServiceHistoryPages(DealerPortalSelfServiceHttpCommon):
    def test_history_page_lists_company_orders_with_columns(self):
        res = self._get("/my/dealer/orders", "dc_a_desk")
        self.assertEqual(res.status_code, 200)
        self.assertIn(self.a_order.name, res.text)
        self.assertIn(self.a_submitted.name, res.text)
        self.assertIn("PO-ALPHA-200", res.text)
        self.assertIn(self.user_a_desk2.partner_id.name, res.text, "who ordered")
        self.assertNotIn(self.b_order.name, res.text)
        self.assertNotIn(self.a_cart.name, res.text)
        self.assertIn("Total", res.text)

    def test_history_page_search_by_product(self):
        res = self._get("/my/dealer/orders?search=DC-GEAR&search_in=product", "dc_a_ware")
        self.assertIn(self.a_submitted.name, res.text)
        self.assertNotIn(self.a_order.name, res.text)

    def test_warehouse_sees_no_prices(self):
        res = self._get("/my/dealer/orders", "dc_a_ware")
        self.assertEqual(res.status_code, 200)
        self.assertIn(self.a_order.name, res.text)
        self.assertNotIn("Total</th>", res.text)
        # The priced order page sends warehouse users to the tracking page.
        res = self._get(f"/my/orders/{self.a_order.id}", "dc_a_ware")
        self.assertEqual(res.status_code, 303)
        self.assertIn(f"/my/orders/{self.a_order.id}/track", res.headers["Location"])
        csv_rows = list(
            csv.reader(io.StringIO(self._get("/my/dealer/orders/export", "dc_a_ware").content.decode("utf-8-sig")))
        )
        self.assertNotIn("Total", csv_rows[0])

    def test_csv_export_follows_search(self):
        res = self._get("/my/dealer/orders/export?search=PO-ALPHA&search_in=po", "dc_a_fin")
        self.assertEqual(res.status_code, 200)
        self.assertIn("text/csv", res.headers["Content-Type"])
        rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
        self.assertIn("Total", rows[0])
        names = {row[0] for row in rows[1:]}
        self.assertEqual(names, {self.a_order.name, self.a_submitted.name})
        totals = {row[0]: float(row[6]) for row in rows[1:]}
        self.assertAlmostEqual(totals[self.a_order.name], self.a_order.amount_total)

    def test_non_dealer_portal_user_keeps_native_portal(self):
        res = self._get("/my/orders", "dc_retail")
        self.assertEqual(res.status_code, 200)
        res = self._get("/my/dealer/orders", "dc_retail")
        # A retail customer has no dealer role data: the page shows its own
        # orders only, which are none here.
        self.assertNotIn(self.a_order.name, res.text)
