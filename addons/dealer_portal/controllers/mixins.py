from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

# Errors a dealer may cause by hand (tampered ids, stale forms, missing role):
# always shown on the page, never as a generic error page.
DEALER_ERRORS = (UserError, ValidationError, AccessError, MissingError)


class DealerControllerMixin:
    """What the dealer portal's controllers share: the one-shot error message
    shown on the next page, and who the signed-in user orders for."""

    def _dealer_flash(self, message):
        """Keep ``message`` (a string or an exception) for the next page."""
        request.session["dealer_flash_error"] = str(message)

    def _dealer_pop_flash(self):
        """The message kept by ``_dealer_flash``, once; or None."""
        return request.session.pop("dealer_flash_error", None)

    def _dealer_user_state(self):
        """(dealer company sudo or empty, may order) for the signed-in user."""
        user = request.env.user
        dealer_sudo = user._dealer_commercial_partner()
        return dealer_sudo, bool(dealer_sudo) and user._dealer_has_role("order_desk")

    def _dealer_light_page(self):
        """Whether this page is served as a light dealer page (Odoo's full
        front-end bundle replaced by dealer_portal.assets_dealer_light, see
        views/light_assets_templates.xml): for dealers and visitors, never
        for back-office users, who may edit the page with Odoo's editor, nor
        on a website showing Odoo's cookie bar, whose consent buttons are
        Odoo's own widget."""
        return not request.env.user._is_internal() and not request.website.cookies_bar

    def _dealer_order_desk_message(self):
        """Why a dealer user without the order-desk role may not order."""
        return request.env._("Ordering needs the order-desk role. Ask your company's portal administrator.")
