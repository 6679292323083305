import math

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_compare
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.dealer_portal.tools.price_access import check_price_field_access, price_safe_fetch_records

DISPUTE_PRICE_FIELDS = ("charged_price", "expected_price", "disputed_amount", "credited_amount")
# What a dealer may attach to a dispute: a scan or a photo of the agreed price.
DISPUTE_ATTACHMENT_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
DISPUTE_REASON_MAX_CHARS = 4000
# What the dealer raised and how it was resolved: written by the raise and
# resolve flows only, never directly (salespeople may write the answer).
DISPUTE_FLOW_FIELDS = {
    "name",
    "partner_id",
    "user_id",
    "company_id",
    "order_id",
    "order_line_id",
    "move_id",
    "move_line_id",
    "product_id",
    "currency_id",
    "quantity",
    "charged_price",
    "expected_price",
    "reason",
    "attachment_id",
    "state",
    "resolved_date",
    "resolved_by_id",
    "correction_note",
    "credit_move_id",
}


class DealerPriceDispute(models.Model):
    _name = "dealer.price.dispute"
    _description = "Dealer Price Dispute"
    # The brand mixin first: its mail hooks wrap mail.thread's.
    _inherit = ["dealer.brand.mixin", "mail.thread", "portal.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    # Dealers who read a dispute may add to its conversation on the portal.
    _mail_post_access = "read"

    # Largest attachment a dealer may upload with a dispute, in bytes.
    _dealer_attachment_max_bytes = 5 * 1024 * 1024

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, readonly=True, index=True, help="The commercial dealer."
    )
    user_id = fields.Many2one("res.users", string="Raised By", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    order_id = fields.Many2one("sale.order", string="Order", readonly=True, index=True, check_company=True)
    order_line_id = fields.Many2one("sale.order.line", string="Order Line", readonly=True, index="btree_not_null")
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True, index=True, check_company=True)
    move_line_id = fields.Many2one("account.move.line", string="Invoice Line", readonly=True, index="btree_not_null")
    product_id = fields.Many2one("product.product", readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    charged_price = fields.Float(
        digits="Product Price", readonly=True, help="Unit price charged, net of the line's discount."
    )
    expected_price = fields.Float(digits="Product Price", readonly=True, help="Unit price the dealer expected.")
    disputed_amount = fields.Monetary(
        compute="_compute_disputed_amount",
        store=True,
        help="Quantity × (charged − expected), untaxed, in the document's currency.",
    )
    reason = fields.Text(required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", readonly=True, copy=False)
    state = fields.Selection(
        [("open", "Open"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        default="open",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    resolved_date = fields.Datetime(readonly=True, copy=False)
    resolved_by_id = fields.Many2one("res.users", string="Resolved By", readonly=True, copy=False)
    reject_reason = fields.Text(copy=False, help="Told to the dealer; required to reject.")
    correction_note = fields.Text(
        readonly=True,
        copy=False,
        help="Accepted before the line was invoiced: the order line's price was corrected instead of crediting.",
    )
    credit_move_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False, index="btree_not_null", check_company=True
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    credited_amount = fields.Monetary(
        currency_field="company_currency_id",
        compute="_compute_credited_amount",
        store=True,
        help="Untaxed total of the credit note, in the company's currency.",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("quantity", "charged_price", "expected_price")
    def _compute_disputed_amount(self):
        for dispute in self:
            dispute.disputed_amount = dispute.quantity * (dispute.charged_price - dispute.expected_price)

    @api.depends("credit_move_id.amount_untaxed_signed", "credit_move_id.state")
    def _compute_credited_amount(self):
        for dispute in self:
            credit = dispute.credit_move_id
            dispute.credited_amount = abs(credit.amount_untaxed_signed) if credit and credit.state != "cancel" else 0.0

    def _compute_access_url(self):
        for dispute in self:
            dispute.access_url = f"/my/dealer/disputes/{dispute.id}"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def init(self):
        # One open dispute per line, even for two submissions racing each other.
        for column in ("move_line_id", "order_line_id"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) WHERE state = 'open' AND %s IS NOT NULL",
                    SQL.identifier(f"{self._table}_open_{column}_uniq"),
                    SQL.identifier(self._table),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dealer.price.dispute"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and DISPUTE_FLOW_FIELDS.intersection(vals):
            raise AccessError(
                self.env._(
                    "A dispute's figures and status change only by raising, accepting or rejecting it (%(fields)s).",
                    fields=", ".join(sorted(DISPUTE_FLOW_FIELDS.intersection(vals))),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Hooks: a dealer role that sees no prices reads none
    # ------------------------------------------------------------------
    def check_field_access_rights(self, operation, field_names):
        allowed = super().check_field_access_rights(operation, field_names)
        return check_price_field_access(self, operation, field_names, allowed, DISPUTE_PRICE_FIELDS)

    def _fetch_field(self, field):
        records = price_safe_fetch_records(self, field, DISPUTE_PRICE_FIELDS)
        return super(DealerPriceDispute, records)._fetch_field(field)

    def _dealer_notification_shows_prices(self, message, msg_vals):
        """Every message of a dispute may name prices: dealer roles that see
        none are not notified (see dealer_portal's mail.thread)."""
        return True

    # ------------------------------------------------------------------
    # Actions (back office)
    # ------------------------------------------------------------------
    def action_accept(self):
        """Accept: credit the difference with a native credit note (or
        correct the price of a line not invoiced yet) and tell the dealer."""
        self._dealer_check_resolver()
        for dispute in self:
            dispute._dealer_accept()
        return True

    def action_reject(self):
        """Reject with the reason filled on the dispute and tell the dealer."""
        self._dealer_check_resolver()
        for dispute in self:
            dispute._dealer_reject(dispute.reject_reason)
        return True

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_move_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business: raising (portal)
    # ------------------------------------------------------------------
    @api.model
    def _dealer_raise(self, line, values):
        """Raise a dispute as the current user on ``line`` (an
        ``account.move.line`` of a posted customer invoice or a
        ``sale.order.line`` of a confirmed order). ``values``: ``expected_price``
        (number or text), ``reason``, optional ``attachment`` {name, content
        (bytes)}. Nothing from ``line`` or ``values`` is trusted: the line is
        searched again as the user and checked against the user's dealer.
        Returns the dispute (as the user); raises a UserError, ValidationError,
        AccessError or MissingError a dealer can read, with nothing written."""
        user = self.env.user
        dealer = self._dealer_check_may_raise(user, line)
        line_sudo = self._dealer_owned_line_sudo(line, user, dealer)
        vals = self._prepare_dealer_dispute_values(line_sudo, user, dealer, values)
        self._dealer_check_no_open_dispute(vals)
        attachment = self._dealer_check_attachment(values.get("attachment"))
        # Dealers only read disputes (no create ACL): created here, after the checks above.
        dispute_sudo = self.sudo().create(vals)
        if attachment:
            dispute_sudo.attachment_id = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": attachment["name"],
                        "raw": attachment["content"],
                        "res_model": self._name,
                        "res_id": dispute_sudo.id,
                        "mimetype": attachment["mimetype"],
                    }
                )
            )
        dispute_sudo.message_subscribe(partner_ids=user.partner_id.ids)
        dispute_sudo.message_post(
            body=self.env._(
                "Dispute raised on %(document)s, %(product)s: charged %(charged)s, expected %(expected)s.",
                document=(dispute_sudo.move_id or dispute_sudo.order_id).display_name,
                product=dispute_sudo.product_id.display_name,
                charged=dispute_sudo.charged_price,
                expected=dispute_sudo.expected_price,
            ),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return self.browse(dispute_sudo.id)

    @api.model
    def _dealer_check_may_raise(self, user, line):
        """The dealer company ``user`` raises for, or raise: only dealer portal
        users whose roles see prices, and for an invoice line only those who
        may open invoices."""
        dealer = user._dealer_commercial_partner()
        if not dealer:
            raise AccessError(self.env._("Only a dealer's portal users raise price disputes."))
        if not user._dealer_sees_prices():
            raise AccessError(
                self.env._(
                    "Your user account does not see prices, so it cannot dispute one. "
                    "Ask your company's portal administrator."
                )
            )
        if line._name == "account.move.line" and "invoice" not in user._dealer_document_types():
            raise AccessError(self.env._("Your user account may not open invoices."))
        return dealer

    @api.model
    def _dealer_owned_line_sudo(self, line, user, dealer):
        """``line`` read again as ``user`` (record rules apply) and checked to
        belong to ``dealer``; sudo'ed for reading. MissingError otherwise,
        the same for a line that does not exist and one of another dealer."""
        not_found = MissingError(self.env._("This line does not exist or is not yours."))
        if line._name not in ("account.move.line", "sale.order.line") or len(line) != 1:
            raise not_found
        line_as_user = self.env[line._name].with_user(user).search([("id", "=", line.id)])
        line_sudo = line_as_user.sudo()
        if line._name == "account.move.line":
            move = line_sudo.move_id
            if (
                not line_sudo
                or move.commercial_partner_id != dealer
                or move.move_type != "out_invoice"
                or move.state != "posted"
                or line_sudo.display_type != "product"
                or not line_sudo.product_id
            ):
                raise not_found
        else:
            if (
                not line_sudo
                or line_sudo.order_id.partner_id.commercial_partner_id != dealer
                or line_sudo.order_id.state != "sale"
                or line_sudo.display_type
                or not line_sudo.product_id
            ):
                raise not_found
        return line_sudo

    @api.model
    def _dealer_invoice_lines(self, order_line_sudo):
        """Lines of posted customer invoices that bill ``order_line_sudo``, latest first."""
        return order_line_sudo.invoice_lines.filtered(
            lambda aml: aml.parent_state == "posted" and aml.move_id.move_type == "out_invoice"
        ).sorted(lambda aml: (aml.move_id.invoice_date or fields.Date.today(), aml.id), reverse=True)

    @api.model
    def _prepare_dealer_dispute_values(self, line_sudo, user, dealer, values):
        """Values of the dispute raised on ``line_sudo``. An invoiced order
        line is disputed on its latest invoice line: that is what was charged."""
        if line_sudo._name == "sale.order.line":
            order_line = line_sudo
            invoice_line = self._dealer_invoice_lines(order_line)[:1]
        else:
            invoice_line = line_sudo
            order_line = line_sudo.sale_line_ids[:1]
        if invoice_line:
            charged = invoice_line.price_unit * (1.0 - (invoice_line.discount or 0.0) / 100.0)
            quantity = invoice_line.quantity
            currency = invoice_line.move_id.currency_id
            product = invoice_line.product_id
        else:
            charged = order_line.price_unit * (1.0 - (order_line.discount or 0.0) / 100.0)
            quantity = order_line.product_uom_qty
            currency = order_line.order_id.currency_id
            product = order_line.product_id
        if float_compare(quantity, 0.0, precision_digits=6) <= 0:
            raise UserError(self.env._("This line has no quantity to dispute."))
        expected = self._dealer_parse_price(values.get("expected_price"))
        if float_compare(expected, charged, precision_digits=currency.decimal_places) >= 0:
            raise ValidationError(
                self.env._(
                    "The expected price must be lower than the price charged (%(charged)s).",
                    charged=currency.round(charged),
                )
            )
        reason = (values.get("reason") or "").strip() if isinstance(values.get("reason"), str) else ""
        if not reason:
            raise ValidationError(self.env._("Say why you expected another price."))
        if len(reason) > DISPUTE_REASON_MAX_CHARS:
            raise ValidationError(
                self.env._("The reason is too long (at most %(max)s characters).", max=DISPUTE_REASON_MAX_CHARS)
            )
        company = (invoice_line or order_line).company_id
        return {
            "partner_id": dealer.id,
            "user_id": user.id,
            "company_id": company.id,
            "order_id": order_line.order_id.id,
            "order_line_id": order_line.id,
            "move_id": invoice_line.move_id.id,
            "move_line_id": invoice_line.id,
            "product_id": product.id,
            "currency_id": currency.id,
            "quantity": quantity,
            "charged_price": charged,
            "expected_price": expected,
            "reason": reason,
        }

    @api.model
    def _dealer_parse_price(self, value):
        """A positive, finite price from a form value (text or number)."""
        message = self.env._("Enter the price you expected as a positive number, for example 12.50.")
        if isinstance(value, bool) or value is None:
            raise ValidationError(message)
        try:
            price = float(value.strip().replace(",", ".")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            raise ValidationError(message) from None
        if not math.isfinite(price) or price <= 0:
            raise ValidationError(message)
        return price

    @api.model
    def _dealer_check_no_open_dispute(self, vals):
        same_line = [[(field, "=", vals[field])] for field in ("move_line_id", "order_line_id") if vals[field]]
        domain = expression.AND([[("state", "=", "open")], expression.OR(same_line)])
        # Another user of the same dealer may have raised it: looked for over the whole table.
        open_sudo = self.sudo().search(domain, limit=1)
        if open_sudo:
            raise UserError(
                self.env._(
                    "A dispute is already open on this line (%(name)s). You will be told when it is resolved.",
                    name=open_sudo.name,
                )
            )

    @api.model
    def _dealer_check_attachment(self, attachment):
        """``attachment`` ({name, content}) checked for size and type, with its
        mimetype added; None when no file was sent."""
        if not attachment or not attachment.get("content"):
            return None
        content = attachment["content"]
        if not isinstance(content, bytes):
            raise ValidationError(self.env._("The attachment could not be read."))
        if len(content) > self._dealer_attachment_max_bytes:
            raise ValidationError(
                self.env._(
                    "The attachment is too large (at most %(max)s MB).",
                    max=self._dealer_attachment_max_bytes // (1024 * 1024),
                )
            )
        mimetype = guess_mimetype(content)
        if mimetype not in DISPUTE_ATTACHMENT_TYPES:
            raise ValidationError(
                self.env._(
                    "Attach a %(types)s file.",
                    types=", ".join(DISPUTE_ATTACHMENT_TYPES.values()),
                )
            )
        name = (attachment.get("name") or "").strip()[:200] or self.env._("attachment")
        return {"name": name, "content": content, "mimetype": mimetype}

    @api.model
    def _dealer_disputable_lines(self, document_sudo, user):
        """For the portal page of ``document_sudo`` (a posted customer invoice
        or a confirmed order): the lines ``user`` may dispute, as a list of
        dicts {id, label, quantity, price, dispute (open one or None)}; empty
        when the user may not raise disputes or the document is not a dealer's.
        One query for the open disputes of the page."""
        try:
            dealer = self._dealer_check_may_raise(
                user, self.env["account.move.line" if document_sudo._name == "account.move" else "sale.order.line"]
            )
        except AccessError:
            return []
        if document_sudo._name == "account.move":
            if document_sudo.move_type != "out_invoice" or document_sudo.state != "posted":
                return []
            if document_sudo.commercial_partner_id != dealer:
                return []
            lines = document_sudo.invoice_line_ids.filtered(lambda l: l.display_type == "product" and l.product_id)
            field = "move_line_id"
        else:
            if document_sudo.state != "sale" or document_sudo.partner_id.commercial_partner_id != dealer:
                return []
            lines = document_sudo.order_line.filtered(lambda l: not l.display_type and l.product_id)
            field = "order_line_id"
        open_sudo = self.sudo().search([(field, "in", lines.ids), ("state", "=", "open")])
        open_by_line = {dispute[field].id: dispute for dispute in open_sudo}
        return [
            {
                "id": line.id,
                "label": line.product_id.display_name,
                "quantity": line.quantity if field == "move_line_id" else line.product_uom_qty,
                "price": line.price_unit * (1.0 - (line.discount or 0.0) / 100.0),
                "dispute": open_by_line.get(line.id),
            }
            for line in lines
        ]

    # ------------------------------------------------------------------
    # Business: resolving (back office)
    # ------------------------------------------------------------------
    def _dealer_check_resolver(self):
        """Only sales managers and billing users resolve disputes: accepting
        issues a credit note."""
        user = self.env.user
        if not (user.has_group("sales_team.group_sale_manager") or user.has_group("account.group_account_invoice")):
            raise AccessError(self.env._("Only sales managers and billing users resolve price disputes."))

    def _dealer_check_open(self):
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("Dispute %(name)s is already resolved.", name=self.name))

    def _dealer_accept(self):
        """Accept this open dispute. Invoiced (now, whatever it was when
        raised): a credit note for quantity × (charged − expected) on the
        invoice line. Not invoiced yet: the order line is corrected to the
        expected price, so the invoice to come bills it; nothing to credit."""
        self.ensure_one()
        self._dealer_check_open()
        self._dealer_check_resolver()
        vals = {"state": "accepted", "resolved_date": fields.Datetime.now(), "resolved_by_id": self.env.uid}
        invoice_line = self.move_line_id or self._dealer_invoice_lines(self.order_line_id.sudo())[:1]
        if invoice_line:
            credit_sudo = self._dealer_create_credit_note_sudo(invoice_line)
            vals.update(credit_move_id=credit_sudo.id, move_line_id=invoice_line.id, move_id=invoice_line.move_id.id)
        else:
            vals["correction_note"] = self._dealer_correct_order_line_sudo()
        # The resolution fields are closed to direct writes; the resolver was checked above.
        self.sudo().write(vals)
        self._dealer_notify_resolution()

    def _dealer_reject(self, reason):
        self.ensure_one()
        self._dealer_check_open()
        self._dealer_check_resolver()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the dealer the reason for rejecting %(name)s.", name=self.name))
        # The resolution fields are closed to direct writes; the resolver was checked above.
        self.sudo().write(
            {
                "state": "rejected",
                "reject_reason": reason,
                "resolved_date": fields.Datetime.now(),
                "resolved_by_id": self.env.uid,
            }
        )
        self._dealer_notify_resolution()

    def _prepare_dealer_credit_note_values(self, invoice_line):
        """Values of the credit note of this dispute on ``invoice_line``: one
        line of the product, the disputed quantity at the price difference,
        with the invoice line's account, taxes and analytics."""
        self.ensure_one()
        invoice = invoice_line.move_id
        difference = self.charged_price - self.expected_price
        return {
            "move_type": "out_refund",
            "partner_id": invoice.partner_id.id,
            "company_id": invoice.company_id.id,
            "journal_id": invoice.journal_id.id,
            "currency_id": invoice.currency_id.id,
            "fiscal_position_id": invoice.fiscal_position_id.id,
            "invoice_user_id": invoice.invoice_user_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": invoice.name,
            "reversed_entry_id": invoice.id,
            "ref": self.env._("Price dispute %(name)s on %(invoice)s", name=self.name, invoice=invoice.name),
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": invoice_line.product_id.id,
                        "name": self.env._(
                            "%(product)s: price difference (charged %(charged)s, agreed %(expected)s)",
                            product=invoice_line.product_id.display_name,
                            charged=self.charged_price,
                            expected=self.expected_price,
                        ),
                        "quantity": self.quantity,
                        "product_uom_id": invoice_line.product_uom_id.id,
                        "price_unit": difference,
                        "account_id": invoice_line.account_id.id,
                        "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
                        "analytic_distribution": invoice_line.analytic_distribution,
                    }
                )
            ],
        }

    def _dealer_create_credit_note_sudo(self, invoice_line):
        """Create (and post, per the company setting) the credit note.
        Sudo: sales managers resolve disputes without holding invoicing
        rights; ``_dealer_check_resolver`` has checked who asks."""
        self.ensure_one()
        credit_sudo = self.env["account.move"].sudo().create(self._prepare_dealer_credit_note_values(invoice_line))
        credit_sudo.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": credit_sudo, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
        if self.company_id.dealer_dispute_post_credit_note:
            credit_sudo.action_post()
        return credit_sudo

    def _dealer_correct_order_line_sudo(self):
        """Set the not-yet-invoiced order line to the expected price; return
        the correction note. Sudo: billing users resolve disputes without
        holding sales rights; ``_dealer_check_resolver`` has checked who asks."""
        self.ensure_one()
        line_sudo = self.order_line_id.sudo()
        note = self.env._(
            "Order line %(product)s corrected before invoicing: unit price %(charged)s → %(expected)s "
            "(dispute %(name)s). No credit note: the invoice bills the corrected price.",
            product=line_sudo.product_id.display_name,
            charged=self.charged_price,
            expected=self.expected_price,
            name=self.name,
        )
        line_sudo.write({"price_unit": self.expected_price, "discount": 0.0})
        line_sudo.order_id.message_post(body=note, subtype_xmlid="mail.mt_note")
        return note

    def _dealer_notify_resolution(self):
        """Tell the dealer user who raised the dispute: one message on the
        dispute (shown on its portal page), emailed to its followers."""
        template = self.env.ref("dealer_rollout.mail_template_dealer_price_dispute_resolved", raise_if_not_found=False)
        for dispute in self:
            if template:
                dispute.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
            else:
                dispute.message_post(
                    body=self.env._("Your dispute %(name)s was resolved.", name=dispute.name),
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    # ------------------------------------------------------------------
    # Brand of the dispute's answers
    # ------------------------------------------------------------------

    def _dealer_brand_division(self):
        # The answer speaks for the order's division, else for the dealer's only one.
        dispute_sudo = self.sudo()
        return dispute_sudo.order_id.dealer_division_id or dispute_sudo.partner_id._dealer_brand_division()
