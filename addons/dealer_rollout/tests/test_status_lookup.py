import base64

from odoo import fields
from odoo.tests import tagged
from odoo.tools import file_open

from odoo.addons.dealer_portal.tests.common_selfservice import DealerPortalSelfServiceHttpCommon


@tagged("post_install", "-at_install")
class TestStatusLookup(DealerPortalSelfServiceHttpCommon):
    """Each time a dealer user opens an order's page or its tracking page on
    the portal, one look-up is logged for the roll-out figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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

    def test_each_status_lookup_is_counted(self):
        Lookup = self.env["dealer.order.status.lookup"]
        self.assertFalse(Lookup.search([("order_id", "=", self.a_order.id)]))
        self._get(f"/my/orders/{self.a_order.id}/track", "dc_a_ware")
        self._get(f"/my/orders/{self.a_order.id}", "dc_a_desk")
        lookups = Lookup.search([("order_id", "=", self.a_order.id)])
        self.assertEqual(len(lookups), 2)
        self.assertEqual(lookups.user_id, self.user_a_ware | self.user_a_desk)
        self.assertEqual(lookups.partner_id, self.dealer_a)
        self.assertEqual(set(lookups.mapped("channel")), {"portal"})
        # Another dealer's failed attempt is not a look-up of this order.
        self._get(f"/my/orders/{self.a_order.id}/track", "dc_b_ware")
        self.assertEqual(Lookup.search_count([("order_id", "=", self.a_order.id)]), 2)

    def test_tour_find_order_by_product_and_see_timeline(self):
        self.start_tour("/my/dealer/orders", "selfservice_find_order", login="dc_a_ware")
        # The visit was counted for the KPI.
        self.assertTrue(
            self.env["dealer.order.status.lookup"].search_count(
                [
                    ("order_id", "=", self.a_order.id),
                    ("user_id", "=", self.user_a_ware.id),
                ]
            )
        )

    def test_redirects_and_reports_are_not_look_ups(self):
        """Only a page that shows the order's status counts: not the warehouse
        role's redirect to tracking, nor the order's printed report."""
        Lookup = self.env["dealer.order.status.lookup"]
        res = self._get(f"/my/orders/{self.a_order.id}", "dc_a_ware")
        self.assertEqual(res.status_code, 303)
        res = self._get(f"/my/orders/{self.a_order.id}?report_type=html", "dc_a_desk")
        self.assertEqual(res.status_code, 200)
        self.assertFalse(Lookup.search_count([("order_id", "=", self.a_order.id)]))
