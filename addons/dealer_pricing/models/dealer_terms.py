from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerTerms(models.Model):
    """A dealer's terms in one division: its tier there (price list,
    assortment, quantity rules, backorder and credit-hold policy follow from
    it) and what other addons add (the roll-out wave). A dealer that trades
    with one division needs no row: its own tier applies."""

    _name = "dealer.terms"
    _description = "Dealer Terms per Division"
    _order = "partner_id, division_id"
    _rec_names_search = ["partner_id", "division_id"]

    partner_id = fields.Many2one(
        "res.partner",
        "Dealer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
    )
    division_id = fields.Many2one("dealer.division", "Division", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="division_id.company_id", store=True, index=True)
    tier_id = fields.Many2one(
        "dealer.tier",
        "Tier",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('division_id', 'in', [division_id, False])]",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("partner_division_uniq", "unique(partner_id, division_id)", "A dealer has one set of terms per division."),
    ]

    def _compute_display_name(self):
        for terms in self:
            terms.display_name = f"{terms.partner_id.display_name} · {terms.division_id.name}"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("tier_id", "division_id")
    def _check_tier_division(self):
        for terms in self:
            if terms.tier_id.division_id and terms.tier_id.division_id != terms.division_id:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s belongs to %(tier_division)s, not to %(division)s.",
                        tier=terms.tier_id.display_name,
                        tier_division=terms.tier_id.division_id.name,
                        division=terms.division_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # Terms decide what a dealer buys and at which price, as its own tier
    # does: the same rule (res.partner._dealer_check_pricing_rights) holds
    # whatever path writes them, the partner form's list included.
    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.partner"]._dealer_check_pricing_rights()
        return super().create(vals_list)

    def write(self, vals):
        self.env["res.partner"]._dealer_check_pricing_rights()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_check_pricing_rights(self):
        self.env["res.partner"]._dealer_check_pricing_rights()
