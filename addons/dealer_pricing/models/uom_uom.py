from odoo import models
from odoo.tools import float_is_zero

from ..tools.format import fmt_qty, unit_label


class UomUom(models.Model):
    _inherit = "uom.uom"

    def _dealer_whole_units(self):
        """Whether this unit is only sold whole: Units and its multiples
        (Dozens), or a unit rounded to whole numbers. Everything else (kg,
        m, L...) takes decimals. The one whole-unit rule: the cart, the
        quick order, reorder, intake and the order checks all use it."""
        self.ensure_one()
        # Units are catalog configuration that portal users may not read;
        # only these two facts about them are used, to shape an input.
        uom_sudo = self.sudo()
        # The id lookup is cached; env.ref() would query once per product.
        unit_categ_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "uom.product_uom_categ_unit", raise_if_not_found=False
        )
        return (uom_sudo.category_id.id == unit_categ_id and uom_sudo.factor_inv >= 1) or uom_sudo.rounding >= 1

    def _dealer_whole_units_error(self, qty, label):
        """The message for ``qty`` of ``label`` (a product label or SKU) in
        this unit when the unit is only sold whole and ``qty`` is not, else
        None."""
        self.ensure_one()
        if not self._dealer_whole_units() or float_is_zero(qty - round(qty), precision_digits=6):
            return None
        return self.env._(
            "%(product)s is sold in whole %(unit)s; %(qty)s is not a whole number.",
            product=label,
            unit=unit_label(self),
            qty=fmt_qty(qty),
        )

    def _dealer_quantity_step(self):
        """The smallest quantity step a dealer can enter in this unit."""
        self.ensure_one()
        return 1 if self._dealer_whole_units() else self.sudo().rounding
