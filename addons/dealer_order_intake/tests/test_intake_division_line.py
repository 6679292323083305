import re

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common_divisions import DealerDivisionHttpCommon

from .intake_common import WHATSAPP_SECRET, IntakeTestMixin


@tagged("post_install", "-at_install")
class TestIntakeDivisionLine(IntakeTestMixin, DealerDivisionHttpCommon):
    """A dealer of several divisions names the division of its order on a
    line of the message ("Division: DCVOLT"), on WhatsApp (one number for
    every division) and at the general order address; the line selects
    among the dealer's own divisions only and is never an order line.

    Dealer A buys from Apex (the drill at 150) and Voltline (at 180, tools
    only); dealer B from Apex only; nobody from the Orphan division."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No access token: the answers stay on the intakes, nothing is sent.
        cls.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_app_secret", WHATSAPP_SECRET)
        cls.user_a_desk.dealer_whatsapp_number = "+33 6 12 34 56 78"
        cls.user_b_desk.dealer_whatsapp_number = "0470 12 34 56"
        for user in (cls.user_a_desk, cls.user_b_desk):
            user.dealer_order_email = user.email
        cls.Intake = cls.env["dealer.order.intake"]
        cls.n = 0

    def _whatsapp(self, phone, text):
        """Replay ``text`` from ``phone`` as the webhook receives it: signed
        with the app secret."""
        type(self).n += 1
        return self._whatsapp_receive(phone, text, f"wamid.division.{self.n}")

    def _email(self, body, division=None, attachment=None):
        raw = self._raw_email(self.user_a_desk.email, body, attachment=attachment)
        custom_values = {"division_id": division.id} if division else None
        thread_id = self.env["mail.thread"].message_process("dealer.order.intake", raw, custom_values=custom_values)
        return self.Intake.browse(thread_id)

    def _confirm(self, intake):
        self.assertEqual(intake.state, "awaiting", intake.reason)
        token = re.search(r"confirm\?token=([\w-]+)", self._link_mail(intake).body_html).group(1)
        return intake._dealer_confirm_by_link(token, self.env.ref("base.public_user"))

    def _assert_order_in(self, intake, division, price):
        order = intake.order_id
        self.assertEqual(order.dealer_division_id, division, intake.reason)
        self.assertEqual(order.order_line.product_id, self.p_drill)
        self.assertEqual(order.order_line.price_unit, price, f"{division.name}'s price")
        self.assertEqual(intake.row_error_count, 0, intake.reason)
        self.assertNotIn("Unknown SKU", intake.reason)

    def _assert_refused(self, intake, *texts):
        self.assertEqual(intake.state, "rejected", intake.reason)
        self.assertFalse(intake.order_id)
        for text in texts:
            self.assertIn(text, intake.reason)
        self.assertNotIn("(DC Orphan Brand)", intake.reason, "only the dealer's own divisions are listed")
        self.assertNotIn("Unknown SKU", intake.reason)

    # ------------------------------------------------------------------
    # WhatsApp
    # ------------------------------------------------------------------
    def test_whatsapp_order_in_the_division_named_by_code(self):
        intake = self._whatsapp("33612345678", "Division: DCVOLT\nDC-DRILL 5")
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self._assert_order_in(intake, self.div_volt, 180.0)
        self.assertEqual(intake.order_id.order_line.product_uom_qty, 5)
        self.assertEqual(intake.order_id.website_id, self.website_volt)
        self.assertEqual(intake.order_id.dealer_channel, "whatsapp")

    def test_whatsapp_order_in_the_division_named_by_name(self):
        intake = self._whatsapp("33612345678", "DC-DRILL 2\n\n*division:* dc apex  BRAKES")
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self._assert_order_in(intake, self.div_apex, 150.0)

    def test_whatsapp_rows_are_matched_in_the_named_divisions_catalog(self):
        # Bolts are Apex's only; the line numbers are the message's own.
        intake = self._whatsapp("33612345678", "Division: dcvolt\nDC-BOLT 20\nDC-DRILL 1")
        self.assertEqual(intake.order_id.dealer_division_id, self.div_volt)
        self.assertEqual(intake.order_id.order_line.product_id, self.p_drill)
        self.assertEqual(intake.row_error_count, 1)
        self.assertIn("Line 2: ", intake.reason)
        self.assertIn("not in your catalog", intake.reason)

    def test_whatsapp_same_division_by_code_and_name_is_one(self):
        intake = self._whatsapp("33612345678", "Division: DCVOLT\nDC-DRILL 1\nDivision: DC Voltline")
        self._assert_order_in(intake, self.div_volt, 180.0)

    def test_whatsapp_unknown_division_is_refused_with_the_list(self):
        intake = self._whatsapp("33612345678", "Division: Acme\nDC-DRILL 5")
        self._assert_refused(
            intake,
            '"Acme"',
            'Write a line "Division: <code>" in your message, with one of: DCAPEX (DC Apex Brakes), '
            "DCVOLT (DC Voltline).",
        )

    def test_whatsapp_division_not_traded_with_is_refused(self):
        intake = self._whatsapp("33612345678", "Division: DCORPHAN\nDC-DRILL 5")
        self._assert_refused(intake, '"DCORPHAN"', "which is not one of the divisions you buy from", "DCVOLT")

    def test_whatsapp_two_divisions_named_are_refused(self):
        intake = self._whatsapp("33612345678", "Division: DCAPEX\nDC-DRILL 1\nDivision: DCVOLT")
        self._assert_refused(
            intake, "names several divisions (DC Apex Brakes, DC Voltline)", "one message per division"
        )

    def test_whatsapp_without_division_line_says_how_to_name_it(self):
        intake = self._whatsapp("33612345678", "DC-DRILL 5")
        self._assert_refused(
            intake,
            "You buy from several of our divisions",
            'Write a line "Division: <code>" in your message, with one of: DCAPEX (DC Apex Brakes), DCVOLT',
        )
        self.assertNotIn("order address", intake.reason, "WhatsApp has one number for every division")

    def test_whatsapp_dealer_of_one_division_is_unaffected(self):
        intake = self._whatsapp("32470123456", "DC-DRILL 1")
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self._assert_order_in(intake, self.div_apex, 180.0)
        # Naming its own division changes nothing; naming another is refused.
        intake = self._whatsapp("32470123456", "Division: DCAPEX\nDC-DRILL 1")
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self._assert_order_in(intake, self.div_apex, 180.0)
        intake = self._whatsapp("32470123456", "Division: DCVOLT\nDC-DRILL 1")
        self._assert_refused(intake, '"DCVOLT"', "with one of: DCAPEX (DC Apex Brakes).")

    def test_whatsapp_status_question_needs_no_division(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.user_a_desk.partner_id.id,
                "website_id": self.website_volt.id,
                "order_line": [Command.create({"product_id": self.p_drill.id, "product_uom_qty": 1})],
            }
        )
        result = order.with_user(self.user_a_desk).sudo().action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "confirmed", result)
        for text in (f"where is {order.name}?", f"Division: DCVOLT\nwhere is {order.name}?"):
            intake = self._whatsapp("33612345678", text)
            self.assertEqual(intake.state, "answered", intake.reason)
            self.assertIn(order.name, intake.reason)

    # ------------------------------------------------------------------
    # Email to the general order address, and to a division's
    # ------------------------------------------------------------------
    def test_email_order_in_the_division_named(self):
        intake = self._email("DC-DRILL 2\n\nDivision: DCVOLT\n")
        self._assert_order_in(intake, self.div_volt, 180.0)
        self._confirm(intake)
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self.assertEqual(intake.order_id.state, "sale")

    def test_email_division_line_beside_an_order_file(self):
        intake = self._email("Division: DC Voltline", attachment=("order.csv", b"sku,qty\nDC-DRILL,3\n"))
        self._assert_order_in(intake, self.div_volt, 180.0)

    def test_email_quoted_division_line_is_not_read(self):
        intake = self._email("DC-DRILL 2\n\nOn Monday, Apex wrote:\n> Division: DCVOLT")
        self._assert_refused(intake, "You buy from several of our divisions")

    def test_email_without_division_line_says_how_to_name_it(self):
        intake = self._email("DC-DRILL 2")
        self._assert_refused(
            intake,
            "You buy from several of our divisions",
            'Write a line "Division: <code>" in your email, with one of: DCAPEX (DC Apex Brakes), DCVOLT '
            "(DC Voltline); or send it to that division's order address.",
        )

    def test_email_unknown_division_is_refused_with_the_list(self):
        intake = self._email("Division: DCORPHAN\nDC-DRILL 2")
        self._assert_refused(intake, '"DCORPHAN"', "DCAPEX (DC Apex Brakes), DCVOLT (DC Voltline)")

    def test_email_to_a_divisions_address_naming_it_too(self):
        intake = self._email("Division: DCVOLT\nDC-DRILL 2", division=self.div_volt)
        self._assert_order_in(intake, self.div_volt, 180.0)

    def test_email_to_a_divisions_address_naming_another_is_refused(self):
        intake = self._email("Division: DCAPEX\nDC-DRILL 2", division=self.div_volt)
        self._assert_refused(intake, "sent to the order address of DC Voltline but names the division DC Apex Brakes")
