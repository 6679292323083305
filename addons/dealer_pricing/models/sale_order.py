import json

from odoo import api, fields, models
from odoo.exceptions import UserError

# Issue severities of the order-check pipeline.
BLOCK = "block"
APPROVAL = "approval"
WARNING = "warning"
SEVERITIES = (BLOCK, APPROVAL, WARNING)

# Quantities above this are typing errors, not orders.
MAX_LINE_QTY = 1_000_000


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    dealer_channel = fields.Selection(
        [
            ("portal", "Dealer portal"),
            ("email", "Email"),
            ("whatsapp", "WhatsApp"),
            ("csv", "File upload"),
            ("backoffice", "Back office"),
        ],
        string="Order Channel",
        index=True,
        copy=False,
        tracking=True,
    )
    dealer_tier_id = fields.Many2one(
        "dealer.tier", related="partner_id.commercial_partner_id.dealer_tier_id", string="Dealer Tier"
    )
    is_dealer_order = fields.Boolean(compute="_compute_is_dealer_order", store=True)
    dealer_po_ref = fields.Char(
        "Dealer PO Reference",
        related="client_order_ref",
        readonly=False,
        help="The dealer's own purchase order number.",
    )
    dealer_submitted_at = fields.Datetime("Submitted On", copy=False, readonly=True, index=True)
    dealer_submitted_by = fields.Many2one("res.users", "Submitted By", copy=False, readonly=True)
    dealer_confirmed_at = fields.Datetime("Confirmed On", copy=False, readonly=True)
    dealer_submission_key = fields.Char(copy=False, readonly=True, index="btree_not_null")
    dealer_attempt_ids = fields.One2many("dealer.order.attempt", "order_id", string="Submission Attempts")
    dealer_attempt_count = fields.Integer(compute="_compute_dealer_attempt_count")
    dealer_has_nonstandard_price = fields.Boolean(
        "Non-standard Price", compute="_compute_dealer_has_nonstandard_price", store=True
    )

    _sql_constraints = [
        (
            "dealer_submission_key_uniq",
            "unique(dealer_submission_key)",
            "This submission was already received.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("partner_id.commercial_partner_id.dealer_tier_id")
    def _compute_is_dealer_order(self):
        for order in self:
            order.is_dealer_order = bool(order.partner_id.commercial_partner_id.dealer_tier_id)

    def _compute_dealer_attempt_count(self):
        groups = self.env["dealer.order.attempt"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.dealer_attempt_count = counts.get(order.id, 0)

    @api.depends("order_line.dealer_price_nonstandard")
    def _compute_dealer_has_nonstandard_price(self):
        for order in self:
            order.dealer_has_nonstandard_price = any(order.order_line.mapped("dealer_price_nonstandard"))

    # ------------------------------------------------------------------
    # The order-check pipeline
    # ------------------------------------------------------------------
    def _get_dealer_order_issues(self):
        """Return the problems that block or divert this order.

        A list of dicts ``{code, severity, line_id, product_id, message,
        hint, values}``: ``severity`` is ``block`` (the order cannot be
        submitted), ``approval`` (it can, but someone must approve it) or
        ``warning`` (shown, nothing more). ``message`` and ``hint`` are
        written for the dealer; ``values`` holds the figures for the back
        office and KPIs. Every channel (portal, email, WhatsApp, file, back
        office) calls this one method; the other dealer addons extend it with
        ``super()``. It never writes.
        """
        self.ensure_one()
        issues = []
        partner = self.partner_id.commercial_partner_id
        tier = partner.sudo().dealer_tier_id
        if not tier:
            issues.append(
                self._dealer_issue(
                    "no_tier",
                    BLOCK,
                    self.env._("Your account is not set up for dealer ordering yet."),
                    self.env._("Contact your account manager to be assigned a dealer tier."),
                )
            )
            return issues
        lines = self._dealer_product_lines()
        if not lines:
            issues.append(
                self._dealer_issue(
                    "empty",
                    BLOCK,
                    self.env._("The order has no products."),
                    self.env._("Add at least one product before submitting."),
                )
            )
            return issues
        allowed = partner._dealer_allowed_products(lines.product_id)
        rules = tier._get_quantity_rules(lines.product_id)
        expected = lines.filtered(lambda line: line.product_id in allowed)._dealer_expected_prices()
        for line in lines:
            if line.product_id not in allowed:
                issues.append(
                    self._dealer_issue(
                        "not_in_assortment",
                        BLOCK,
                        self.env._("%(product)s is not in your catalog.", product=line._dealer_product_label()),
                        self.env._("Remove this line, or ask your account manager to add the product."),
                        line=line,
                    )
                )
                continue
            issues.extend(line._dealer_quantity_issues(rules.get(line.product_id.id)))
            issues.extend(line._dealer_price_issues(expected.get(line.id)))
        return issues

    def _dealer_product_lines(self):
        return self.order_line.filtered(lambda l: not l.display_type and l.product_id and not l.is_downpayment)

    def _dealer_issue(self, code, severity, message, hint="", line=None, values=None):
        """Build one pipeline issue; see ``_get_dealer_order_issues``."""
        assert severity in SEVERITIES
        return {
            "code": code,
            "severity": severity,
            "line_id": line.id if line else False,
            "product_id": line.product_id.id if line else False,
            "message": message,
            "hint": hint,
            "values": values or {},
        }

    @api.model
    def _dealer_issues_outcome(self, issues):
        severities = {i["severity"] for i in issues}
        if BLOCK in severities:
            return "blocked"
        if APPROVAL in severities:
            return "approval"
        return "confirmed"

    @api.model
    def _dealer_parse_quantity(self, raw):
        """Parse a quantity typed or imported by a dealer.

        Return ``(qty, error)``: ``qty`` a float when ``raw`` reads as a
        positive finite number (commas as decimal separators accepted),
        else ``None`` with an ``error`` message a dealer understands.
        """
        if isinstance(raw, bool):
            raw = None
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            text = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
            if not text:
                return None, self.env._("The quantity is missing.")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                return None, self.env._("“%(raw)s” is not a number.", raw=str(raw)[:40])
        if value != value or value in (float("inf"), float("-inf")):
            return None, self.env._("“%(raw)s” is not a number.", raw=str(raw)[:40])
        if value <= 0:
            return None, self.env._("The quantity must be more than zero, not %(qty)s.", qty=_fmt_qty(value))
        if value > MAX_LINE_QTY:
            return None, self.env._("%(qty)s is more than can be ordered on one line.", qty=_fmt_qty(value))
        return value, None

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------
    def action_dealer_submit(self, channel=None, submission_key=None):
        """Submit this order: run the checks, then confirm it, send it for
        approval, or leave it untouched with the blocking issues.

        Returns ``{"outcome", "issues", "order_id", "attempt_id"}``.
        """
        self.ensure_one()
        return self._dealer_submit(channel=channel, submission_key=submission_key)

    def _dealer_submit(self, channel=None, submission_key=None):
        """Runs in the caller's transaction: on a block nothing is written
        except the attempt record; on success the order is confirmed or
        put in approval. A ``submission_key`` already used, or an order
        already submitted, returns the earlier result instead of submitting
        twice."""
        self.ensure_one()
        # Lock first, then look: a concurrent submission of this order either
        # waits here or fails to serialise and is retried, and then replays.
        self._dealer_lock_order()
        if submission_key:
            replay = self._dealer_replay_submission_key(submission_key)
            if replay:
                return replay
        if self.dealer_submitted_at and self.state != "cancel":
            return self._dealer_submission_result(replayed=True)
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("Order %(name)s can no longer be submitted.", name=self.name))
        self._dealer_lock_partner()
        issues = self._get_dealer_order_issues()
        outcome = self._dealer_issues_outcome(issues)
        attempt = self._dealer_record_attempt(outcome, issues, channel)
        if outcome == "blocked":
            return {"outcome": outcome, "issues": issues, "order_id": self.id, "attempt_id": attempt.id}
        vals = {
            "dealer_submitted_at": fields.Datetime.now(),
            "dealer_submitted_by": self.env.user.id,
        }
        if channel:
            vals["dealer_channel"] = channel
        elif not self.dealer_channel:
            vals["dealer_channel"] = "backoffice"
        if submission_key:
            vals["dealer_submission_key"] = submission_key
        self.write(vals)
        if outcome == "approval":
            self._dealer_request_approval(issues)
        else:
            self._dealer_confirm()
        return {"outcome": outcome, "issues": issues, "order_id": self.id, "attempt_id": attempt.id}

    def _dealer_replay_submission_key(self, submission_key):
        """The earlier result for ``submission_key``, or None when unused.
        A key used by another dealer's order is refused, never replayed."""
        self.ensure_one()
        # Keys are unique across dealers: the lookup must see every order,
        # and only the caller's own dealer's result is ever returned.
        previous_sudo = self.sudo().search([("dealer_submission_key", "=", submission_key)], limit=1)
        if not previous_sudo:
            return None
        if previous_sudo.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise UserError(self.env._("This submission reference was already used; refresh the page and try again."))
        return previous_sudo.with_env(self.env)._dealer_submission_result(replayed=True)

    def _dealer_submission_result(self, replayed=False):
        self.ensure_one()
        last = self.dealer_attempt_ids[:1]
        return {
            "outcome": last.outcome or ("confirmed" if self.state == "sale" else "approval"),
            "issues": json.loads(last.issues_json or "[]"),
            "order_id": self.id,
            "attempt_id": last.id,
            "replayed": replayed,
        }

    def _dealer_lock_order(self):
        """Row lock on the order for the rest of the transaction."""
        self.env.cr.execute("SELECT id FROM sale_order WHERE id = %s FOR UPDATE", (self.id,))
        self.invalidate_recordset(["state", "dealer_submitted_at", "dealer_submission_key"])

    def _dealer_lock_partner(self):
        """Serialise submissions per dealer: checks that add up across orders
        (credit) must not pass twice concurrently. A row lock on the
        commercial partner, held until the transaction ends."""
        self.env.cr.execute(
            "SELECT id FROM res_partner WHERE id = %s FOR UPDATE",
            (self.partner_id.commercial_partner_id.id,),
        )

    def _dealer_record_attempt(self, outcome, issues, channel):
        # The attempt is the KPI log: written sudo, because a portal user may
        # submit but never edit the log itself.
        return (
            self.env["dealer.order.attempt"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "partner_id": self.partner_id.commercial_partner_id.id,
                    "user_id": self.env.user.id,
                    "channel": channel or self.dealer_channel or "backoffice",
                    "outcome": outcome,
                    "issue_count": len(issues),
                    "issue_codes": ",".join(sorted({i["code"] for i in issues})),
                    "issues_json": json.dumps(issues, default=str),
                    "amount_total": self.amount_total,
                    "currency_id": self.currency_id.id,
                }
            )
        )

    def _dealer_request_approval(self, issues):
        """Hook: the order needs a decision. ``dealer_credit`` routes it to
        approvers; here it is only marked sent and explained in the chatter."""
        self.ensure_one()
        if self.state == "draft":
            self.write({"state": "sent"})
        self.message_post(
            body=self.env._(
                "Submitted; waiting for approval: %(reasons)s",
                reasons="; ".join(i["message"] for i in issues if i["severity"] == APPROVAL),
            )
        )

    def _dealer_confirm(self):
        """Confirm a submitted order with native ``action_confirm``."""
        self.ensure_one()
        self.action_confirm()

    def _action_confirm(self):
        res = super()._action_confirm()
        now = fields.Datetime.now()
        for order in self:
            if not order.dealer_confirmed_at:
                order.dealer_confirmed_at = now
        return res

    def action_draft(self):
        # A quotation set back to draft is a new submission to come.
        res = super().action_draft()
        self.write({"dealer_submitted_at": False, "dealer_submitted_by": False, "dealer_submission_key": False})
        return res

    def action_view_dealer_attempts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_pricing.dealer_order_attempt_action")
        action["domain"] = [("order_id", "=", self.id)]
        return action


def _fmt_qty(value):
    return f"{value:g}"
