from odoo import api, models


class DealerDivision(models.Model):
    _inherit = "dealer.division"

    @api.model
    def _dealer_request_division(self):
        """The division of the website of the current request (its portal):
        a signed-in dealer user prices and buys on its terms there."""
        website = self.env["ir.http"].get_request_website()
        return website._dealer_division() if website else super()._dealer_request_division()
