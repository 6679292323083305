"""F6 follow-up: a dealer's administrator sets the order email and WhatsApp
number of its own company's portal users on /my/dealer/users; the rules
(own users only, no one else's address, E.164, unique) live in the model."""

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon, DealerPortalHttpCommon

from .intake_common import WEBHOOK, WHATSAPP_SECRET, IntakeTestMixin


@tagged("post_install", "-at_install")
class TestDealerAdminIdentityHttp(IntakeTestMixin, DealerPortalHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_app_secret", WHATSAPP_SECRET)

    def _post_identity(self, login, user, order_email="", whatsapp_number=""):
        """``login`` signs in and saves ``user``'s identity on the users page;
        the page it lands on."""
        self.authenticate(login, login)
        res = self.url_open(
            f"/my/dealer/users/{user.id}/update",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "action": "identity",
                "order_email": order_email,
                "whatsapp_number": whatsapp_number,
            },
        )
        self.assertEqual(res.status_code, 200)
        return res

    def test_admin_sets_a_colleagues_number_and_the_intake_matches_it(self):
        self.authenticate("dc_a_admin", "dc_a_admin")
        listing = self.url_open("/my/dealer/users")
        self.assertIn("o_dealer_user_identity", listing.text, "the page offers the fields")
        res = self._post_identity(
            "dc_a_admin", self.user_a_desk2, order_email="Clerk2@Alpha.Example.com", whatsapp_number="06 11 22 33 44"
        )
        self.assertIn("Saved.", res.text)
        self.assertEqual(self.user_a_desk2.dealer_whatsapp_e164, "+33611223344", "read in the dealer's country")
        self.assertEqual(self.user_a_desk2.dealer_whatsapp_number, "+33611223344")
        self.assertEqual(self.user_a_desk2.dealer_order_email_normalized, "clerk2@alpha.example.com")
        body = self._whatsapp_payload("33611223344", "DC-DRILL 2", "wamid.admin.1")
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": self._whatsapp_signature(body)}
        self.authenticate(None, None)
        self.assertEqual(self.url_open(WEBHOOK, data=body, headers=headers).status_code, 200)
        intake = self.env["dealer.order.intake"].search([("external_id", "=", "wamid.admin.1")])
        self.assertEqual(intake.user_id, self.user_a_desk2)
        self.assertEqual(intake.order_id.partner_id, self.user_a_desk2.partner_id)

    def test_admin_of_a_cannot_set_a_user_of_b(self):
        self.user_b_desk.dealer_whatsapp_number = "+32470123456"
        res = self._post_identity("dc_a_admin", self.user_b_desk, whatsapp_number="+33 6 99 99 99 99")
        self.assertIn("does not belong to your company", res.text)
        self.assertEqual(self.user_b_desk.dealer_whatsapp_e164, "+32470123456")
        self.assertFalse(self.user_b_desk.dealer_order_email)

    def test_a_number_another_user_has_is_refused_with_a_message(self):
        self.user_b_desk.dealer_whatsapp_number = "+33 6 11 22 33 44"
        res = self._post_identity("dc_a_admin", self.user_a_desk2, whatsapp_number="06 11 22 33 44")
        self.assertIn("Another user already orders from the WhatsApp number +33611223344", res.text)
        self.assertFalse(self.user_a_desk2.dealer_whatsapp_e164)
        self.user_a_desk.dealer_order_email = "desk@alpha.example.com"
        res = self._post_identity("dc_a_admin", self.user_a_desk2, order_email="DESK@alpha.example.com")
        self.assertIn("Another user already orders from desk@alpha.example.com", res.text)
        self.assertFalse(self.user_a_desk2.dealer_order_email)

    def test_an_order_desk_user_is_refused(self):
        # On a colleague, and on itself: the page and the route are the admin's.
        for user in (self.user_a_desk2, self.user_a_desk):
            self.authenticate("dc_a_desk", "dc_a_desk")
            res = self.url_open(
                f"/my/dealer/users/{user.id}/update",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "action": "identity",
                    "whatsapp_number": "+33 6 55 55 55 55",
                },
                allow_redirects=False,
            )
            self.assertEqual(res.status_code, 303)
            self.assertTrue(res.headers["Location"].endswith("/my"))
            self.assertFalse(user.dealer_whatsapp_e164)
        # Nor over JSON-RPC: the method is private, the fields are the back office's.
        for method, args in (
            ("_dealer_set_user_intake_identity", [[self.dealer_a.id], self.user_a_desk.id, "", "+33655555555"]),
            ("write", [[self.user_a_desk.id], {"dealer_whatsapp_number": "+33655555555"}]),
        ):
            model = "res.partner" if method.startswith("_") else "res.users"
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": {}},
                )
        self.assertFalse(self.user_a_desk.dealer_whatsapp_e164)

    def test_no_csrf_no_change(self):
        self.authenticate("dc_a_admin", "dc_a_admin")
        with mute_logger("odoo.http"):
            res = self.url_open(
                f"/my/dealer/users/{self.user_a_desk2.id}/update",
                data={"action": "identity", "whatsapp_number": "+33 6 11 22 33 44"},
            )
        self.assertEqual(res.status_code, 400)
        self.assertFalse(self.user_a_desk2.dealer_whatsapp_e164)


@tagged("post_install", "-at_install")
class TestDealerAdminIdentityRules(DealerPortalCommon):
    def _set(self, user, email="", number="", admin=None):
        admin = admin or self.user_a_admin
        return self.dealer_a.with_user(admin)._dealer_set_user_intake_identity(user.id, email, number)

    def test_addresses_of_others_are_refused(self):
        staff = new_test_user(self.env, login="dc_staff_id", groups="base.group_user", email="staff@maker.example")
        self.assertTrue(staff)
        self.env.company.partner_id.email = "info@maker-hq.example"
        self.user_b_fin.login = "fin@gamma.example.com"
        for email in (
            "fin@gamma.example.com",  # another dealer's user signs in with it
            "staff@maker.example",  # an internal user's address
            "dc_staff_id",  # not an email
            "someone@maker-hq.example",  # the manufacturer's domain
            self.user_b_desk.email,  # another dealer's contact
            self.dealer_b.email,
        ):
            with self.assertRaises(UserError, msg=email):
                self._set(self.user_a_desk2, email=email)
        self.assertFalse(self.user_a_desk2.dealer_order_email)
        # The company's own addresses are fine, the user's own email too.
        self.user_a_desk2.partner_id.email = "clerk2@alpha.example.com"
        self._set(self.user_a_desk2, email="Clerk2@alpha.example.com")
        self.assertEqual(self.user_a_desk2.dealer_order_email, "clerk2@alpha.example.com")
        self._set(self.user_a_desk, email="orders@alpha.example.com")
        self.assertEqual(self.user_a_desk.dealer_order_email_normalized, "orders@alpha.example.com")
        # Empty clears.
        self._set(self.user_a_desk, email="", number="")
        self.assertFalse(self.user_a_desk.dealer_order_email)

    def test_only_the_admin_of_the_company_for_its_managed_users(self):
        for admin in (self.user_a_desk, self.user_a_ware, self.user_b_admin):
            with self.assertRaises(AccessError, msg=admin.login):
                self._set(self.user_a_desk2, number="+33611223344", admin=admin)
        with self.assertRaises(AccessError):
            self._set(self.user_b_desk, number="+33611223344")
        # An internal user is no share user of the dealer.
        internal = new_test_user(self.env, login="dc_id_internal", groups="base.group_user")
        internal.partner_id.parent_id = self.dealer_a
        with self.assertRaises(AccessError):
            self._set(internal, number="+33611223344")
        # A user the manufacturer archived is not the admin's to change.
        self.user_a_desk2.active = False
        with self.assertRaises(AccessError):
            self._set(self.user_a_desk2, number="+33611223344")
        # One its own company archived is.
        self.user_a_desk2.active = True
        self.dealer_a.with_user(self.user_a_admin)._dealer_update_user(self.user_a_desk2.id, active=False)
        self._set(self.user_a_desk2, number="+33611223344")
        self.assertEqual(self.user_a_desk2.dealer_whatsapp_e164, "+33611223344")

    def test_numbers_are_normalised_and_unique(self):
        with self.assertRaises(UserError):
            self._set(self.user_a_desk2, number="not a number")
        self._set(self.user_a_desk2, number="0033 6 11 22 33 44")
        self.assertEqual(self.user_a_desk2.dealer_whatsapp_e164, "+33611223344")
        # Saving the same user again with its own number is fine.
        self._set(self.user_a_desk2, number="+33611223344")
        with self.assertRaises(UserError):
            self._set(self.user_a_desk, number="06 11 22 33 44")
        # Another company's user, archived, still holds its number.
        self.user_b_desk.write({"dealer_whatsapp_number": "+32470123456", "active": False})
        with self.assertRaises(UserError):
            self._set(self.user_a_desk, number="+32 470 12 34 56")
