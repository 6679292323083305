"""F3 follow-up: an emailed order nobody confirmed does not wait forever. The
daily cron closes the intakes whose link expired, cancels their draft
quotation, logs it and tells the dealer user at its stored order email."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon

from .test_intake_email_confirmation import IntakeEmailSetup


@tagged("post_install", "-at_install")
class TestIntakeExpiry(IntakeEmailSetup, DealerPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_intake()
        # The stored order email differs from the contact's email and From.
        cls.user_a_desk.dealer_order_email = "purchasing@alpha.example.com"

    def _parked(self, subject="PO 1"):
        intake = self._process_email(self._raw_email("purchasing@alpha.example.com", "DC-DRILL 2", subject=subject))
        self.assertEqual(intake.state, "awaiting")
        return intake

    def _expire(self, intakes):
        intakes.write({"confirm_expiry": fields.Datetime.now() - timedelta(minutes=1)})

    def _mails_to(self, address):
        return self.env["mail.mail"].search([("email_to", "like", address), ("subject", "like", "not placed")])

    def test_an_expired_parked_order_is_closed_and_its_quotation_cancelled(self):
        intake = self._parked()
        token = self._link_token(intake)
        self._expire(intake)
        closed = self.Intake._cron_expire_confirmations()
        self.assertEqual(closed, intake)
        self.assertEqual(intake.state, "expired")
        self.assertFalse(intake.sudo().confirm_token_hash, "the link is dead")
        order = intake.order_id
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.dealer_submitted_at)
        self.assertIn("link expired", "".join(intake.message_ids.mapped("body")))
        self.assertIn("not confirmed before its link expired", "".join(order.message_ids.mapped("body")))
        mails = self._mails_to("purchasing@alpha.example.com")
        self.assertEqual(len(mails), 1, "the dealer user is told at its stored order email")
        self.assertIn("was not placed", mails.body_html)
        self.assertFalse(self._mails_to(self.user_a_desk.partner_id.email))
        # Following the link afterwards places nothing.
        self.assertIn("not valid", intake._dealer_confirm_by_link(token, self.public_user)["error"])
        self.assertEqual(order.state, "cancel")
        # A second run finds nothing left.
        self.assertFalse(self.Intake._cron_expire_confirmations())
        self.assertEqual(len(self._mails_to("purchasing@alpha.example.com")), 1)

    def test_an_unexpired_parked_order_is_untouched(self):
        intake = self._parked()
        self.assertFalse(self.Intake._cron_expire_confirmations())
        self.assertEqual(intake.state, "awaiting")
        self.assertEqual(intake.order_id.state, "draft")
        self.assertTrue(intake.sudo().confirm_token_hash)
        self.assertEqual(
            intake._dealer_confirm_by_link(self._link_token(intake), self.public_user)["outcome"], "confirmed"
        )

    def test_a_confirmed_order_is_untouched(self):
        intake = self._parked()
        self.assertEqual(
            intake._dealer_confirm_by_link(self._link_token(intake), self.public_user)["outcome"], "confirmed"
        )
        self._expire(intake)
        self.assertFalse(self.Intake._cron_expire_confirmations())
        self.assertEqual(intake.state, "confirmed")
        self.assertEqual(intake.order_id.state, "sale")
        self.assertFalse(self._mails_to("purchasing@alpha.example.com"))

    def test_batches_and_no_query_per_intake(self):
        one = self._parked("PO one")
        three = self._parked("PO two") | self._parked("PO three") | self._parked("PO four")
        self._expire(one | three)
        # Batches: the cron takes ``batch_size`` and leaves the rest.
        self.assertEqual(len(self.Intake._cron_expire_confirmations(batch_size=1)), 1)
        self.assertEqual(sum(i.state == "awaiting" for i in one | three), 3)
        self.env.invalidate_all()
        queries_one = self._count_queries(lambda: self.Intake._cron_expire_confirmations(batch_size=1))
        queries_two = self._count_queries(lambda: self.Intake._cron_expire_confirmations(batch_size=2))
        self.assertEqual(queries_two, queries_one, "as many queries for two intakes as for one")
        self.assertEqual(set((one | three).mapped("state")), {"expired"})
        self.assertEqual(set((one | three).order_id.mapped("state")), {"cancel"})

    def _count_queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before
