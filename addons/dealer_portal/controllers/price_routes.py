from odoo.exceptions import AccessError
from odoo.http import request, route

from odoo.addons.website_sale.controllers.combo_configurator import WebsiteSaleComboConfiguratorController
from odoo.addons.website_sale.controllers.product_configurator import WebsiteSaleProductConfiguratorController


def _dealer_check_configurator_access(template):
    """The product and combo configurators are ordering tools that answer
    prices: a dealer's user needs the order-desk role, and the product must
    be in the dealer's assortment. Other visitors keep the native behaviour."""
    user = request.env.user
    if not user._is_dealer_portal_user():
        return
    user._dealer_check_role("order_desk")
    if not template.exists() or not template._dealer_is_in_current_catalog():
        raise AccessError(request.env._("This product is not in your catalog."))


class DealerProductConfigurator(WebsiteSaleProductConfiguratorController):
    def _get_product_template(self, product_template_id):
        template = super()._get_product_template(product_template_id)
        _dealer_check_configurator_access(template)
        return template


class DealerComboConfigurator(WebsiteSaleComboConfiguratorController):
    @route()
    def website_sale_combo_configurator_get_data(self, *args, **kwargs):
        self._dealer_check_combo(*args, **kwargs)
        return super().website_sale_combo_configurator_get_data(*args, **kwargs)

    @route()
    def website_sale_combo_configurator_get_price(self, *args, **kwargs):
        self._dealer_check_combo(*args, **kwargs)
        return super().website_sale_combo_configurator_get_price(*args, **kwargs)

    def _dealer_check_combo(self, *args, **kwargs):
        if not request.env.user._is_dealer_portal_user():
            return
        try:
            template_id = int(kwargs.get("product_tmpl_id", args[0] if args else 0))
        except (TypeError, ValueError):
            raise AccessError(request.env._("This product is not in your catalog.")) from None
        _dealer_check_configurator_access(request.env["product.template"].browse(template_id))
