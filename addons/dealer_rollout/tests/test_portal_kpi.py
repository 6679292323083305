from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon


@tagged("post_install", "-at_install")
class TestDealerPortalKpi(DealerPortalCommon):
    """The five roll-out measures from orders placed through the real
    channels: portal share, status queries and look-ups, error rate (manual
    corrections) beside the blocked-submission rate, pricing disputes beside
    special-price requests, and time to confirmation, per channel."""

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
        cls.phone = cls._phone_order(cls.dealer_a)
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
        cls.c1 = cls._phone_order(cls.dealer_c)
        # Dealer B (Silver): one portal order.
        cls.b1, res = submit(cls.user_b_desk, [(cls.p_drill, 1)])
        assert res["outcome"] == "confirmed", res
        cls.Kpi._kpi_refresh()

    @classmethod
    def _phone_order(cls, dealer):
        order = cls.env["sale.order"].create(
            {
                "partner_id": dealer.id,
                "dealer_channel": "phone",
                "order_line": [(0, 0, {"product_id": cls.p_drill.id, "product_uom_qty": 1})],
            }
        )
        order.action_dealer_submit_backoffice()
        assert order.state == "sale"
        return order

    def _groups(self, domain, groupby, fields):
        return self.Kpi.read_group(domain, fields, groupby, lazy=False)

    def _by(self, key, domain, groupby, fields):
        return {g[key][0] if isinstance(g[key], tuple) else g[key]: g for g in self._groups(domain, groupby, fields)}

    def test_rows_per_dealer_and_channel(self):
        rows = self.Kpi.search([("partner_id", "=", self.dealer_a.id)])
        self.assertEqual(sorted(rows.mapped("channel")), ["phone", "portal"], "one row per dealer, month and channel")
        portal = rows.filtered(lambda r: r.channel == "portal")
        phone = rows.filtered(lambda r: r.channel == "phone")
        self.assertEqual((portal.orders, portal.portal_orders, portal.portal_share), (2, 2, 100.0))
        self.assertEqual((phone.orders, phone.portal_orders, phone.portal_share), (1, 0, 0.0))
        self.assertEqual(
            (portal.attempts, portal.blocked_attempts, phone.attempts),
            (4, 1, 1),
            "two confirmed and one to approval on the portal, one blocked; the phone order's one attempt",
        )
        self.assertEqual(portal.submitted_orders, 3, "a blocked submission is no submitted order")
        self.assertEqual(phone.submitted_orders, 1)
        self.assertEqual(portal.status_lookups, 4)
        self.assertEqual(portal.price_requests, 1)
        self.assertEqual((portal.timed_orders, phone.timed_orders), (2, 1), "phone orders are timed too")
        self.assertEqual(portal.period, "none", "dealer A has no go-live date")
        self.assertFalse(portal.months_from_live)
        # The dealer's figures over its channels, from the sums.
        a = self._groups([("partner_id", "=", self.dealer_a.id)], ["partner_id"], ["portal_share", "blocked_rate"])[0]
        self.assertEqual((a["orders"], a["portal_orders"]), (3, 2))
        self.assertAlmostEqual(a["portal_share"], 200 / 3)
        self.assertAlmostEqual(a["blocked_rate"], 20.0, msg="1 blocked of 5 attempts")
        c = self.Kpi.search([("partner_id", "=", self.dealer_c.id)])
        self.assertEqual((c.channel, c.orders, c.portal_orders, c.attempts, c.portal_share), ("phone", 1, 0, 1, 0.0))

    def test_segment_ratios_come_from_sums(self):
        domain = [("tier_id", "in", (self.tier_gold | self.tier_silver).ids)]
        fields = ["orders:sum", "portal_share:avg", "blocked_rate:avg", "avg_confirm_hours:avg"]
        groups = self._by("tier_id", domain, ["tier_id"], fields)
        gold = groups[self.tier_gold.id]
        self.assertEqual(gold["orders"], 4)
        # 2 portal orders of 4, not the average of the rows' 100 %, 0 % and 0 %.
        self.assertAlmostEqual(gold["portal_share"], 50.0)
        # 1 blocked of 6 attempts (5 of A, 1 of C).
        self.assertAlmostEqual(gold["blocked_rate"], 100 / 6)
        self.assertGreaterEqual(gold["avg_confirm_hours"], 0.0)
        self.assertLess(gold["avg_confirm_hours"], 1.0, "confirmed within the submission")
        silver = groups[self.tier_silver.id]
        self.assertEqual(silver["orders"], 1)
        self.assertAlmostEqual(silver["portal_share"], 100.0)
        self.assertEqual(silver["blocked_rate"], 0.0)

    def test_orders_per_channel(self):
        domain = [("tier_id", "in", (self.tier_gold | self.tier_silver).ids)]
        channels = self._by("channel", domain, ["channel"], ["orders:sum", "portal_orders:sum"])
        self.assertEqual(channels["portal"]["orders"], 3, "a1, a2 and b1")
        self.assertEqual(channels["phone"]["orders"], 2, "dealer A's and dealer C's phone orders")
        self.assertEqual(channels["phone"]["portal_orders"], 0)

    def test_time_to_confirmation_by_channel(self):
        """Phone orders are timed from their entry in the back office; an
        order confirmed after approval counts the hours it waited."""
        self.env.cr.execute(
            "UPDATE sale_order SET dealer_submitted_at = dealer_confirmed_at - interval '6 hours' WHERE id = %s",
            (self.phone.id,),
        )
        self.env.cr.execute(
            "UPDATE sale_order SET dealer_submitted_at = dealer_confirmed_at - interval '3 hours' WHERE id = %s",
            (self.a2.id,),
        )
        self.env.invalidate_all()
        self.Kpi._kpi_refresh()
        domain = [("partner_id", "in", (self.dealer_a | self.dealer_c).ids)]
        channels = self._by("channel", domain, ["channel"], ["avg_confirm_hours", "timed_orders:sum"])
        self.assertEqual(channels["phone"]["timed_orders"], 2)
        self.assertAlmostEqual(channels["phone"]["avg_confirm_hours"], 3.0, places=2, msg="6 hours over 2 orders")
        self.assertAlmostEqual(channels["portal"]["avg_confirm_hours"], 1.5, places=2, msg="3 hours over 2 orders")
        # Confirmed orders count in their month of confirmation, attempts in
        # their month of submission: in the first six hours of a month the
        # phone order's attempt is last month's, on a row of its own.
        row = self.Kpi.search(
            [("partner_id", "=", self.dealer_a.id), ("channel", "=", "phone"), ("timed_orders", ">", 0)]
        )
        self.assertAlmostEqual(row.confirm_hours, 6.0, places=2)

    def test_corrections_make_the_error_rate(self):
        """An order corrected twice after submission counts once; the
        blocked submissions stay a separate figure."""
        Correction = self.env["dealer.order.correction"]
        for order in (self.a1, self.a1, self.phone):
            Correction.create(self._correction_values(order))
        self.Kpi._kpi_refresh()
        a = self._groups(
            [("partner_id", "=", self.dealer_a.id)], ["partner_id"], ["error_rate", "blocked_rate", "corrected_orders"]
        )[0]
        self.assertEqual((a["corrected_orders"], a["submitted_orders"]), (2, 4))
        self.assertAlmostEqual(a["error_rate"], 50.0)
        self.assertAlmostEqual(a["blocked_rate"], 20.0)
        phone = self.Kpi.search([("partner_id", "=", self.dealer_a.id), ("channel", "=", "phone")])
        self.assertEqual((phone.corrected_orders, phone.submitted_orders, phone.error_rate), (1, 1, 100.0))
        gold = self._groups([("tier_id", "=", self.tier_gold.id)], ["tier_id"], ["error_rate"])[0]
        self.assertAlmostEqual(gold["error_rate"], 40.0, msg="2 corrected of 5 submitted (4 of A, 1 of C)")

    def _correction_values(self, order):
        return {
            "order_id": order.id,
            "partner_id": order.partner_id.commercial_partner_id.id,
            "company_id": order.company_id.id,
            "user_id": self.env.user.id,
            "kind": "quantity",
            "field_name": "product_uom_qty",
            "reason_id": self.env["dealer.order.correction.reason"].search([], limit=1).id,
        }

    def test_status_queries_by_channel_and_answer(self):
        Query = self.env["dealer.status.query"]
        common = {"partner_id": self.dealer_a.id, "company_id": self.company.id}
        Query.create(
            [
                dict(common, channel="phone", answered="person", minutes=5, order_id=self.a1.id),
                dict(common, channel="phone", answered="person", minutes=3),
                dict(common, channel="email", answered="auto", minutes=0, order_id=self.a2.id),
                dict(common, channel="whatsapp", answered="pending", minutes=0),
            ]
        )
        self.Kpi._kpi_refresh()
        fields = [
            "status_queries:sum",
            "status_queries_auto:sum",
            "status_queries_person:sum",
            "status_queries_pending:sum",
            "status_query_minutes:sum",
            "status_lookups:sum",
        ]
        channels = self._by("channel", [("partner_id", "=", self.dealer_a.id)], ["channel"], fields)
        phone, email, whatsapp, portal = (channels[c] for c in ("phone", "email", "whatsapp", "portal"))
        self.assertEqual((phone["status_queries"], phone["status_queries_person"]), (2, 2))
        self.assertAlmostEqual(phone["status_query_minutes"], 8.0)
        self.assertEqual((email["status_queries"], email["status_queries_auto"]), (1, 1))
        self.assertEqual((whatsapp["status_queries"], whatsapp["status_queries_pending"]), (1, 1))
        self.assertEqual(
            (portal["status_queries"], portal["status_lookups"]), (0, 4), "portal look-ups are self-service"
        )
        self.assertEqual(phone["status_lookups"], 0)

    def test_pricing_disputes(self):
        """Raised, resolved (accepted or rejected), hours to resolve and
        amount credited; special-price requests are not disputes."""
        Dispute = self.env["dealer.price.dispute"]
        disputes = Dispute.create([self._dispute_values(self.a1) for __ in range(3)])
        # Dates and the credit note's amount are the dispute flow's to write
        # (tested with it); here they are set to known figures.
        self.env.flush_all()
        now = datetime.now().replace(microsecond=0)
        for dispute, state, hours, credited in zip(
            disputes, ("open", "accepted", "rejected"), (None, 48, 24), (0, 50.0, 0), strict=True
        ):
            self.env.cr.execute(
                "UPDATE dealer_price_dispute SET create_date = %s, state = %s, resolved_date = %s,"
                " credited_amount = %s WHERE id = %s",
                (now, state, hours and now + timedelta(hours=hours), credited, dispute.id),
            )
        disputes.invalidate_recordset()
        self.Kpi._kpi_refresh()
        fields = [
            "disputes_raised:sum",
            "disputes_resolved:sum",
            "avg_dispute_hours",
            "credited_amount:sum",
            "price_requests:sum",
        ]
        a = self._groups([("partner_id", "=", self.dealer_a.id)], ["partner_id"], fields)[0]
        self.assertEqual((a["disputes_raised"], a["disputes_resolved"]), (3, 2))
        self.assertAlmostEqual(a["avg_dispute_hours"], 36.0, places=2, msg="72 hours over 2 resolved")
        self.assertAlmostEqual(a["credited_amount"], 50.0)
        self.assertEqual(a["price_requests"], 1, "the special-price request is its own figure")
        portal = self.Kpi.search([("partner_id", "=", self.dealer_a.id), ("channel", "=", "portal")])
        self.assertEqual(sum(portal.mapped("disputes_raised")), 3, "on the channel of the order disputed")

    def _dispute_values(self, order):
        return {
            "partner_id": order.partner_id.commercial_partner_id.id,
            "company_id": order.company_id.id,
            "order_id": order.id,
            "currency_id": order.currency_id.id,
            "reason": "Charged above the tier price",
        }

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
        self.Kpi._kpi_refresh()
        c = self.Kpi.search([("partner_id", "=", self.dealer_c.id)])
        self.assertEqual((c.channel, c.orders, c.portal_orders), ("phone", 2, 0), "counted as a phone order")
        self.assertEqual((c.attempts, c.blocked_attempts, c.overridden_attempts), (3, 1, 1))

    def test_cancelled_orders_do_not_count(self):
        self.a1._action_cancel()
        self.Kpi._kpi_refresh()
        a = self._groups([("partner_id", "=", self.dealer_a.id)], ["partner_id"], ["portal_share"])[0]
        self.assertEqual((a["orders"], a["portal_orders"]), (2, 1))
        self.assertAlmostEqual(a["portal_share"], 50.0)

    def test_figures_are_those_of_the_last_refresh(self):
        """The figures are computed when refreshed (every hour by the cron),
        not at each read."""
        self._phone_order(self.dealer_c)
        self.env.flush_all()
        row = self.Kpi.search([("partner_id", "=", self.dealer_c.id)])
        self.assertEqual(row.orders, 1)
        self.env.cr.execute(
            "UPDATE ir_config_parameter SET value = '2020-01-01 00:00:00' WHERE key = %s",
            ("dealer_rollout.kpi_refreshed_at",),
        )
        self.env.ref("dealer_rollout.dealer_portal_kpi_cron_refresh").method_direct_trigger()
        self.assertEqual(self.Kpi.search([("partner_id", "=", self.dealer_c.id)]).orders, 2)
        self.assertGreater(self.Kpi._kpi_refreshed_at(), datetime(2020, 1, 2))

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


@tagged("post_install", "-at_install")
class TestDealerPortalKpiRollout(DealerPortalCommon):
    """Before and after go-live, on dated records of a wave: a dealer with
    one order and a dealer with a hundred, their ratios from sums, the
    months from go-live, and the one-page roll-out summary."""

    LIVE = date(2026, 3, 15)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Kpi = env["dealer.portal.kpi"]
        cls.wave = env["dealer.rollout.wave"].create(
            {"name": "DC Pilot wave", "company_id": cls.company.id, "live_date": cls.LIVE}
        )
        Partner = env["res.partner"]

        def dealer(name, live_date):
            return Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_tier_id": cls.tier_gold.id,
                    "dealer_rollout_wave_id": cls.wave.id,
                    "dealer_live_date": live_date,
                }
            )

        cls.small = dealer("DC Small Dealer", cls.LIVE)
        cls.big = dealer("DC Big Dealer", cls.LIVE)
        cls.waiting = dealer("DC Waiting Dealer", False)

        def orders(partner, count, channel, day, hours, state="sale"):
            submitted = datetime.combine(day, datetime.min.time()).replace(hour=8)
            return env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "dealer_channel": channel,
                        "state": state,
                        "date_order": submitted + timedelta(hours=hours),
                        "dealer_submitted_at": submitted,
                        "dealer_confirmed_at": submitted + timedelta(hours=hours),
                    }
                    for __ in range(count)
                ]
            )

        # The small dealer: one portal order after go-live, confirmed in 10 hours.
        cls.small_orders = orders(cls.small, 1, "portal", date(2026, 4, 10), 10)
        # The big dealer: 60 phone orders before go-live, then 30 phone and
        # 10 portal orders after; each confirmed in one hour.
        cls.big_before = orders(cls.big, 60, "phone", date(2026, 2, 10), 1)
        cls.big_after = orders(cls.big, 30, "phone", date(2026, 4, 10), 1) | orders(
            cls.big, 10, "portal", date(2026, 4, 10), 1
        )
        orders(cls.big, 1, "portal", date(2026, 4, 11), 1, state="cancel")
        # Status calls of the big dealer: three in February, one the day
        # before go-live (a minute to midnight), one on go-live day, one in April.
        Query = env["dealer.status.query"]
        for at in (
            datetime(2026, 2, 20, 10),
            datetime(2026, 2, 21, 10),
            datetime(2026, 2, 22, 10),
            datetime(2026, 3, 14, 23, 59),
            datetime(2026, 3, 15, 0, 0),
            datetime(2026, 4, 20, 10),
        ):
            Query.create(
                {
                    "date": at,
                    "partner_id": cls.big.id,
                    "company_id": cls.company.id,
                    "channel": "phone",
                    "answered": "person",
                    "minutes": 4,
                }
            )
        cls.Kpi._kpi_refresh()

    def test_ratios_of_a_wave_come_from_sums(self):
        """A dealer with one order does not weigh like a dealer with a hundred."""
        fields = ["portal_share", "avg_confirm_hours", "orders:sum"]
        wave = self.Kpi.read_group([("wave_id", "=", self.wave.id)], fields, ["wave_id"], lazy=False)[0]
        self.assertEqual(wave["orders"], 101, "the cancelled order is not counted")
        self.assertAlmostEqual(wave["portal_share"], 100 * 11 / 101)
        self.assertAlmostEqual(wave["avg_confirm_hours"], (10 + 100) / 101)
        dealers = self.Kpi.read_group([("wave_id", "=", self.wave.id)], fields, ["partner_id"], lazy=False)
        shares = {g["partner_id"][0]: g["portal_share"] for g in dealers}
        self.assertEqual(shares[self.small.id], 100.0)
        self.assertAlmostEqual(shares[self.big.id], 10.0)
        self.assertNotAlmostEqual(wave["portal_share"], 55.0, msg="never the average of the dealers' ratios")

    def test_before_and_after_go_live(self):
        rows = self.Kpi.search([("partner_id", "=", self.big.id), ("orders", ">", 0)])
        february = rows.filtered(lambda r: r.date == date(2026, 2, 1))
        self.assertEqual((february.period, february.months_from_live, february.orders), ("before", -2, 60))
        april = rows.filtered(lambda r: r.date == date(2026, 4, 1))
        self.assertEqual(set(april.mapped("period")), {"after"})
        self.assertEqual(set(april.mapped("months_from_live")), {0}, "10 April is within the first month")
        periods = {
            g["period"]: g
            for g in self.Kpi.read_group(
                [("wave_id", "=", self.wave.id)], ["portal_share", "status_queries:sum"], ["period"], lazy=False
            )
        }
        self.assertEqual(periods["before"]["orders"], 60)
        self.assertEqual(periods["before"]["portal_share"], 0.0)
        self.assertAlmostEqual(periods["after"]["portal_share"], 100 * 11 / 41)
        # The call a minute before go-live is before; go-live day is after.
        self.assertEqual(periods["before"]["status_queries"], 4)
        self.assertEqual(periods["after"]["status_queries"], 2)
        march = self.Kpi.search([("partner_id", "=", self.big.id), ("date", "=", date(2026, 3, 1))])
        self.assertEqual(
            sorted((r.period, r.months_from_live, r.status_queries) for r in march),
            [("after", 0, 1), ("before", -1, 1)],
            "the month of go-live is split at the go-live date",
        )
        self.assertFalse(self.Kpi.search([("partner_id", "=", self.waiting.id)]))

    def test_rollout_summary(self):
        summary = self.Kpi._rollout_summary(self.wave)
        self.assertEqual(len(summary), 1)
        wave = summary[0]
        self.assertEqual((wave["wave"], wave["dealers"], wave["live_dealers"]), (self.wave, 3, 2))
        lines = {line["name"]: line for line in wave["lines"]}
        self.assertEqual({line["measure"] for line in wave["lines"]}, {"1", "2", "3", "4", "5"})
        self.assertEqual((lines["portal_share"]["before"], lines["orders"]["before"]), (0.0, 60))
        self.assertAlmostEqual(lines["portal_share"]["after"], 100 * 11 / 41)
        self.assertEqual((lines["status_queries"]["before"], lines["status_queries"]["after"]), (4, 2))
        self.assertAlmostEqual(lines["status_query_minutes"]["before"], 16.0)
        self.assertAlmostEqual(lines["avg_confirm_hours"]["before"], 1.0)
        self.assertAlmostEqual(lines["avg_confirm_hours"]["after"], (10 + 40) / 41)
        self.assertEqual(lines["price_requests"]["label"], "Special Price Requests")

    def test_rollout_summary_report(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dealer_rollout.report_rollout_summary", self.wave.ids)[0]
            .decode()
        )
        self.assertIn("DC Pilot wave", html)
        self.assertIn("Portal Order Share (%)", html)
        self.assertIn("26.8", html, "the portal share after go-live: 11 of 41 orders")
        self.assertIn("2 / 3", html.replace("\n", " ").replace("  ", " "))
