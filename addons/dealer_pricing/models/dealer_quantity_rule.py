from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.quantity import check_quantity_triplet


class DealerQuantityRule(models.Model):
    _name = "dealer.quantity.rule"
    _description = "Dealer Quantity Rule"
    _order = "tier_id, product_tmpl_id, categ_id, id"

    tier_id = fields.Many2one("dealer.tier", required=True, ondelete="cascade", index=True)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        ondelete="cascade",
        index=True,
        help="Leave empty with no category for the tier's default rule.",
    )
    categ_id = fields.Many2one("product.category", string="Category", ondelete="cascade")
    min_qty = fields.Float("Minimum", digits="Product Unit of Measure")
    max_qty = fields.Float("Maximum", digits="Product Unit of Measure", help="0 means no maximum.")
    multiple_qty = fields.Float("Multiple", digits="Product Unit of Measure", help="Pack size; 0 means any quantity.")
    uom_name = fields.Char(related="product_tmpl_id.uom_id.name", string="Unit")

    _sql_constraints = [
        (
            "scope_uniq",
            "unique(tier_id, product_tmpl_id, categ_id)",
            "A tier has one rule per product, per category and one default rule.",
        ),
    ]

    @api.constrains("min_qty", "max_qty", "multiple_qty")
    def _check_quantities(self):
        for rule in self:
            check_quantity_triplet(self.env, rule.min_qty, rule.max_qty, rule.multiple_qty)

    @api.constrains("product_tmpl_id", "categ_id")
    def _check_scope(self):
        for rule in self:
            if rule.product_tmpl_id and rule.categ_id:
                raise ValidationError(self.env._("A quantity rule applies to a product or to a category, not both."))

    @api.depends("tier_id", "product_tmpl_id", "categ_id")
    def _compute_display_name(self):
        for rule in self:
            scope = rule.product_tmpl_id.display_name or rule.categ_id.display_name or self.env._("all products")
            rule.display_name = f"{rule.tier_id.display_name or ''}: {scope}"
