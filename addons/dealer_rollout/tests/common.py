from datetime import date

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon


class DealerRolloutCommon(DealerPortalCommon):
    """The portal fixture plus a planned roll-out wave (dealer A in it) and a
    dealer without a tier, the pricing audit's blocking finding."""

    PLANNED = date(2031, 3, 2)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wave = cls.env["dealer.rollout.wave"].create(
            {"name": "DC Wave 1", "company_id": cls.company.id, "planned_date": cls.PLANNED}
        )
        cls.dealer_a.dealer_rollout_wave_id = cls.wave
        cls.dealer_untiered = cls.env["res.partner"].create(
            {"name": "DC Untiered Dealer", "is_company": True, "is_dealer": True}
        )

    def _wave_as(self, user):
        return self.wave.with_user(user)
