from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon


@tagged("post_install", "-at_install")
class TestDealerPortalKpi(DealerPortalCommon):
    """The roll-out figures per dealer segment: portal share, error rate,
    status look-ups, special-price requests and time to confirmation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_c = cls.env["res.partner"].create(
            {"name": "DC Gamma Supplies", "is_company": True, "is_dealer": True, "dealer_tier_id": cls.tier_gold.id}
        )
        Kpi = cls.env["dealer.portal.kpi"]
        cls.Kpi = Kpi

        def submit(user, lines, **kw):
            order = cls._dealer_cart(user, lines)
            return order, order.action_dealer_submit(channel="portal", **kw)

        # Dealer A: two portal orders, one blocked submission, one order
        # taken by phone and submitted in the back office.
        cls.a1, res = submit(cls.user_a_desk, [(cls.p_drill, 2)])
        assert res["outcome"] == "confirmed", res
        cls.a2, res = submit(cls.user_a_desk, [(cls.p_drill, 1), (cls.p_bolt, 20)])
        assert res["outcome"] == "confirmed", res
        cls.blocked, res = submit(cls.user_a_desk, [(cls.p_gear, 5)])
        assert res["outcome"] == "blocked", res
        cls.phone = cls.env["sale.order"].create(
            {
                "partner_id": cls.dealer_a.id,
                "dealer_channel": "phone",
                "order_line": [(0, 0, {"product_id": cls.p_drill.id, "product_uom_qty": 1})],
            }
        )
        cls.phone.action_dealer_submit_backoffice()
        assert cls.phone.state == "sale"
        # Dealer A looked at its orders' status four times.
        Lookup = cls.env["dealer.order.status.lookup"]
        for order in (cls.a1, cls.a1, cls.a2, cls.phone):
            Lookup._dealer_log(order, cls.user_a_desk)
        # Dealer A asked for a special price on an order now awaiting approval.
        cls.special = cls._dealer_cart(cls.user_a_desk, [(cls.p_drill, 3)])
        cls.special.with_user(cls.user_a_desk).sudo()._dealer_request_special_price(
            cls.special.order_line.id, 120.0, "Competitor offer at 120"
        )
        assert cls.special.action_dealer_submit(channel="portal")["outcome"] == "approval"
        # Dealer C, same tier: one phone order, no portal use.
        cls.c1 = cls.env["sale.order"].create(
            {
                "partner_id": cls.dealer_c.id,
                "dealer_channel": "phone",
                "order_line": [(0, 0, {"product_id": cls.p_drill.id, "product_uom_qty": 1})],
            }
        )
        cls.c1.action_dealer_submit_backoffice()
        assert cls.c1.state == "sale"
        # Dealer B (Silver): one portal order.
        cls.b1, res = submit(cls.user_b_desk, [(cls.p_drill, 1)])
        assert res["outcome"] == "confirmed", res
        cls.env.flush_all()

    def _rows(self, groupby, fields):
        domain = [("tier_id", "in", (self.tier_gold | self.tier_silver).ids)]
        return self.Kpi.read_group(domain, fields, groupby, lazy=False)

    def test_rows_per_dealer(self):
        rows = self.Kpi.search([("partner_id", "in", (self.dealer_a | self.dealer_c).ids)])
        a = rows.filtered(lambda r: r.partner_id == self.dealer_a)
        self.assertEqual(len(a), 1, "one row per dealer and month")
        self.assertEqual((a.orders, a.portal_orders), (3, 2))
        self.assertAlmostEqual(a.portal_share, 200 / 3, places=3)
        self.assertEqual(
            (a.attempts, a.blocked_attempts, a.overridden_attempts),
            (5, 1, 0),
            "three confirmed (one by phone), one blocked, one to approval",
        )
        self.assertAlmostEqual(a.error_rate, 20.0)
        self.assertEqual(a.status_views, 4)
        self.assertEqual(a.price_requests, 1)
        self.assertEqual(a.timed_orders, 3, "the phone order was submitted in the back office")
        self.assertTrue(a.portal_users)
        c = rows.filtered(lambda r: r.partner_id == self.dealer_c)
        self.assertEqual((c.orders, c.portal_orders, c.attempts, c.portal_share), (1, 0, 1, 0.0))
        self.assertFalse(c.portal_users)

    def test_segment_ratios_come_from_sums(self):
        groups = {
            g["tier_id"][0]: g
            for g in self._rows(
                ["tier_id"], ["orders:sum", "portal_share:avg", "error_rate:avg", "avg_confirm_hours:avg"]
            )
        }
        gold = groups[self.tier_gold.id]
        self.assertEqual(gold["orders"], 4)
        # 2 portal orders of 4, not the average of 66.7 % and 0 %.
        self.assertAlmostEqual(gold["portal_share"], 50.0)
        # 1 blocked of 6 attempts (5 of A, 1 of C).
        self.assertAlmostEqual(gold["error_rate"], 100 / 6)
        self.assertGreaterEqual(gold["avg_confirm_hours"], 0.0)
        self.assertLess(gold["avg_confirm_hours"], 1.0, "confirmed within the submission")
        silver = groups[self.tier_silver.id]
        self.assertEqual(silver["orders"], 1)
        self.assertAlmostEqual(silver["portal_share"], 100.0)
        self.assertEqual(silver["error_rate"], 0.0)

    def test_time_to_confirmation(self):
        """An order confirmed after approval counts the hours it waited."""
        self.env.cr.execute(
            "UPDATE sale_order SET dealer_submitted_at = dealer_confirmed_at - interval '6 hours' WHERE id = %s",
            (self.a2.id,),
        )
        rows = self.Kpi.search([("partner_id", "=", self.dealer_a.id)])
        self.assertAlmostEqual(rows.confirm_hours, 6.0, places=2)
        self.assertAlmostEqual(rows.avg_confirm_hours, 2.0, places=2, msg="6 hours over 3 timed orders")

    def test_overridden_phone_order_is_counted(self):
        """A phone order the checks block, submitted anyway by a sales
        manager with a reason: a blocked attempt, then an overridden one,
        and a confirmed order of the back office."""
        manager = new_test_user(self.env, login="dc_kpi_override", groups="sales_team.group_sale_manager")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dealer_c.id,
                "dealer_channel": "phone",
                "order_line": [(0, 0, {"product_id": self.p_secret.id, "product_uom_qty": 1})],
            }
        )
        action = order.with_user(manager).action_dealer_submit_backoffice()
        self.assertEqual(action["res_model"], "dealer.order.submit.wizard")
        order.with_user(manager).action_dealer_override("Prototype promised to this dealer by the sales director")
        self.assertEqual(order.state, "sale")
        attempts = order.dealer_attempt_ids
        self.assertEqual(sorted(attempts.mapped("outcome")), ["blocked", "overridden"])
        self.assertEqual(set(attempts.mapped("channel")), {"phone"})
        self.env.flush_all()
        c = self.Kpi.search([("partner_id", "=", self.dealer_c.id)])
        self.assertEqual((c.orders, c.portal_orders), (2, 0), "counted as an order of the back office")
        self.assertEqual((c.attempts, c.blocked_attempts, c.overridden_attempts), (3, 1, 1))

    def test_cancelled_orders_do_not_count(self):
        self.a1._action_cancel()
        self.env.flush_all()
        row = self.Kpi.search([("partner_id", "=", self.dealer_a.id)])
        self.assertEqual((row.orders, row.portal_orders), (2, 1))

    def test_only_sales_managers_see_the_figures(self):
        salesman = new_test_user(self.env, login="dc_kpi_salesman", groups="sales_team.group_sale_salesman")
        manager = new_test_user(self.env, login="dc_kpi_manager", groups="sales_team.group_sale_manager")
        self.assertTrue(self.Kpi.with_user(manager).search_count([("partner_id", "=", self.dealer_a.id)]))
        for user in (salesman, self.user_a_admin):
            with self.assertRaises(AccessError):
                self.Kpi.with_user(user).search([])

    def test_other_companies_are_hidden(self):
        other = self.env["res.company"].create({"name": "DC Other Co"})
        manager = new_test_user(
            self.env,
            login="dc_kpi_other_manager",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.Kpi.with_user(manager).search([("partner_id", "=", self.dealer_a.id)]))
