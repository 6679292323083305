from odoo.http import request

from odoo.addons.dealer_portal.controllers.quick_order import DealerQuickOrderController
from odoo.addons.dealer_portal.controllers.shop import DealerWebsiteSale


class DealerRolloutWebsiteSale(DealerWebsiteSale):
    """The cart of a dealer whose roll-out wave has not opened ordering says
    when it does, and offers no submission (the pipeline refuses it anyway)."""

    def _prepare_dealer_cart_values(self, order_sudo, dealer_sudo, attempt_id=None):
        values = super()._prepare_dealer_cart_values(order_sudo, dealer_sudo, attempt_id=attempt_id)
        values["dealer_ordering_closed"] = dealer_sudo._dealer_ordering_closed_message(
            request.website.dealer_division_id
        )
        return values


class DealerRolloutQuickOrder(DealerQuickOrderController):
    """Quick order, likewise: the date ordering opens instead of the forms."""

    def _prepare_quick_order_values(self, dealer_sudo):
        values = super()._prepare_quick_order_values(dealer_sudo)
        values["dealer_ordering_closed"] = dealer_sudo._dealer_ordering_closed_message(
            request.website.dealer_division_id
        )
        return values
