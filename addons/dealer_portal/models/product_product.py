from odoo import models
from odoo.exceptions import AccessError


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _is_add_to_cart_allowed(self):
        """A dealer's user may add a product to its cart only when the product
        is in the dealer's assortment (in the current website's division) and
        the user holds the order-desk role.
        Carts run sudo, so record rules alone would not stop it."""
        res = super()._is_add_to_cart_allowed()
        user = self.env.user
        dealer_sudo = user._dealer_commercial_partner()
        if not res or not dealer_sudo:
            return res
        if not user._dealer_has_role("order_desk"):
            return False
        division = self.env["dealer.division"]._dealer_request_division()
        return bool(dealer_sudo._dealer_allowed_products(self, division))

    def get_contextual_price(self):
        """Public, so callable over RPC: a dealer role that sees no prices
        gets none this way either."""
        if self.env.user._dealer_hides_prices():
            raise AccessError(self.env._("Your user account may not see prices."))
        return super().get_contextual_price()

    def _dealer_filter_published(self):
        """The products of ``self`` on sale on the website: what a dealer may
        order: unpublished products are out of the dealers' catalog."""
        return self.filtered("is_published")
