from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRolloutDemo(TransactionCase):
    """The roll-out history a person explores after ``make run`` (the test
    database is always installed with demo data): a pilot wave live for four
    months whose portal share rises and status calls fall, a second wave
    held by one audit finding, disputes and corrected orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Wave = cls.env["dealer.rollout.wave"]
        cls.pilot = Wave.search([("name", "=", "Pilot: Pacific North-West")])
        cls.second = Wave.search([("name", "=", "Wave 2: Mountain and Desert")])

    def test_pilot_is_live_for_four_months(self):
        self.assertEqual(self.pilot.state, "pilot")
        this_month = fields.Date.context_today(self.pilot).replace(day=1)
        self.assertEqual(self.pilot.live_date, this_month - relativedelta(months=3))
        self.assertEqual(set(self.pilot.partner_ids.mapped("dealer_live_date")), {self.pilot.live_date})

    def test_second_wave_is_held_by_one_audit_finding(self):
        self.assertEqual(self.second.state, "planned")
        self.assertEqual(self.second.gate_error_count, 1)
        self.assertTrue(self.second._dealer_gate_findings())
        for partner in self.second.partner_ids:
            self.assertFalse(partner._dealer_ordering_open())

    def test_pilot_portal_share_rises_and_status_calls_fall(self):
        summary = self.env["dealer.portal.kpi"]._rollout_summary(self.pilot)[0]
        lines = {line["name"]: line for line in summary["lines"]}
        self.assertEqual((summary["dealers"], summary["live_dealers"]), (2, 2))
        self.assertGreater(lines["portal_share"]["after"], lines["portal_share"]["before"] + 30)
        self.assertLess(lines["status_queries"]["after"], lines["status_queries"]["before"])

    def test_history_has_every_channel_disputes_and_corrections(self):
        dealers = self.pilot.partner_ids | self.second.partner_ids
        orders = self.env["sale.order"].search([("partner_id", "child_of", dealers.ids), ("state", "=", "sale")])
        channels = {"portal", "phone", "email", "whatsapp", "backoffice"}
        self.assertLessEqual(channels, set(orders.mapped("dealer_channel")))
        # The demo's "today" is the installing user's (OdooBot's time zone), as in the test above.
        today = fields.Date.context_today(self.pilot)
        self.assertLessEqual(min(orders.mapped("date_order")).date(), today - relativedelta(months=5))
        self.assertTrue(self.env["dealer.order.correction"].search_count([("order_id", "in", orders.ids)]))
        states = set(self.env["dealer.price.dispute"].search([]).mapped("state"))
        self.assertLessEqual({"open", "accepted", "rejected"}, states)
