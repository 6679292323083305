from odoo import fields, models


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
    tier_id = fields.Many2one("dealer.tier", "Tier", required=True, index=True, ondelete="restrict")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("partner_division_uniq", "unique(partner_id, division_id)", "A dealer has one set of terms per division."),
    ]

    def _compute_display_name(self):
        for terms in self:
            terms.display_name = f"{terms.partner_id.display_name} · {terms.division_id.name}"
