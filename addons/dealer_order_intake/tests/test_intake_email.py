import re

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon

from .intake_common import IntakeTestMixin


@tagged("post_install", "-at_install")
class TestDealerOrderIntakeEmail(IntakeTestMixin, DealerPortalCommon):
    """Orders emailed by dealers go through the portal's checks and get an
    answer by email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Intake = cls.env["dealer.order.intake"]
        # Senders are matched on the order email the back office sets.
        for user in (cls.user_a_desk, cls.user_a_ware, cls.user_b_desk):
            user.dealer_order_email = user.email

    def _email(self, sender, body, subject="PO 4711", attachment=None, in_reply_to=None):
        return self._raw_email(sender, body, subject=subject, attachment=attachment, in_reply_to=in_reply_to)

    def _process(self, raw):
        thread_id = self.env["mail.thread"].message_process("dealer.order.intake", raw)
        return self.Intake.browse(thread_id)

    def _link_mail(self, intake):
        """The confirmation email of ``intake``'s last message."""
        return self.env["mail.mail"].search(
            [("body_html", "like", f"/dealer_portal/intake/{intake.id}/confirm?token=")], order="id desc", limit=1
        )

    def _confirm(self, intake):
        """Follow the link the sender got, as an anonymous visitor with the
        token: the legitimate way an emailed order is placed."""
        self.assertEqual(intake.state, "awaiting", intake.reason)
        token = re.search(r"confirm\?token=([\w-]+)", self._link_mail(intake).body_html).group(1)
        return intake._dealer_confirm_by_link(token, self.env.ref("base.public_user"))

    def _reply(self, intake):
        """The answer sent to the dealer: the last comment, with its email."""
        message = intake.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        return message

    def test_emailed_lines_become_a_confirmed_order_and_an_answer(self):
        intake = self._process(self._email(self.user_a_desk.email, "Hello,\n\nDC-DRILL 2\nDC-BOLT x 20\n\nThanks"))
        self._confirm(intake)
        self.assertEqual(intake.state, "confirmed", intake.reason)
        order = intake.order_id
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            {l.product_id: l.product_uom_qty for l in order.order_line}, {self.p_drill: 2, self.p_bolt: 20}
        )
        self.assertEqual((order.dealer_channel, order.client_order_ref), ("email", "PO 4711"))
        self.assertEqual(order.dealer_submitted_by, self.user_a_desk)
        self.assertEqual(order.order_line.filtered(lambda l: l.product_id == self.p_drill).price_unit, 150.0)
        self.assertEqual(order.dealer_attempt_ids.channel, "email")
        self.assertEqual((intake.user_id, intake.partner_id), (self.user_a_desk, self.dealer_a))
        reply = self._reply(intake)
        self.assertIn(order.name, reply.body)
        self.assertIn("is confirmed", reply.body)
        self.assertEqual(reply.partner_ids, self.user_a_desk.partner_id)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", reply.id)])
        self.assertEqual(mail.recipient_ids, self.user_a_desk.partner_id, "the answer is emailed to the sender")

    def test_bad_lines_are_listed_and_good_lines_go_in(self):
        body = "DC-DRILL 2\nNOPE-1 1\nDC-SECRET 1\nDC-DRILL -4"
        intake = self._process(self._email(self.user_a_desk.email, body))
        reply = self._link_mail(intake).body_html
        self._confirm(intake)
        self.assertEqual(intake.state, "confirmed")
        self.assertEqual(intake.order_id.order_line.product_id, self.p_drill)
        self.assertEqual(intake.row_error_count, 3)
        self.assertIn("Unknown SKU", reply)
        self.assertIn("is not in your catalog", reply)
        self.assertIn("Line 4", reply)

    def test_blocked_order_is_kept_and_a_corrected_reply_submits_it(self):
        intake = self._process(self._email(self.user_a_desk.email, "DC-GEAR 5\nDC-DRILL 1"))
        self.assertFalse(intake.order_id.website_id, "not the dealer's cart before it is confirmed")
        self._confirm(intake)
        self.assertEqual(intake.state, "blocked")
        order = intake.order_id
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dealer_submitted_at)
        self.assertEqual(order.website_id, self.website, "kept as the dealer's portal cart")
        self.assertEqual(len(order.order_line), 2, "nothing the dealer sent is lost")
        reply = self._reply(intake)
        self.assertIn("could not be submitted", reply.body)
        self.assertIn("DC-GEAR", reply.body)
        # The dealer answers in the same thread with corrected lines.
        again = self._process(
            self._email(self.user_a_desk.email, "DC-DRILL 6\n\n> DC-GEAR 5", in_reply_to=reply.message_id)
        )
        self.assertEqual(again, intake)
        self._confirm(intake)
        self.assertEqual(intake.state, "confirmed")
        self.assertEqual(intake.order_id, order, "the same order, corrected")
        self.assertEqual(order.state, "sale")
        self.assertEqual({l.product_id: l.product_uom_qty for l in order.order_line}, {self.p_drill: 6})
        self.assertEqual(intake.attempt_count, 4, "two messages, each confirmed")

    def test_attached_csv(self):
        csv = "SKU;Quantity\nDC-DRILL;3\nDC-BOLT;30\n".encode("cp1252")
        intake = self._process(self._email(self.user_a_desk.email, "See attached.", attachment=("order.csv", csv)))
        self._confirm(intake)
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self.assertEqual(
            {l.product_id: l.product_uom_qty for l in intake.order_id.order_line}, {self.p_drill: 3, self.p_bolt: 30}
        )

    def test_unknown_sender_gets_no_order_and_no_answer(self):
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            intake = self._process(self._email("stranger@unknown.example", "DC-DRILL 2"))
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id)
        self.assertFalse(self._reply(intake), "no answer to unknown addresses")

    def test_role_without_ordering_is_refused_with_the_reason(self):
        intake = self._process(self._email(self.user_a_ware.email, "DC-DRILL 2"))
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id)
        self.assertIn("order-desk role", self._reply(intake).body)
        self.assertFalse(self.env["sale.order"].search([("partner_id", "=", self.user_a_ware.partner_id.id)]))

    def test_no_lines_gets_a_hint(self):
        intake = self._process(self._email(self.user_a_desk.email, "Please call me back about prices."))
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id)
        self.assertIn("No order lines were found", self._reply(intake).body)

    def test_sender_orders_only_from_its_own_catalog(self):
        intake = self._process(self._email(self.user_b_desk.email, "DC-DRILL 1\nDC-BOLT 20"))
        self.assertEqual(intake.partner_id, self.dealer_b)
        self.assertEqual(intake.order_id.partner_id.commercial_partner_id, self.dealer_b)
        self.assertEqual(intake.order_id.order_line.product_id, self.p_drill)
        self.assertEqual(intake.order_id.order_line.price_unit, 180.0, "Silver's price, not Gold's")
        self.assertIn("is not in your catalog", self._link_mail(intake).body_html)

    def test_quoted_history_and_signature_are_not_lines(self):
        body = "DC-DRILL 2\n-- \nJane Doe\nDC Alpha 555 1234\n\nOn Mon, Jane wrote:\n> DC-SAW 3"
        intake = self._process(self._email(self.user_a_desk.email, body))
        self.assertEqual(intake.order_id.order_line.product_id, self.p_drill)
        self.assertEqual(intake.row_error_count, 0)

    def test_same_email_twice_makes_one_order(self):
        raw = self._email(self.user_a_desk.email, "DC-DRILL 2")
        first = self._process(raw)
        self._process(raw)
        self.assertEqual(self.Intake.search_count([("sender", "=", self.user_a_desk.email)]), 1)
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("client_order_ref", "=", "PO 4711"), ("dealer_channel", "=", "email")]
            ),
            1,
        )
        self.assertEqual(first.attempt_count, 1)
        self.assertEqual(len(self.Intake.search([("sender", "=", self.user_a_desk.email)]).order_id), 1)

    def test_salesman_reads_but_portal_users_never_see_intakes(self):
        intake = self._process(self._email(self.user_a_desk.email, "DC-DRILL 2"))
        salesman = new_test_user(self.env, login="dc_intake_salesman", groups="sales_team.group_sale_salesman")
        self.assertEqual(intake.with_user(salesman).state, "awaiting")
        with self.assertRaises(AccessError):
            intake.with_user(salesman).write({"state": "received"})
        for user in (self.user_a_admin, self.user_a_desk):
            with self.assertRaises(AccessError):
                intake.with_user(user).read(["state"])
