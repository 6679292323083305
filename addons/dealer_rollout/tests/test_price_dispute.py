import base64

import psycopg2

from odoo import Command, fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import file_open, mute_logger

from .common_dispute import DisputeCommon

PDF_HEADER = b"%PDF-1.4\n"


@tagged("post_install", "-at_install")
class TestPriceDisputeRaise(DisputeCommon):
    """A dealer raises a price dispute on its own invoice or order line,
    from a role that sees prices, once per line, with checked input."""

    def test_raise_on_invoice_line(self):
        dispute = self._raise(self.user_a_fin, self.a_line)
        self.assertEqual(dispute.env.user, self.user_a_fin, "returned as the user")
        dispute = dispute.sudo()
        self.assertRegex(dispute.name, r"^DSP/\d{4}/\d{4}$")
        self.assertEqual(dispute.partner_id, self.dealer_a)
        self.assertEqual(dispute.user_id, self.user_a_fin)
        self.assertEqual(dispute.company_id, self.company)
        self.assertEqual(dispute.move_id, self.a_invoice)
        self.assertEqual(dispute.move_line_id, self.a_line)
        self.assertEqual(dispute.order_id, self.a_order)
        self.assertEqual(dispute.order_line_id, self.a_order.order_line)
        self.assertEqual(dispute.product_id, self.p_drill)
        self.assertEqual((dispute.quantity, dispute.charged_price, dispute.expected_price), (5, 150.0, 140.0))
        self.assertEqual(dispute.disputed_amount, 50.0)
        self.assertEqual(dispute.state, "open")
        self.assertEqual(dispute.credited_amount, 0.0)
        self.assertIn(self.user_a_fin.partner_id, dispute.message_partner_ids, "the raiser follows it")
        self.assertEqual(dispute.access_url, f"/my/dealer/disputes/{dispute.id}")

    def test_raise_on_order_line_of_an_invoiced_order_disputes_the_invoice_line(self):
        dispute = self._raise(self.user_a_desk, self.a_order.order_line).sudo()
        self.assertEqual(dispute.move_line_id, self.a_line, "what was charged is the invoice line")
        self.assertEqual(dispute.order_line_id, self.a_order.order_line)

    def test_another_dealers_line_is_not_found(self):
        for user, line in (
            (self.user_b_fin, self.a_line),
            (self.user_b_desk, self.a_order.order_line),
            (self.user_a_fin, self.b_line),
        ):
            with self.assertRaises(MissingError, msg=f"{user.login} on {line}"):
                self._raise(user, line)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))

    def test_other_documents_and_ids_are_not_found(self):
        refund_line = self.a_refund.invoice_line_ids[:1]
        missing = self.env["account.move.line"].browse(10**9)
        for line in (refund_line, missing, self.env["res.partner"].browse(self.dealer_a.id)):
            with self.assertRaises(MissingError, msg=str(line)):
                self._raise(self.user_a_fin, line)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))

    def test_only_dealer_users_whose_roles_see_prices_raise(self):
        for user in (self.user_a_ware, self.user_retail, self.user_salesman, self.user_manager):
            with self.assertRaises(AccessError, msg=user.login):
                self._raise(user, self.a_line)
        self.company.dealer_order_desk_documents = "none"
        with self.assertRaises(AccessError, msg="the order desk may not open invoices here"):
            self._raise(self.user_a_desk, self.a_line)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))
        for user in (self.user_a_fin, self.user_a_admin):
            dispute = self._raise(user, self.a_line)
            dispute.sudo().state = "rejected"

    def test_one_open_dispute_per_line(self):
        first = self._raise(self.user_a_fin, self.a_line)
        for user, line in ((self.user_a_admin, self.a_line), (self.user_a_desk, self.a_order.order_line)):
            with self.assertRaisesRegex(UserError, "already open"):
                self._raise(user, line)
        self.assertEqual(self.Dispute.search_count(self.fixture_disputes), 1)
        first.sudo().with_user(self.user_manager).write({"reject_reason": "The list price applies."})
        first.sudo().with_user(self.user_manager).action_reject()
        self.assertTrue(self._raise(self.user_a_admin, self.a_line), "a resolved dispute frees the line")

    def test_lines_of_invoices_without_orders_are_disputed_one_by_one(self):
        other = self._manual_move(self.dealer_a, "out_invoice", 80.0, fields.Date.today())
        for invoice in (self.a_old_invoice, other):
            self.assertFalse(invoice.invoice_line_ids.sale_line_ids)
            dispute = self._raise(self.user_a_fin, invoice.invoice_line_ids, expected="10").sudo()
            self.assertEqual((dispute.move_id, dispute.order_line_id.id), (invoice, False))
        with self.assertRaisesRegex(UserError, "already open"):
            self._raise(self.user_a_fin, other.invoice_line_ids, expected="10")

    @mute_logger("odoo.sql_db")
    def test_the_database_keeps_one_open_dispute_per_line(self):
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            dispute.copy({"reason": "race"})

    def test_bad_expected_prices_are_refused(self):
        for value in (-5, "-5", 0, "0", "abc", "", None, "nan", "inf", True, [140], "1e400"):
            with self.assertRaisesRegex(ValidationError, "positive number", msg=repr(value)):
                self._raise(self.user_a_fin, self.a_line, expected=value)
        for value in (150, "150.00", 200, "1e6"):
            with self.assertRaisesRegex(ValidationError, "lower than the price charged", msg=repr(value)):
                self._raise(self.user_a_fin, self.a_line, expected=value)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))
        self.assertEqual(self._raise(self.user_a_fin, self.a_line, expected="139,50").sudo().expected_price, 139.5)

    def test_a_reason_is_required(self):
        for reason in ("", "   ", None, ["x"], "x" * 4001):
            with self.assertRaises(ValidationError, msg=repr(reason)[:20]):
                self._raise(self.user_a_fin, self.a_line, reason=reason)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))

    def test_attachment_is_size_capped_and_type_checked(self):
        cap = self.Dispute._dealer_attachment_max_bytes
        huge = {"name": "big.pdf", "content": PDF_HEADER + b"0" * cap}
        with self.assertRaisesRegex(ValidationError, "too large"):
            self._raise(self.user_a_fin, self.a_line, attachment=huge)
        for bad in ({"name": "x.pdf", "content": b"#!/bin/sh\nrm -rf /\n"}, {"name": "x.pdf", "content": "text"}):
            with self.assertRaises(ValidationError):
                self._raise(self.user_a_fin, self.a_line, attachment=bad)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))
        self.assertFalse(self.env["ir.attachment"].search_count([("res_model", "=", "dealer.price.dispute")]))
        with file_open("web/static/img/logo.png", "rb") as f:
            png = f.read()
        dispute = self._raise(self.user_a_fin, self.a_line, attachment={"name": "agreement.png", "content": png})
        attachment = dispute.sudo().attachment_id
        self.assertEqual((attachment.mimetype, attachment.res_id, attachment.raw), ("image/png", dispute.id, png))

    def test_dealer_users_read_their_companys_disputes_only(self):
        dispute = self._raise(self.user_a_fin, self.a_line)
        self.assertEqual(self.Dispute.with_user(self.user_a_admin).search([]), dispute, "company-wide")
        self.assertFalse(self.Dispute.with_user(self.user_b_fin).search([]))
        with self.assertRaises(AccessError):
            self.Dispute.with_user(self.user_b_fin).browse(dispute.id).read(["name"])
        with self.assertRaises(AccessError, msg="warehouse reads no prices"):
            self.Dispute.with_user(self.user_a_ware).browse(dispute.id).read(["expected_price"])
        with self.assertRaises(AccessError, msg="dealers create through _dealer_raise only"):
            self.Dispute.with_user(self.user_b_fin).create(
                {
                    "partner_id": self.dealer_b.id,
                    "company_id": self.company.id,
                    "currency_id": self.currency.id,
                    "reason": "x",
                }
            )
        with self.assertRaises(AccessError):
            dispute.with_user(self.user_a_fin).write({"expected_price": 1.0})


@tagged("post_install", "-at_install")
class TestPriceDisputeResolve(DisputeCommon):
    """The back office accepts with a native credit note or rejects with a
    reason; the dealer user who raised the dispute is told either way."""

    def _messages_to(self, dispute, user):
        return dispute.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
            and user.partner_id in m.notification_ids.res_partner_id
        )

    def test_accept_creates_a_posted_credit_note_and_tells_the_dealer(self):
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        dispute.with_user(self.user_manager).action_accept()
        credit = dispute.credit_move_id
        self.assertEqual(dispute.state, "accepted")
        self.assertEqual(dispute.resolved_by_id, self.user_manager)
        self.assertTrue(dispute.resolved_date)
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.partner_id, self.a_invoice.partner_id)
        self.assertEqual(credit.commercial_partner_id, self.dealer_a)
        self.assertEqual(credit.reversed_entry_id, self.a_invoice)
        self.assertEqual(credit.amount_untaxed, 50.0, "5 × (150 − 140)")
        self.assertEqual(credit.invoice_line_ids.product_id, self.p_drill)
        self.assertEqual(credit.invoice_line_ids.account_id, self.a_line.account_id)
        self.assertEqual(dispute.credited_amount, 50.0)
        self.assertEqual(self.a_order.order_line.qty_invoiced, 5, "the order stays fully invoiced")
        messages = self._messages_to(dispute, self.user_a_fin)
        self.assertEqual(len(messages), 1)
        self.assertIn("accepted", messages.body)
        self.assertIn(credit.name, messages.body)
        self.assertTrue(
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", messages.id)]), "emailed to the raiser"
        )
        self.assertIn(
            credit, self.env["account.move"].with_user(self.user_a_fin).search([]), "the dealer reads the credit note"
        )
        with self.assertRaisesRegex(UserError, "already resolved"):
            dispute.with_user(self.user_manager).action_accept()

    def test_credit_note_left_in_draft_by_company_setting(self):
        self.company.dealer_dispute_post_credit_note = False
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        dispute.with_user(self.billing_user).action_accept()
        self.assertEqual(dispute.credit_move_id.state, "draft")
        self.assertEqual(dispute.credited_amount, 50.0)
        dispute.credit_move_id.button_cancel()
        self.assertEqual(dispute.credited_amount, 0.0, "a cancelled credit note credits nothing")

    def test_credit_in_company_currency(self):
        # Same figures in another currency: the credited amount is in the company's.
        self.assertEqual(self.a_invoice.currency_id, self.company.currency_id)
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        dispute.with_user(self.user_manager).action_accept()
        self.assertEqual(dispute.credited_amount, -dispute.credit_move_id.amount_untaxed_signed)

    def test_only_sales_managers_and_billing_users_resolve(self):
        dispute = self._raise(self.user_a_fin, self.a_line)
        for user in (self.user_salesman, self.user_a_fin):
            with self.assertRaises(AccessError, msg=user.login):
                dispute.with_user(user).action_accept()
            with self.assertRaises(AccessError, msg=user.login):
                dispute.with_user(user)._dealer_accept()
        for user in (self.user_salesman, self.user_manager):
            for vals in ({"state": "accepted"}, {"expected_price": 1.0}, {"credit_move_id": self.a_refund.id}):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    dispute.with_user(user).write(vals)
        dispute.with_user(self.user_salesman).reject_reason = "Drafted by the salesperson"
        self.assertEqual(dispute.sudo().state, "open")
        self.assertFalse(dispute.sudo().credit_move_id)

    def test_reject_needs_a_reason_and_tells_the_dealer(self):
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        with self.assertRaisesRegex(UserError, "reason"):
            dispute.with_user(self.user_manager).action_reject()
        dispute.reject_reason = "   "
        with self.assertRaisesRegex(UserError, "reason"):
            dispute.with_user(self.user_manager).action_reject()
        self.assertEqual(dispute.state, "open")
        dispute.with_user(self.user_manager).write({"reject_reason": "The list price applies to this order."})
        dispute.with_user(self.user_manager).action_reject()
        self.assertEqual(dispute.state, "rejected")
        self.assertFalse(dispute.credit_move_id)
        self.assertEqual(dispute.credited_amount, 0.0)
        self.assertTrue(dispute.resolved_date)
        messages = self._messages_to(dispute, self.user_a_fin)
        self.assertEqual(len(messages), 1)
        self.assertIn("The list price applies to this order.", messages.body)
        self.assertIn("rejected", messages.body)

    def test_the_answer_speaks_for_the_division_of_the_order(self):
        division = self.env["dealer.division"].create(
            {
                "name": "Dispute Brand Co",
                "code": "DISPBR",
                "company_id": self.company.id,
                "email_from": "Dispute Brand Co <billing@disputebrand.example.com>",
                "color_primary": "#0a6e3c",
            }
        )
        self.a_order.sudo().dealer_division_id = division
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        dispute.with_user(self.user_manager).write({"reject_reason": "The list price applies to this order."})
        dispute.with_user(self.user_manager).action_reject()
        message = self._messages_to(dispute, self.user_a_fin)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.email_from, "Dispute Brand Co <billing@disputebrand.example.com>")
        self.assertIn("o_dealer_brand_header", mail.body_html)
        self.assertIn("Dispute Brand Co", mail.body_html)
        self.assertIn("#0a6e3c", mail.body_html)

    def _confirmed_uninvoiced_order(self):
        order = self._dealer_cart(self.user_a_desk, [(self.p_drill, 4)])
        outcome = order.with_user(self.user_a_desk).sudo().action_dealer_submit(channel="portal")["outcome"]
        self.assertEqual(outcome, "confirmed")
        self.assertEqual(order.order_line.price_unit, 150.0)
        return order

    def test_accepting_before_invoicing_corrects_the_order_line(self):
        order = self._confirmed_uninvoiced_order()
        dispute = self._raise(self.user_a_desk, order.order_line).sudo()
        self.assertFalse(dispute.move_line_id)
        self.assertEqual(dispute.disputed_amount, 40.0)
        dispute.with_user(self.user_manager).action_accept()
        self.assertEqual(dispute.state, "accepted")
        self.assertFalse(dispute.credit_move_id)
        self.assertEqual(dispute.credited_amount, 0.0)
        self.assertIn("corrected before invoicing", dispute.correction_note)
        self.assertEqual(order.order_line.price_unit, 140.0)
        invoice = order._create_invoices()
        self.assertEqual(invoice.amount_untaxed, 560.0, "the invoice bills the corrected price")
        self.assertTrue(self._messages_to(dispute, self.user_a_desk))

    def test_invoiced_after_raising_is_credited(self):
        order = self._confirmed_uninvoiced_order()
        dispute = self._raise(self.user_a_desk, order.order_line).sudo()
        invoice = order._create_invoices()
        invoice.invoice_date = fields.Date.today()
        invoice.action_post()
        dispute.with_user(self.user_manager).action_accept()
        self.assertEqual(dispute.move_id, invoice)
        self.assertEqual(dispute.credit_move_id.reversed_entry_id, invoice)
        self.assertEqual(dispute.credited_amount, 40.0)
        self.assertEqual(order.order_line.price_unit, 150.0, "the invoiced line is credited, not changed")

    def test_credit_note_carries_the_invoice_line_taxes(self):
        # The credit note carries the invoice line's taxes.
        tax = self.env["account.tax"].create(
            {"name": "DSP 10%", "amount": 10, "amount_type": "percent", "company_id": self.company.id}
        )
        invoice = self._manual_move(self.dealer_a, "out_invoice", 100.0, fields.Date.today())
        invoice.button_draft()
        invoice.invoice_line_ids.write({"tax_ids": [Command.set(tax.ids)]})
        invoice.action_post()
        dispute = self._raise(self.user_a_fin, invoice.invoice_line_ids, expected="80").sudo()
        dispute.with_user(self.user_manager).action_accept()
        self.assertEqual(dispute.credit_move_id.amount_untaxed, 20.0)
        self.assertEqual(dispute.credit_move_id.amount_tax, 2.0)
        self.assertEqual(dispute.credited_amount, 20.0, "untaxed")

    def test_base64_attachment_is_not_decoded(self):
        with file_open("web/static/img/logo.png", "rb") as f:
            b64 = base64.b64encode(f.read())
        with self.assertRaises(ValidationError):
            self._raise(self.user_a_fin, self.a_line, attachment={"name": "x.png", "content": b64})
