from odoo.addons.dealer_portal.controllers.users import DealerUsersController


class DealerUsersIntakeController(DealerUsersController):
    def _dealer_users_update_action(self, dealer, user_id, action, **kw):
        """The ``identity`` action: the user's order email and WhatsApp
        number, checked by ``res.partner._dealer_set_user_intake_identity``."""
        if action == "identity":
            return dealer._dealer_set_user_intake_identity(
                user_id, kw.get("order_email", ""), kw.get("whatsapp_number", "")
            )
        return super()._dealer_users_update_action(dealer, user_id, action, **kw)
