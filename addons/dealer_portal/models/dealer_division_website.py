from odoo import api, fields, models

from odoo.addons.website.models.ir_http import get_request_website

# Division fields a division's websites show; writing one re-applies the brand.
WEBSITE_BRAND_FIELDS = {"name", "logo", "favicon", "color_primary", "color_secondary"}


class DealerDivision(models.Model):
    _inherit = "dealer.division"

    favicon = fields.Image(
        max_width=256,
        max_height=256,
        help="Square PNG shown in the browser tab of the division's website.",
    )

    def write(self, vals):
        res = super().write(vals)
        if WEBSITE_BRAND_FIELDS & set(vals):
            self._dealer_apply_brand_to_websites()
        return res

    def action_apply_brand_to_website(self):
        """Button: set the division's name, logo, favicon and colour palette
        on the websites that are its portal (``website.dealer_division_id``)."""
        self.env["website"].check_access("write")
        self._dealer_apply_brand_to_websites()
        return True

    def _dealer_apply_brand_to_websites(self):
        # The theme is stored as website assets, which a sales manager cannot write.
        websites_sudo = self.env["website"].sudo().search([("dealer_division_id", "in", self.ids)])
        websites_sudo._dealer_apply_division_brand()

    @api.model
    def _dealer_request_division(self):
        """The division of the website of the current request (its portal):
        a signed-in dealer user prices and buys on its terms there."""
        website = get_request_website()
        return website._dealer_division() if website else super()._dealer_request_division()
