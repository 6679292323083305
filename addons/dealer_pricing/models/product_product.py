from odoo import api, models

from ..tools.format import product_label


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _dealer_orderable_domain(self):
        """Products a dealer may order at all, whatever its assortment.
        Extend with ``super()``."""
        return [("sale_ok", "=", True)]

    def _dealer_not_in_catalog_message(self, label=None):
        """The one message of the assortment rule. ``label``: what to call
        the product (default: its name and code); callers that must not
        reveal a product outside the catalog pass what the dealer typed."""
        self.ensure_one()
        return self.env._("%(product)s is not in your catalog.", product=label or product_label(self))
