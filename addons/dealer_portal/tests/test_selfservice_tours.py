import base64

from odoo import fields
from odoo.tests import tagged
from odoo.tools import file_open

from .common_selfservice import DealerPortalSelfServiceHttpCommon


@tagged("post_install", "-at_install")
class TestSelfServiceTours(DealerPortalSelfServiceHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dealer_order_desk_documents = "all"
        cls.dealer_a.credit_limit = 5000.0
        with file_open("web/static/img/logo.png", "rb") as f:
            proof = base64.b64encode(f.read())
        cls.env["dealer.delivery.event"].create(
            [
                {
                    "picking_id": cls.a_picking.id,
                    "stage": "out_for_delivery",
                    "event_time": fields.Datetime.now(),
                    "latitude": 45.764043,
                    "longitude": 4.835659,
                    "location_text": "Lyon ring road",
                    "source": "rider_app",
                },
                {
                    "picking_id": cls.a_picking.id,
                    "stage": "delivered",
                    "event_time": fields.Datetime.now(),
                    "note": "Signed by J. Martin",
                    "proof_image": proof,
                    "source": "rider_app",
                },
            ]
        )

    def test_tour_find_order_by_product_and_see_timeline(self):
        self.start_tour("/my/dealer/orders", "selfservice_find_order", login="dc_a_ware")

    def test_tour_download_invoice_and_delivery_note(self):
        self.start_tour("/my/documents", "selfservice_documents", login="dc_a_admin")

    def test_tour_account_page(self):
        self.start_tour("/my", "selfservice_account", login="dc_a_fin")
