from odoo import models


class Website(models.Model):
    _inherit = "website"

    def _dealer_catalog_values(self, search="", categ_id=None, page=1, **kwargs):
        """The catalog of a dealer whose roll-out wave has not opened ordering
        yet says when it does (``dealer_ordering_closed``) and offers no
        "Add"."""
        values = super()._dealer_catalog_values(search=search, categ_id=categ_id, page=page, **kwargs)
        dealer_sudo = values.get("dealer")
        values["dealer_ordering_closed"] = (
            dealer_sudo._dealer_ordering_closed_message(self.dealer_division_id) if dealer_sudo else False
        )
        return values
