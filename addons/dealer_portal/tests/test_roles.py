from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, tagged

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin

ORDERING_PAGES = ("/my/catalog", "/shop", "/shop/cart", "/my/quick-order")


@tagged("post_install", "-at_install")
class TestRolesOnRoutes(StorefrontHttpMixin, DealerPortalHttpCommon):
    """Every storefront route as every role: enforced on the server."""

    def test_ordering_pages_per_role(self):
        allowed = {"desk": True, "admin": True, "ware": False, "fin": False}
        for role, may in allowed.items():
            user = getattr(self, f"user_a_{role}")
            self._login(user)
            for url in ORDERING_PAGES:
                res = self.url_open(url, allow_redirects=False)
                if may:
                    self.assertEqual(res.status_code, 200, f"{role} {url}")
                else:
                    self.assertEqual(res.status_code, 303, f"{role} {url}")
                    self.assertTrue(res.headers["Location"].endswith("/my"), f"{role} {url}")
            if not may:
                self.assertIn("order-desk role", self.url_open("/my").text, "the refusal is explained")

    def test_cart_and_json_endpoints_refused_without_order_desk(self):
        for role in ("ware", "fin"):
            user = getattr(self, f"user_a_{role}")
            self._login(user)
            with self.assertRaises(JsonRpcException, msg=role):
                self._add(self.p_drill, 1)
            with self.assertRaises(JsonRpcException, msg=role):
                self._json("/my/quick-order/search", {"term": "DC"})
            res = self._post("/my/quick-order/add", {"lines": "DC-DRILL 1"})
            self.assertTrue(res.headers["Location"].endswith("/my"))
            res = self._post("/shop/dealer/submit", {"submission_key": "0" * 32})
            self.assertTrue(res.headers["Location"].endswith("/my"))
            res = self._post("/shop/cart/update", {"product_id": self.p_drill.id, "add_qty": 1})
            self.assertTrue(res.headers["Location"].endswith("/my"))
            self.assertFalse(self.env["sale.order"].search([("partner_id", "=", user.partner_id.id)]).order_line)

    def test_model_level_submit_needs_order_desk(self):
        order = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1)])
        for role in ("ware", "fin"):
            user = getattr(self, f"user_a_{role}")
            with self.assertRaises(AccessError, msg=role):
                order.with_user(user).sudo()._dealer_portal_submit(submission_key=None)
            with self.assertRaises(AccessError, msg=role):
                order.with_user(user).sudo().action_dealer_submit(channel="portal")
        self.assertFalse(order.dealer_attempt_ids)
        # The desk user of the other dealer may not submit A's cart either.
        with self.assertRaises(AccessError):
            order.with_user(self.user_b_desk).sudo()._dealer_portal_submit()
        result = order.with_user(self.user_a_desk2).sudo()._dealer_portal_submit()
        self.assertEqual(result["outcome"], "confirmed", "any order desk user of the company may submit")

    def test_users_page_admin_only(self):
        for role in ("desk", "ware", "fin"):
            self._login(getattr(self, f"user_a_{role}"))
            res = self.url_open("/my/dealer/users", allow_redirects=False)
            self.assertEqual(res.status_code, 303, role)
            res = self._post(f"/my/dealer/users/{self.user_a_desk.id}/update", {"action": "deactivate"})
            self.assertTrue(res.headers["Location"].endswith("/my"))
        self.assertTrue(self.user_a_desk.active)
        self._login(self.user_a_admin)
        html = self.url_open("/my/dealer/users").text
        self.assertIn("dc_a_desk", html)
        self.assertIn("dc_a_ware", html)
        self.assertNotIn("dc_b_desk", html, "only its own company's users")


@tagged("post_install", "-at_install")
class TestDealerAdminManagesUsers(StorefrontHttpMixin, DealerPortalHttpCommon):
    def test_invite_set_roles_deactivate(self):
        self._login(self.user_a_admin)
        res = self._post(
            "/my/dealer/users/invite",
            {
                "name": "Nina New",
                "email": "nina.new@alpha.example.com",
                "roles": ["warehouse", "finance"],
            },
        )
        self.assertTrue(res.headers["Location"].endswith("/my/dealer/users"))
        user = self.env["res.users"].search([("login", "=", "nina.new@alpha.example.com")])
        self.assertTrue(user.share)
        self.assertEqual(user.partner_id.commercial_partner_id, self.dealer_a)
        self.assertEqual(user._dealer_roles(), {"warehouse", "finance"})
        # Change roles.
        self._post(f"/my/dealer/users/{user.id}/update", {"action": "roles", "roles": ["order_desk"]})
        user.invalidate_recordset()
        self.assertEqual(user._dealer_roles(), {"order_desk"})
        # Deactivate, reactivate.
        self._post(f"/my/dealer/users/{user.id}/update", {"action": "deactivate"})
        user.invalidate_recordset()
        self.assertFalse(user.active)
        self._post(f"/my/dealer/users/{user.id}/update", {"action": "activate"})
        user.invalidate_recordset()
        self.assertTrue(user.active)

    def test_bad_input_and_self_lockout(self):
        self._login(self.user_a_admin)
        for data in (
            {"name": "", "email": "x@example.com", "roles": ["order_desk"]},
            {"name": "X", "email": "not-an-email", "roles": ["order_desk"]},
            {"name": "X", "email": "x2@example.com"},
            {"name": "X", "email": "x3@example.com", "roles": ["superuser"]},
            {"name": "X", "email": self.user_b_desk.login, "roles": ["order_desk"]},
        ):
            self._post("/my/dealer/users/invite", data)
        self.assertFalse(
            self.env["res.users"].search_count(
                [("login", "in", ["x@example.com", "x2@example.com", "x3@example.com", "not-an-email"])]
            )
        )
        self._post(f"/my/dealer/users/{self.user_a_admin.id}/update", {"action": "deactivate"})
        self._post(f"/my/dealer/users/{self.user_a_admin.id}/update", {"action": "roles", "roles": ["finance"]})
        self.user_a_admin.invalidate_recordset()
        self.assertTrue(self.user_a_admin.active)
        self.assertIn("admin", self.user_a_admin._dealer_roles())
        self.assertIn("cannot deactivate yourself", self.url_open("/my/dealer/users").text)

    def test_admin_of_another_dealer_cannot_touch_users(self):
        self._login(self.user_b_admin)
        self._post(f"/my/dealer/users/{self.user_a_desk.id}/update", {"action": "deactivate"})
        self._post(f"/my/dealer/users/{self.user_a_ware.id}/update", {"action": "roles", "roles": ["admin"]})
        self.user_a_desk.invalidate_recordset()
        self.assertTrue(self.user_a_desk.active)
        self.assertEqual(self.user_a_ware._dealer_roles(), {"warehouse"})
        self.assertIn("does not belong to your company", self.url_open("/my/dealer/users").text)

    def test_backoffice_sets_roles_from_partner_form(self):
        contact = self.user_a_ware.partner_id
        self.assertEqual(contact.dealer_portal_user_id, self.user_a_ware)
        finance = self.env.ref("dealer_portal.dealer_portal_group_finance")
        desk = self.env.ref("dealer_portal.dealer_portal_group_order_desk")
        contact.dealer_role_group_ids = finance | desk
        self.assertEqual(self.user_a_ware._dealer_roles(), {"finance", "order_desk"})
        contact.invalidate_recordset()
        self.assertEqual(contact.dealer_role_group_ids, finance | desk)
