from odoo import fields, models


class DealerTerms(models.Model):
    _inherit = "dealer.terms"

    wave_id = fields.Many2one(
        "dealer.rollout.wave",
        "Roll-out Wave",
        index="btree_not_null",
        domain="[('division_id', 'in', [division_id, False]), ('company_id', '=', company_id)]",
        help="The wave in which this dealer's portal ordering in this division opens. Empty: its own wave, when "
        "that wave rolls out this division or every division.",
    )
