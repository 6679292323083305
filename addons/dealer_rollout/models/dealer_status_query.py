from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Minutes a one-click status call is logged with, unless the system
# parameter below says otherwise: a typical "where is my order?" call.
DEFAULT_CALL_MINUTES = 3.0
CALL_MINUTES_PARAM = "dealer_rollout.status_call_minutes"


class DealerStatusQuery(models.Model):
    """One call or message the operations team received asking where a
    dealer's order is: logged in one click by the back office (phone,
    email), or by the order intake when a dealer's email or WhatsApp asks
    for status (answered automatically, or left to a person). The roll-out
    counts them per dealer and month: they should fall as dealers follow
    their orders on the portal (``dealer.order.status.lookup``)."""

    _name = "dealer.status.query"
    _description = "Dealer Status Query"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Dealer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_company', '=', True)]",
        help="The dealer company (commercial partner) that asked.",
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Dealer Phone")
    order_id = fields.Many2one(
        "sale.order",
        "Order",
        index="btree_not_null",
        ondelete="set null",
        domain="[('partner_id', 'child_of', partner_id)]",
        help="The order asked about, when known.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, ondelete="cascade"
    )
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "Email"), ("whatsapp", "WhatsApp")],
        required=True,
        default="phone",
    )
    minutes = fields.Float("Minutes Spent", digits=(16, 1), help="Time the back office spent on the query.")
    user_id = fields.Many2one(
        "res.users",
        "Logged By",
        default=lambda self: self.env.user,
        index="btree_not_null",
        ondelete="set null",
        help="Who took the query; empty when it was answered automatically.",
    )
    answered = fields.Selection(
        [("auto", "Automatically"), ("person", "By a Person"), ("pending", "To Answer")],
        required=True,
        default="person",
        index=True,
    )
    note = fields.Text()

    # ------------------------------------------------------------------
    # Constraint
    # ------------------------------------------------------------------
    @api.constrains("partner_id", "order_id")
    def _check_order_of_dealer(self):
        for query in self:
            if query.order_id and query.order_id.partner_id.commercial_partner_id != query.partner_id:
                raise ValidationError(
                    self.env._(
                        "The order %(order)s is not an order of %(dealer)s.",
                        order=query.order_id.name,
                        dealer=query.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Onchange
    # ------------------------------------------------------------------
    @api.onchange("order_id")
    def _onchange_order_id(self):
        if self.order_id:
            self.partner_id = self.order_id.partner_id.commercial_partner_id
            self.company_id = self.order_id.company_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """The dealer is always the company (commercial partner), whichever
        contact was chosen; the company follows the order."""
        orders = self.env["sale.order"].browse([v["order_id"] for v in vals_list if v.get("order_id")])
        partners = self.env["res.partner"].browse([v["partner_id"] for v in vals_list if v.get("partner_id")])
        # One read of the orders and contacts for the whole batch.
        orders.fetch(["partner_id", "company_id"])
        partners.fetch(["commercial_partner_id"])
        for vals in vals_list:
            order = self.env["sale.order"].browse(vals.get("order_id"))
            if order and not vals.get("partner_id"):
                vals["partner_id"] = order.partner_id.commercial_partner_id.id
            if order and not vals.get("company_id"):
                vals["company_id"] = order.company_id.id
            if vals.get("partner_id"):
                vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    @api.model
    def _dealer_call_minutes(self):
        """Minutes a one-click status call is logged with."""
        # A technical setting, readable by the system only.
        value = self.env["ir.config_parameter"].sudo().get_param(CALL_MINUTES_PARAM)
        try:
            return float(value) if value else DEFAULT_CALL_MINUTES
        except ValueError:
            return DEFAULT_CALL_MINUTES

    @api.model
    def _dealer_log_call(self, partner, order=None, channel="phone"):
        """Log, as the current user, that ``partner``'s dealer called about
        ``order`` (if known): the one click of the order and dealer forms.
        Created with the user's rights. Returns the new row."""
        order = order or self.env["sale.order"]
        return self.create(
            {
                "partner_id": (order.partner_id or partner).commercial_partner_id.id,
                "order_id": order.id,
                "company_id": (order.company_id or partner.company_id or self.env.company).id,
                "channel": channel,
                "minutes": self._dealer_call_minutes(),
                "answered": "person",
                "user_id": self.env.user.id,
            }
        )

    @api.model
    def _dealer_logged_notification(self, query):
        """The client action telling the user the call was logged, then
        reloading the form (its counter)."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Status call of %(dealer)s logged (%(minutes)s min).",
                    dealer=query.partner_id.display_name,
                    minutes=query.minutes,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _dealer_quick_form_action(self, partner=None, order=None):
        """The small form to log a status call with its minutes and a note,
        pre-filled with ``partner`` and ``order`` when given."""
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rollout.dealer_status_query_action_log")
        context = {}
        if order:
            context.update(default_order_id=order.id, default_company_id=order.company_id.id)
        if order or partner:
            context["default_partner_id"] = (order.partner_id if order else partner).commercial_partner_id.id
        action["context"] = context
        return action

    def action_dealer_mark_answered(self):
        """A person answered these queries that waited for one."""
        self.filtered(lambda q: q.answered == "pending").write({"answered": "person", "user_id": self.env.user.id})
        return True
