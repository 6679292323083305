from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerPricingPeriodMixin(models.AbstractModel):
    """Dates, status and rule items shared by agreements and schemes.

    The rules themselves are native ``product.pricelist.item`` records kept in
    the technical "agreements and schemes" price list, so every pricing
    option Odoo offers (fixed price, discount, formula, quantity breaks)
    applies. Their validity dates follow the header's.
    """

    _name = "dealer.pricing.period.mixin"
    _description = "Dealer pricing period"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    date_start = fields.Date("Valid From", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date("Valid Until", tracking=True, help="Empty: open-ended.")
    status = fields.Selection(
        [("upcoming", "Upcoming"), ("active", "In force"), ("expired", "Expired")],
        compute="_compute_status",
        search="_search_status",
    )
    note = fields.Text()

    def _compute_status(self):
        today = fields.Date.context_today(self)
        for rec in self:
            if rec.date_start and rec.date_start > today:
                rec.status = "upcoming"
            elif rec.date_end and rec.date_end < today:
                rec.status = "expired"
            else:
                rec.status = "active"

    def _search_status(self, operator, value):
        today = fields.Date.context_today(self)
        domains = {
            "upcoming": [("date_start", ">", today)],
            "active": [("date_start", "<=", today), "|", ("date_end", "=", False), ("date_end", ">=", today)],
            "expired": [("date_end", "<", today)],
        }
        values = value if isinstance(value, (list, tuple)) else [value]
        if operator not in ("=", "in", "!=", "not in"):
            raise ValidationError(self.env._("Unsupported search on status."))
        parts = [domains[v] for v in values if v in domains]
        domain = []
        for i, part in enumerate(parts):
            domain = part if i == 0 else ["|", *domain, *part]
        if operator in ("!=", "not in"):
            domain = ["!", *domain] if domain else []
        return domain or [("id", "=", False)]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for rec in self:
            if rec.date_end and rec.date_start and rec.date_end < rec.date_start:
                raise ValidationError(self.env._("%(name)s ends before it starts.", name=rec.display_name))

    def _item_date_values(self):
        """Validity of the header as pricelist item dates: whole days, the
        end day included."""
        self.ensure_one()
        return {
            "date_start": datetime.combine(self.date_start, time.min) if self.date_start else False,
            "date_end": datetime.combine(self.date_end, time.max.replace(microsecond=0)) if self.date_end else False,
        }

    def _sync_items(self):
        for rec in self:
            if rec.item_ids:
                rec.item_ids.write(rec._item_date_values())

    def write(self, vals):
        res = super().write(vals)
        if {"date_start", "date_end"} & set(vals):
            self._sync_items()
        return res

    def _dealer_pricing_summary(self):
        """Dealer-facing summary of these agreements or schemes: what they
        cover and until when. Rules are read on behalf of the caller, who
        could already read the headers."""
        result = []
        for rec in self:
            items_sudo = rec.sudo().item_ids
            result.append(
                {
                    "id": rec.id,
                    "name": rec.name,
                    "date_start": rec.date_start,
                    "date_end": rec.date_end,
                    "products": [item._dealer_target_label() for item in items_sudo],
                    "items": [
                        {"label": item._dealer_target_label(), "min_quantity": item.min_quantity, "price": item.price}
                        for item in items_sudo
                    ],
                }
            )
        return result


class DealerPriceAgreement(models.Model):
    _name = "dealer.price.agreement"
    _description = "Dealer Pricing Agreement"
    _inherit = ["dealer.pricing.period.mixin", "mail.thread"]
    _order = "date_start desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_company", "=", True), ("is_dealer", "=", True)],
    )
    item_ids = fields.One2many(
        "product.pricelist.item",
        "dealer_agreement_id",
        string="Agreed Prices",
        context={"active_test": False},
    )
    reference = fields.Char(help="Contract reference the dealer knows this agreement by.")

    @api.constrains("partner_id")
    def _check_partner_is_company(self):
        for rec in self:
            if rec.partner_id != rec.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._("An agreement is made with the dealer company, not one of its contacts.")
                )
