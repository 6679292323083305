from odoo.tests import tagged

from .common import DealerRolloutCommon


@tagged("post_install", "-at_install")
class TestRolloutPerDivision(DealerRolloutCommon):
    """A dealer's roll-out wave is per division: its terms there name one,
    else its own wave applies where that wave rolls out. The KPIs group by
    the orders' division, on the dealer's tier and wave there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Division = cls.env["dealer.division"]
        cls.division_a = Division.create({"name": "Alpha Roll", "code": "ROLLA", "company_id": cls.company.id})
        cls.division_b = Division.create({"name": "Beta Roll", "code": "ROLLB", "company_id": cls.company.id})
        cls.tier_a = cls.dealer_a.dealer_tier_id
        cls.tier_a.division_id = cls.division_a
        cls.tier_b = cls.tier_a.copy({"code": "ROLLTIERB", "division_id": cls.division_b.id})
        cls.wave.division_id = cls.division_a  # planned: Alpha's portal ordering is not open
        cls.wave_b = cls.env["dealer.rollout.wave"].create(
            {"name": "Beta wave", "company_id": cls.company.id, "division_id": cls.division_b.id}
        )
        # Opened by its own action in real life; the state is what is read here.
        cls.wave_b.sudo().state = "live"
        cls.terms_b = cls.env["dealer.terms"].create(
            {
                "partner_id": cls.dealer_a.id,
                "division_id": cls.division_b.id,
                "tier_id": cls.tier_b.id,
                "wave_id": cls.wave_b.id,
            }
        )

    def _portal_submit(self, division):
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)], dealer_division_id=division.id)
        result = cart.with_user(self.user_a_desk).sudo()._dealer_portal_submit()
        return cart, [issue["code"] for issue in result["issues"]]

    def test_wave_checker_uses_the_wave_of_the_order_division(self):
        self.assertEqual(self.dealer_a._dealer_rollout_wave(self.division_a), self.wave)
        self.assertEqual(self.dealer_a._dealer_rollout_wave(self.division_b), self.wave_b)
        __, codes_a = self._portal_submit(self.division_a)
        self.assertIn("ordering_not_open", codes_a)
        __, codes_b = self._portal_submit(self.division_b)
        self.assertNotIn("ordering_not_open", codes_b)
        # Without a wave in its terms, the own wave (of Alpha only) does not close Beta.
        self.terms_b.wave_id = False
        self.assertFalse(self.dealer_a._dealer_rollout_wave(self.division_b))
        self.assertTrue(self.dealer_a._dealer_ordering_open(self.division_b))
        self.assertFalse(self.dealer_a._dealer_ordering_open(self.division_a))

    def test_wave_dealers_include_terms(self):
        self.assertIn(self.dealer_a, self.wave_b._dealer_wave_dealers())
        self.assertEqual(self.wave_b.partner_count, 1)

    def test_kpis_group_by_division(self):
        self._portal_submit(self.division_a)
        self._portal_submit(self.division_b)
        Kpi = self.env["dealer.portal.kpi"]
        Kpi._kpi_refresh()
        rows = Kpi.search([("partner_id", "=", self.dealer_a.id), ("attempts", ">", 0)])
        by_division = {row.division_id: row for row in rows}
        self.assertEqual(set(by_division), {self.division_a, self.division_b})
        self.assertEqual(by_division[self.division_b].tier_id, self.tier_b)
        self.assertEqual(by_division[self.division_b].wave_id, self.wave_b)
        self.assertEqual(by_division[self.division_a].wave_id, self.wave)
        groups = Kpi._read_group([("partner_id", "=", self.dealer_a.id)], ["division_id"], ["attempts:sum"])
        self.assertEqual({division: total for division, total in groups}, {self.division_a: 1, self.division_b: 1})
