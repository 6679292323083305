"""F5 follow-up: a dealer's warehouse user, who sees no price anywhere, gets
no price by email either. Every chatter email of an order carries its total
(in the layout's header; and tracked amounts, the quotation and
confirmation emails, the PDF), so they reach the order desk, not the
warehouse; invoices likewise."""

import json

from odoo import Command
from odoo.tests import tagged
from odoo.tools import format_amount, mute_logger

from .common import DealerPortalCommon
from .common_selfservice import DealerPortalSelfServiceHttpCommon
from .test_role_boundaries import RpcMixin
from .test_storefront_http import StorefrontHttpMixin


@tagged("post_install", "-at_install")
class TestNotificationPrices(DealerPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.user_a_desk.partner_id.id,
                "order_line": [
                    Command.create({"product_id": cls.p_drill.id, "product_uom_qty": 3, "price_unit": 123.45})
                ],
            }
        )
        cls.followers = cls.user_a_desk.partner_id | cls.user_a_ware.partner_id | cls.user_a_admin.partner_id
        cls.order.message_subscribe(
            partner_ids=cls.followers.ids,
            subtype_ids=(cls.env.ref("mail.mt_comment") | cls.env.ref("sale.mt_order_sent")).ids,
        )

    def setUp(self):
        super().setUp()
        # A record created in this transaction is not tracked until the
        # transaction's tracking is finalised, as at a commit.
        self._flush_tracking()

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    def _mails(self, message, partner):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "=", message.id), ("recipient_ids", "in", partner.ids)])
        )

    def test_tracked_total_reaches_the_order_desk_not_the_warehouse(self):
        # Lines and state change together: the total and the state are tracked.
        self.order.write(
            {
                "state": "sent",
                "order_line": [Command.create({"product_id": self.p_saw.id, "product_uom_qty": 1, "price_unit": 1000})],
            }
        )
        self._flush_tracking()
        message = self.order.message_ids.filtered(
            lambda m: "amount_total" in m.sudo().tracking_value_ids.field_id.mapped("name")
        )
        self.assertEqual(len(message), 1)
        desk_mail = self._mails(message, self.user_a_desk.partner_id)
        self.assertTrue(desk_mail, "the order desk is told")
        self.assertIn(str(self.order.amount_total), desk_mail.body_html)
        self.assertTrue(self._mails(message, self.user_a_admin.partner_id), "the administrator too")
        self.assertFalse(self._mails(message, self.user_a_ware.partner_id), "the warehouse gets no total")
        self.assertNotIn(
            self.user_a_ware.partner_id, message.notification_ids.res_partner_id, "nor any notification of it"
        )

    def test_a_tracked_change_without_price_is_not_mailed_to_the_warehouse(self):
        # Sale's email layout shows the order's total in its header, whatever
        # the message: no email of an order reaches the warehouse.
        self.order.write({"state": "sent"})
        self._flush_tracking()
        message = self.order.message_ids.filtered(lambda m: m.sudo().tracking_value_ids)[:1]
        self.assertIn("state", message.sudo().tracking_value_ids.field_id.mapped("name"))
        self.assertNotIn("amount_total", message.sudo().tracking_value_ids.field_id.mapped("name"))
        desk_mail = self._mails(message, self.user_a_desk.partner_id)
        self.assertIn(format_amount(self.env, self.order.amount_total, self.order.currency_id), desk_mail.body_html)
        self.assertFalse(self._mails(message, self.user_a_ware.partner_id))

    def test_quotation_email_with_its_total_reaches_the_order_desk_only(self):
        template = self.env.ref("sale.email_template_edi_sale")
        message = self.order.with_context(mail_notify_force_send=False).message_post_with_source(
            template, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        desk_mail = self._mails(message, self.user_a_desk.partner_id)
        self.assertTrue(desk_mail)
        self.assertIn(format_amount(self.env, self.order.amount_total, self.order.currency_id), desk_mail.body_html)
        self.assertFalse(self._mails(message, self.user_a_ware.partner_id))

    def test_a_comment_is_not_mailed_to_the_warehouse_an_invoice_never(self):
        message = self.order.message_post(
            body="Your order totals 370.35.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(self._mails(message, self.user_a_desk.partner_id))
        self.assertFalse(self._mails(message, self.user_a_ware.partner_id))
        # A retail portal customer (no dealer) keeps the native notifications.
        self.order.message_subscribe(partner_ids=self.user_retail.partner_id.ids)
        message = self.order.message_post(body="Again 370.35.", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertTrue(self._mails(message, self.user_retail.partner_id))
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.dealer_a.id,
                "invoice_line_ids": [Command.create({"name": "Drill", "quantity": 1, "price_unit": 370.35})],
            }
        )
        invoice.message_subscribe(partner_ids=self.followers.ids)
        message = invoice.message_post(body="Invoice", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertTrue(self._mails(message, self.user_a_admin.partner_id))
        self.assertFalse(self._mails(message, self.user_a_ware.partner_id))


@tagged("post_install", "-at_install")
class TestChatterPrices(RpcMixin, StorefrontHttpMixin, DealerPortalSelfServiceHttpCommon):
    """The emails of an order stay in its chatter: the warehouse does not
    read them there either, in the portal chatter or over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls.a_order
        # As sale sends the quotation: its template, the document layout, the PDF.
        cls.quote_message = order.with_context(mail_notify_force_send=False).message_post_with_source(
            cls.env.ref("sale.email_template_edi_sale"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_layout_with_responsible_signature",
        )
        cls.comment = order.message_post(
            body="Your pallet leaves on Monday.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        cls.amount = format_amount(cls.env, order.amount_total, order.currency_id)

    def _thread(self, user):
        self._login(user)
        return json.dumps(
            self._json("/mail/thread/messages", {"thread_model": "sale.order", "thread_id": self.a_order.id}),
            ensure_ascii=False,
        )

    def test_the_warehouse_reads_no_order_email_in_the_chatter(self):
        self.assertIn("amounting in", self.quote_message.body)
        desk = self._thread(self.user_a_desk)
        self.assertIn("amounting in", desk)
        self.assertIn("Your pallet leaves on Monday.", desk)
        ware = self._thread(self.user_a_ware)
        self.assertNotIn("amounting in", ware)
        self.assertNotIn(self.amount, ware)
        self.assertIn("Your pallet leaves on Monday.", ware, "comments stay")

    def test_the_warehouse_reads_no_order_email_over_rpc(self):
        self._login(self.user_a_ware)
        found = self._call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "sale.order"), ("res_id", "=", self.a_order.id)]],
            {"fields": ["body"]},
        )
        self.assertNotIn(self.quote_message.id, [m["id"] for m in found])
        self.assertIn(self.comment.id, [m["id"] for m in found])
        with mute_logger("odoo.http"):
            self._assert_rpc_refused("mail.message", "read", [[self.quote_message.id], ["body"]])
        self._login(self.user_a_desk)
        self.assertIn(
            "amounting in", self._call_kw("mail.message", "read", [[self.quote_message.id], ["body"]])[0]["body"]
        )
