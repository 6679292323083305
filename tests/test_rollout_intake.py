"""A dealer whose roll-out wave has not opened portal ordering yet emails an
order: email is one of the ways it orders until then, so the intake submits
it through the one pipeline and it goes through; the portal itself stays
closed until the wave opens."""

import re

from odoo.tests import tagged

from odoo.addons.dealer_order_intake.tests.intake_common import IntakeTestMixin
from odoo.addons.dealer_rollout.tests.common import DealerRolloutCommon


@tagged("post_install", "-at_install")
class TestRolloutEmailIntake(IntakeTestMixin, DealerRolloutCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a_desk.dealer_order_email = cls.user_a_desk.email

    def _confirm(self, intake):
        token = re.search(r"confirm\?token=([\w-]+)", self._link_mail(intake).body_html).group(1)
        return intake._dealer_confirm_by_link(token, self.env.ref("base.public_user"))

    def test_emailed_order_before_the_wave_opens_goes_through(self):
        self.assertFalse(self.dealer_a._dealer_ordering_open())
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        self._confirm(intake)
        self.assertEqual(intake.state, "confirmed", intake.reason)
        order = intake.order_id
        self.assertTrue(order.dealer_submitted_at)
        attempt = order.dealer_attempt_ids
        self.assertEqual(attempt.channel, "email")
        self.assertNotIn("ordering_not_open", attempt.issue_codes or "")
        # The portal stays closed for the same dealer until its wave opens.
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)])
        result = cart.with_user(self.user_a_desk).sudo()._dealer_portal_submit()
        self.assertEqual(result["outcome"], "blocked")
        self.assertIn("ordering_not_open", [i["code"] for i in result["issues"]])
