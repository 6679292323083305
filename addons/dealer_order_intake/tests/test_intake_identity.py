"""F6: email and WhatsApp senders are matched on the order email and WhatsApp
number the back office sets on the user, never on what the user edits on
/my/account; a sender matching several users is refused and logged."""

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_order_intake.tools.phone import normalize_phone
from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon

from .intake_common import WEBHOOK, WHATSAPP_SECRET, IntakeTestMixin

INTAKE_LOGGER = "odoo.addons.dealer_order_intake.models.dealer_order_intake"
A_NUMBER = "+33 6 12 34 56 78"


@tagged("post_install", "-at_install")
class TestIntakeIdentity(IntakeTestMixin, DealerPortalHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_app_secret", WHATSAPP_SECRET)
        cls.Intake = cls.env["dealer.order.intake"]
        cls.user_a_desk.write({"dealer_order_email": cls.user_a_desk.email, "dealer_whatsapp_number": A_NUMBER})
        # National form, read in the dealer's country (Belgium).
        cls.user_b_desk.write({"dealer_order_email": cls.user_b_desk.email, "dealer_whatsapp_number": "0470 12 34 56"})

    def url_open(self, url, data=None, files=None, timeout=60, **kwargs):
        return super().url_open(url, data=data, files=files, timeout=timeout, **kwargs)

    def _whatsapp(self, phone, text, message_id):
        body = self._whatsapp_payload(phone, text, message_id)
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": self._whatsapp_signature(body)}
        res = self.url_open(WEBHOOK, data=body, headers=headers)
        self.assertEqual(res.status_code, 200)
        return self.Intake.search([("channel", "=", "whatsapp"), ("external_id", "=", message_id)])

    def _edit_my_account(self, user, **values):
        """``user`` edits its own contact details on /my/account."""
        self.authenticate(user.login, user.login)
        data = {
            "name": user.name,
            "phone": "+32 9 000 00 00",
            "email": user.email,
            "street": "2 Beta Street",
            "city": "Gent",
            "country_id": str(self.env.ref("base.be").id),
            "csrf_token": http.Request.csrf_token(self),
            **values,
        }
        res = self.url_open("/my/account", data=data, allow_redirects=False)
        self.assertEqual(res.status_code, 303, "the portal accepted the edit")
        self.authenticate(None, None)

    def test_contact_details_edited_on_my_account_are_no_identity(self):
        # B makes its own contact look like A's order desk.
        self._edit_my_account(self.user_b_desk, phone=A_NUMBER, email=self.user_a_desk.email)
        self.assertEqual(self.user_b_desk.partner_id.phone, A_NUMBER)
        self.assertEqual(self.user_b_desk.partner_id.email, self.user_a_desk.email)
        from_a = self._whatsapp("33612345678", "DC-DRILL 1", "wamid.id.a")
        self.assertEqual(from_a.user_id, self.user_a_desk, "A's number is A's, whatever B wrote on its contact")
        self.assertEqual(from_a.order_id.partner_id, self.user_a_desk.partner_id)
        from_b = self._whatsapp("32470123456", "DC-DRILL 1", "wamid.id.b")
        self.assertEqual(from_b.user_id, self.user_b_desk)
        email_a = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 1", subject="PO A"))
        self.assertEqual(email_a.user_id, self.user_a_desk)
        email_b = self._process_email(
            self._raw_email(self.user_b_desk.dealer_order_email, "DC-DRILL 1", subject="PO B")
        )
        self.assertEqual(email_b.user_id, self.user_b_desk)

    def test_an_address_only_the_contact_has_is_unknown(self):
        self._edit_my_account(self.user_b_desk, email="b.private@elsewhere.example", phone="+49 151 1234 5678")
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            intake = self._process_email(self._raw_email("b.private@elsewhere.example", "DC-DRILL 1"))
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.user_id)
        intake = self._whatsapp("4915112345678", "DC-DRILL 1", "wamid.id.private")
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.user_id)

    def test_a_number_or_address_of_two_users_is_refused_and_logged(self):
        self.user_a_desk2.write(
            {"dealer_whatsapp_number": "+33612345678", "dealer_order_email": self.user_a_desk.email}
        )
        with mute_logger(INTAKE_LOGGER):
            intake = self._whatsapp("33612345678", "DC-DRILL 1", "wamid.id.twice")
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.user_id)
        self.assertFalse(intake.order_id)
        self.assertFalse(intake.reply_state, "no answer: nobody knows whose it is")
        self.assertIn("several portal users", intake.reason)
        self.assertIn("several portal users", "".join(intake.message_ids.mapped("body")), "logged on the intake")
        with mute_logger(INTAKE_LOGGER):
            intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 1"))
        self.assertEqual(intake.state, "rejected")
        self.assertIn("several portal users", intake.reason)
        self.assertFalse(self.env["mail.mail"].search([("email_to", "like", self.user_a_desk.email)]))

    def test_national_and_international_forms_are_the_same_number(self):
        self.assertEqual(self.user_b_desk.dealer_whatsapp_e164, "+32470123456")
        self.assertEqual(self._whatsapp("32470123456", "DC-DRILL 1", "wamid.id.nat").user_id, self.user_b_desk)
        self.user_a_desk2.dealer_whatsapp_number = "0033 6 99 00 11 22"
        self.assertEqual(self._whatsapp("33699001122", "DC-DRILL 1", "wamid.id.00").user_id, self.user_a_desk2)
        # Numbers that keep their leading 0 in international form (Italy).
        self.assertEqual(normalize_phone("06 1234 5678", "IT"), normalize_phone("+39 06 1234 5678"))
        self.assertEqual(normalize_phone("06 1234 5678", "IT"), "+390612345678")
        self.assertIsNone(normalize_phone("not a number", "BE"))

    def test_only_the_back_office_sets_the_identity(self):
        # The user itself, over JSON-RPC, on its user or its contact.
        self.authenticate(self.user_b_desk.login, self.user_b_desk.login)
        for model, record_id in (("res.users", self.user_b_desk.id), ("res.partner", self.user_b_desk.partner_id.id)):
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/write",
                    {
                        "model": model,
                        "method": "write",
                        "args": [[record_id], {"dealer_whatsapp_number": A_NUMBER}],
                        "kwargs": {},
                    },
                )
        self.assertEqual(self.user_b_desk.dealer_whatsapp_e164, "+32470123456")
        salesman = new_test_user(self.env, login="dc_id_salesman", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.user_b_desk.partner_id.with_user(salesman).write({"dealer_order_email": "x@example.com"})
        manager = new_test_user(self.env, login="dc_id_manager", groups="sales_team.group_sale_manager")
        self.user_b_desk.partner_id.with_user(manager).write(
            {"dealer_order_email": " Orders@Beta.Example.com ", "dealer_whatsapp_number": "0470 99 88 77"}
        )
        self.assertEqual(self.user_b_desk.dealer_order_email_normalized, "orders@beta.example.com")
        self.assertEqual(self.user_b_desk.dealer_whatsapp_e164, "+32470998877")
        self.assertEqual(self.user_b_desk.partner_id.with_user(manager).dealer_whatsapp_e164, "+32470998877")
