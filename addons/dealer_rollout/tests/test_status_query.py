from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools.safe_eval import safe_eval

from odoo.addons.dealer_order_intake.tests.intake_common import WEBHOOK, WHATSAPP_SECRET, IntakeTestMixin
from odoo.addons.dealer_portal.tests.common import DealerPortalCommon, DealerPortalHttpCommon

from ..models.dealer_status_query import DEFAULT_CALL_MINUTES


class StatusQueryFixture(IntakeTestMixin):
    """Dealer A's confirmed order, handled by the salesman; the users'
    order emails and WhatsApp numbers set for the intake."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Query = cls.env["dealer.status.query"]
        cls.user_salesman.write({"company_ids": [(4, cls.company.id)], "company_id": cls.company.id})
        cls.dealer_a.user_id = cls.user_salesman
        for user in (cls.user_a_desk, cls.user_b_desk):
            user.dealer_order_email = user.email
        cls.user_a_desk.dealer_whatsapp_number = "+33 6 12 34 56 78"
        cls.a_order = cls._dealer_cart(cls.user_a_desk, [(cls.p_drill, 1)], client_order_ref="NW-2291")
        assert cls.a_order.with_user(cls.user_a_desk).sudo().action_dealer_submit(channel="portal")["outcome"] == (
            "confirmed"
        )
        cls.a_order.user_id = cls.user_salesman
        cls.b_order = cls._dealer_cart(cls.user_b_desk, [(cls.p_drill, 1)], client_order_ref="BETA-7788")
        assert cls.b_order.with_user(cls.user_b_desk).sudo().action_dealer_submit(channel="portal")["outcome"] == (
            "confirmed"
        )


@tagged("post_install", "-at_install")
class TestStatusQueryLog(StatusQueryFixture, DealerPortalCommon):
    """The back office logs a dealer's status call in one click; the intake
    logs the email and WhatsApp questions it answered or handed on."""

    def _logged(self):
        return self.Query.search([], order="id desc", limit=1)

    def test_one_click_from_the_order(self):
        order = self.a_order.with_user(self.user_salesman)
        action = order.action_dealer_log_status_call()
        self.assertEqual(action["tag"], "display_notification")
        query = self._logged()
        self.assertEqual(
            (query.partner_id, query.order_id, query.channel, query.minutes, query.user_id, query.answered),
            (self.dealer_a, self.a_order, "phone", DEFAULT_CALL_MINUTES, self.user_salesman, "person"),
        )
        self.assertEqual(query.company_id, self.a_order.company_id)
        self.assertEqual(order.dealer_status_query_count, 1)

    def test_one_click_from_a_contact_of_the_dealer(self):
        contact = self.user_a_desk.partner_id.with_user(self.user_salesman)
        self.assertTrue(contact.dealer_is_dealer_contact)
        self.env["ir.config_parameter"].sudo().set_param("dealer_rollout.status_call_minutes", "5")
        contact.action_dealer_log_status_call()
        query = self._logged()
        self.assertEqual(
            (query.partner_id, query.order_id, query.channel, query.minutes, query.user_id),
            (self.dealer_a, self.env["sale.order"], "phone", 5.0, self.user_salesman),
        )
        self.assertEqual(self.dealer_a.with_user(self.user_salesman).dealer_status_query_count, 1)
        self.assertFalse(self.retail_partner.with_user(self.user_salesman).dealer_is_dealer_contact)

    def test_quick_form_with_minutes_and_note(self):
        action = self.a_order.with_user(self.user_salesman).action_dealer_log_status_call_form()
        self.assertEqual(action["target"], "new")
        Query = self.Query.with_user(self.user_salesman).with_context(**action["context"])
        with Form(Query, view="dealer_rollout.dealer_status_query_view_form_log") as form:
            self.assertEqual((form.partner_id, form.order_id), (self.dealer_a, self.a_order))
            form.channel = "email"
            form.minutes = 12
            form.note = "Asked for the delivery date"
        query = form.save()
        self.assertEqual(
            (query.partner_id, query.order_id, query.channel, query.minutes, query.user_id, query.note),
            (self.dealer_a, self.a_order, "email", 12.0, self.user_salesman, "Asked for the delivery date"),
        )

    def test_log_menu_form_picks_the_dealer_from_the_order(self):
        Query = self.Query.with_user(self.user_salesman)
        with Form(Query, view="dealer_rollout.dealer_status_query_view_form_log") as form:
            form.order_id = self.a_order
            self.assertEqual(form.partner_id, self.dealer_a)
        self.assertEqual(form.save().user_id, self.user_salesman)

    def test_new_order_and_contact_forms_open(self):
        """The counters are computed on records being created too."""
        with Form(self.env["sale.order"].with_user(self.user_salesman)) as order:
            order.partner_id = self.dealer_a
            self.assertEqual(order.dealer_status_query_count, 0)
        with Form(self.env["res.partner"].with_user(self.user_salesman)) as contact:
            contact.name = "New clerk"
            contact.parent_id = self.dealer_a
            self.assertEqual(contact.dealer_status_query_count, 0)

    def test_order_of_another_dealer_is_refused(self):
        with self.assertRaises(ValidationError):
            self.Query.create({"partner_id": self.dealer_b.id, "order_id": self.a_order.id})
        # A contact is stored as its dealer company.
        query = self.Query.create({"partner_id": self.user_a_desk.partner_id.id, "order_id": self.a_order.id})
        self.assertEqual(query.partner_id, self.dealer_a)

    def test_emailed_question_is_logged_as_answered_automatically(self):
        self._process_email(self._raw_email(self.user_a_desk.email, "Where is PO NW-2291?", subject="Hi"))
        query = self._logged()
        self.assertEqual(
            (query.partner_id, query.order_id, query.channel, query.answered, query.user_id, query.minutes),
            (self.dealer_a, self.a_order, "email", "auto", self.env["res.users"], 0.0),
        )
        self.assertIn("NW-2291", query.note)

    def test_question_naming_no_order_is_logged_pending_and_answered_later(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "Any news on my order?", subject="Hi"))
        query = self._logged()
        self.assertEqual(
            (query.partner_id, query.order_id, query.answered), (self.dealer_a, self.a_order.browse(), "pending")
        )
        self.assertEqual(intake.activity_ids.user_id, self.user_salesman, "a person is asked to answer")
        query.with_user(self.user_salesman).action_dealer_mark_answered()
        self.assertEqual((query.answered, query.user_id), ("person", self.user_salesman))

    def test_another_dealers_order_number_is_logged_pending_without_the_order(self):
        self._process_email(self._raw_email(self.user_a_desk.email, f"status of {self.b_order.name}", subject="Hi"))
        query = self._logged()
        self.assertEqual(
            (query.partner_id, query.order_id, query.answered), (self.dealer_a, self.a_order.browse(), "pending")
        )

    def test_order_email_is_no_status_query(self):
        count = self.Query.search_count([])
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        self.assertEqual(intake.state, "awaiting")
        self.assertTrue(intake.order_id)
        self.assertEqual(self.Query.search_count([]), count)

    def test_still_phoning_lists_the_dealers_who_phoned_in_the_last_30_days(self):
        now = fields.Datetime.now()
        self.Query.create(
            [
                {"partner_id": self.dealer_a.id, "channel": "phone", "date": now - timedelta(days=5), "minutes": 4},
                {"partner_id": self.dealer_a.id, "channel": "phone", "date": now - timedelta(days=1), "minutes": 6},
                {"partner_id": self.dealer_b.id, "channel": "phone", "date": now - timedelta(days=40)},
                {"partner_id": self.dealer_b.id, "channel": "email", "date": now - timedelta(days=2)},
            ]
        )
        arch = etree.fromstring(self.env.ref("dealer_rollout.dealer_status_query_view_search").arch)
        domain = safe_eval(
            arch.xpath("//filter[@name='still_phoning']")[0].get("domain"),
            {"context_today": lambda: datetime.now().date(), "relativedelta": relativedelta},
        )
        groups = self.Query.with_user(self.user_salesman)._read_group(
            domain, ["partner_id"], ["__count", "minutes:sum"]
        )
        self.assertEqual(groups, [(self.dealer_a, 2, 10.0)])

    def test_salesman_of_another_company_sees_nothing(self):
        self.a_order.with_user(self.user_salesman).action_dealer_log_status_call()
        other = self.env["res.company"].create({"name": "DC Other Maker"})
        outsider = new_test_user(
            self.env,
            login="dc_outsider",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.Query.with_user(outsider).search([]))

    def test_portal_users_have_no_access(self):
        for op in ("read", "create"):
            with self.assertRaises(AccessError):
                self.Query.with_user(self.user_a_desk).check_access(op)


@tagged("post_install", "-at_install")
class TestStatusQueryHttp(StatusQueryFixture, DealerPortalHttpCommon):
    """Dealers never read nor write the log over RPC, with any ids; a
    WhatsApp question is logged like an email one."""

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_portal_user_cannot_read_or_write_status_queries_over_rpc(self):
        own = self.Query.create({"partner_id": self.dealer_a.id, "order_id": self.a_order.id, "note": "A's call"})
        other = self.Query.create({"partner_id": self.dealer_b.id, "order_id": self.b_order.id, "note": "B's call"})
        count = self.Query.search_count([])
        self.authenticate("dc_a_desk", "dc_a_desk")
        for model, method, args, kwargs in (
            ("dealer.status.query", "search_read", [[]], {"fields": ["note", "partner_id"]}),
            ("dealer.status.query", "read", [other.ids + own.ids, ["note"]], {}),
            ("dealer.status.query", "create", [{"partner_id": self.dealer_b.id, "order_id": self.b_order.id}], {}),
            ("dealer.status.query", "create", [{"partner_id": self.dealer_a.id}], {}),
            ("dealer.status.query", "write", [other.ids, {"answered": "auto"}], {}),
            ("dealer.status.query", "read_group", [[], ["minutes:sum"], ["partner_id"]], {}),
            ("sale.order", "action_dealer_log_status_call", [self.a_order.ids], {}),
            ("sale.order", "action_dealer_log_status_call", [self.b_order.ids], {}),
            ("res.partner", "action_dealer_log_status_call", [self.dealer_b.ids], {}),
        ):
            with self.assertRaises(JsonRpcException, msg=f"{model}.{method}"):
                self._call_kw(model, method, args, kwargs)
        self.assertEqual(self.Query.search_count([]), count, "nothing was written")
        self.assertEqual(other.answered, "person")

    def test_whatsapp_question_is_logged_as_answered_automatically(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_app_secret", WHATSAPP_SECRET)
        body = self._whatsapp_payload("33612345678", f"where is {self.a_order.name}?", "wamid.status.log.1")
        res = self.url_open(
            WEBHOOK,
            data=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": self._whatsapp_signature(body)},
        )
        self.assertEqual(res.json(), {"accepted": 1})
        query = self.Query.search([("channel", "=", "whatsapp"), ("partner_id", "=", self.dealer_a.id)])
        self.assertEqual(
            (query.partner_id, query.order_id, query.answered, query.user_id),
            (self.dealer_a, self.a_order, "auto", self.env["res.users"]),
        )
