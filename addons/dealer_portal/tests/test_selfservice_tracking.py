import base64

from odoo import fields
from odoo.tests import tagged
from odoo.tools import file_open

from .common_selfservice import DealerPortalSelfServiceHttpCommon


@tagged("post_install", "-at_install")
class TestSelfServiceTracking(DealerPortalSelfServiceHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open("web/static/img/logo.png", "rb") as f:
            cls.proof = base64.b64encode(f.read())
        cls.env["dealer.delivery.event"].create(
            [
                {
                    "picking_id": cls.a_picking.id,
                    "stage": "out_for_delivery",
                    "event_time": fields.Datetime.now(),
                    "latitude": 45.764043,
                    "longitude": 4.835659,
                    "location_text": "Lyon ring road",
                    "note": "Rider on the way",
                    "source": "rider_app",
                },
                {
                    "picking_id": cls.a_picking.id,
                    "stage": "delivered",
                    "event_time": fields.Datetime.now(),
                    "location_text": "Alpha front desk",
                    "note": "Signed by J. Martin",
                    "proof_image": cls.proof,
                    "source": "rider_app",
                },
            ]
        )

    def test_track_page_shows_timeline_events_location_and_proof(self):
        res = self._get(f"/my/orders/{self.a_order.id}/track", "dc_a_ware")
        self.assertEqual(res.status_code, 200)
        text = res.text
        timeline = self.a_order._dealer_timeline()
        self.assertTrue(timeline)
        for step in timeline:
            self.assertIn(f"o_dealer_timeline_{step['stage']}", text)
        self.assertIn("o_dealer_timeline_delivered px-3 py-2 rounded border border-success", text)
        self.assertIn("Rider on the way", text)
        self.assertIn("Lyon ring road", text)
        self.assertIn("Signed by J. Martin", text)
        self.assertIn("openstreetmap.org/?mlat=45.76", text)
        self.assertIn("o_dealer_proof", text)
        self.assertIn(self.a_picking.name, text)
        # No prices for the warehouse role.
        self.assertNotIn("o_dealer_history_rows", text)
        self.assertNotIn("Subtotal", text)

    def test_order_page_shows_timeline_for_priced_roles(self):
        res = self._get(f"/my/orders/{self.a_order.id}", "dc_a_desk")
        self.assertEqual(res.status_code, 200)
        self.assertIn("o_dealer_timeline", res.text)
        self.assertIn("Signed by J. Martin", res.text)

    def test_pending_and_rejected_approval_shown_with_reason(self):
        self.a_submitted.write(
            {
                "dealer_approval_state": "pending",
                "dealer_approval_reason": "Order exceeds your available credit by $300.",
            }
        )
        res = self._get(f"/my/orders/{self.a_submitted.id}/track", "dc_a_desk")
        self.assertIn("o_dealer_approval_pending", res.text)
        self.assertIn("exceeds your available credit", res.text)
        res = self._get("/my/dealer/orders?filterby=approval_pending", "dc_a_desk")
        self.assertIn(self.a_submitted.name, res.text)
        self.assertNotIn(self.a_order.name, res.text)
        self.a_submitted.write(
            {
                "dealer_approval_state": "rejected",
                "dealer_rejection_reason": "Account overdue for 75 days.",
            }
        )
        res = self._get(f"/my/orders/{self.a_submitted.id}/track", "dc_a_desk")
        self.assertIn("o_dealer_approval_rejected", res.text)
        self.assertIn("Account overdue for 75 days.", res.text)
