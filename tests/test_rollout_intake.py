"""A dealer whose roll-out wave has not opened ordering emails an order: the
email intake submits it through the one pipeline, which blocks it with the
date ordering opens, and the dealer is told so by email."""

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

    def test_emailed_order_before_the_wave_opens_is_blocked_and_answered(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        self._confirm(intake)
        self.assertEqual(intake.state, "blocked", intake.reason)
        order = intake.order_id
        self.assertFalse(order.dealer_submitted_at)
        attempt = order.dealer_attempt_ids
        self.assertEqual((attempt.outcome, attempt.channel), ("blocked", "email"))
        self.assertIn("ordering_not_open", attempt.issue_codes)
        reply = intake.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn("Ordering on the portal opens on 03/02/2031.", reply.body)
        # Once the wave opens, the dealer's emailed orders go through.
        self.wave.with_user(self.user_manager).action_start_pilot()
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 3", subject="PO 4712"))
        self._confirm(intake)
        self.assertEqual(intake.state, "confirmed", intake.reason)
