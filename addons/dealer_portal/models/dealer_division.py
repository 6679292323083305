from odoo import api, models

from odoo.addons.website.models.ir_http import get_request_website


class DealerDivision(models.Model):
    _inherit = "dealer.division"

    @api.model
    def _dealer_request_division(self):
        """The division of the website of the current request (its portal):
        a signed-in dealer user prices and buys on its terms there."""
        website = get_request_website()
        return website._dealer_division() if website else super()._dealer_request_division()
