from odoo import http
from odoo.http import request


class DealerBrandController(http.Controller):
    @http.route("/dealer/brand/<int:division_id>/logo", type="http", auth="public", methods=["GET"], readonly=True)
    def dealer_brand_logo(self, division_id, **kw):
        """The logo of a division, for the emails its documents send (read
        outside Odoo, like ``/logo.png?company=``)."""
        # A brand's logo is public by nature; nothing else of the division is read.
        division_sudo = request.env["dealer.division"].sudo().browse(division_id).exists()
        if not division_sudo or not division_sudo.active or not division_sudo.logo:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(division_sudo, "logo")
        return stream.get_response(max_age=86400)
