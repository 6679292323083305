from odoo import fields, models
from odoo.exceptions import AccessError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # The catalog's category filter probes each category through this index
    # (website._dealer_catalog_categories) instead of reading every product.
    categ_id = fields.Many2one(index=True)

    def _dealer_is_in_current_catalog(self):
        """False when the signed-in dealer may not buy this product in the
        current website's division: its page is then not found, as if the
        product did not exist."""
        self.ensure_one()
        dealer_sudo = self.env.user._dealer_commercial_partner()
        if not dealer_sudo:
            return True
        division = self.env["dealer.division"]._dealer_request_division()
        return bool(
            self.with_context(active_test=False).search_count(
                [("id", "=", self.id), *dealer_sudo._get_dealer_product_domain("product.template", division)], limit=1
            )
        )

    def _search_get_detail(self, website, order, options):
        """The website's product search (/shop and the search bar) also
        matches a variant's barcode: dealers scan or type them."""
        if self.env.user._dealer_hides_prices():
            # Search suggestions and /website/search show no price to dealer
            # roles that see none.
            options = dict(options, displayDetail=False)
        detail = super()._search_get_detail(website, order, options)
        detail["search_fields"] = [*detail["search_fields"], "product_variant_ids.barcode"]
        return detail

    def get_contextual_price(self, product=None):
        """Public, so callable over RPC: a dealer role that sees no prices
        gets none this way either."""
        if self.env.user._dealer_hides_prices():
            raise AccessError(self.env._("Your user account may not see prices."))
        return super().get_contextual_price(product=product)
