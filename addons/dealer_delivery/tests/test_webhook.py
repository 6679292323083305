import json
import time

from odoo.tests import tagged

from odoo.addons.dealer_delivery.models.dealer_carrier_account import sign

from .common import DealerDeliveryHttpCommon


@tagged("post_install", "-at_install")
class TestWebhook(DealerDeliveryHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 50)
        cls.account = cls.env["dealer.carrier.account"].create(
            {
                "name": "DD Riders",
                "code": "dd-riders",
                "source": "rider_app",
                "secret": "s3cret-key",
            }
        )
        cls.other_account = cls.env["dealer.carrier.account"].create(
            {
                "name": "DD Other Carrier",
                "code": "dd-other",
                "secret": "other-secret",
            }
        )
        cls.order = cls._make_order([(cls.product_a, 2)])
        cls._confirm(cls.order)
        cls.picking = cls.order.picking_ids
        cls.picking.action_assign()
        for move in cls.picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        cls.picking._action_done()
        cls.picking.carrier_tracking_ref = "TRK-778899"

    def _payload(self, *events):
        return json.dumps({"events": list(events)}).encode()

    def _ev(self, event_id, status, at="2026-11-27T10:00:00Z", shipment=None, **extra):
        return {
            "event_id": event_id,
            "shipment": shipment or self.picking.name,
            "status": status,
            "occurred_at": at,
            **extra,
        }

    def _post(self, body, code="dd-riders", secret="s3cret-key", timestamp=None, signature=None):
        timestamp = str(int(time.time())) if timestamp is None else str(timestamp)
        headers = {
            "Content-Type": "application/json",
            "X-Dealer-Timestamp": timestamp,
            "X-Dealer-Signature": signature if signature is not None else "sha256=" + sign(secret, timestamp, body),
        }
        return self.url_open(f"/dealer_delivery/webhook/{code}", data=body, headers=headers)

    def _event_count(self):
        return self.env["dealer.delivery.event"].search_count([("picking_id", "=", self.picking.id)])

    def test_good_event_moves_the_order(self):
        body = self._payload(
            self._ev(
                "evt-1",
                "out_for_delivery",
                location={"lat": 12.9716, "lng": 77.5946, "text": "Hebbal flyover"},
                eta="2026-11-27T14:30:00+05:30",
                note="Rider Ravi",
            )
        )
        response = self._post(body)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["accepted"], 1)
        event = self.picking.dealer_event_ids
        self.assertEqual((event.stage, event.source, event.external_id), ("out_for_delivery", "rider_app", "evt-1"))
        self.assertEqual(event.location_text, "Hebbal flyover")
        self.assertAlmostEqual(event.latitude, 12.9716)
        self.assertEqual(str(event.eta), "2026-11-27 09:00:00")
        self.assertEqual(self.order.dealer_stage, "out_for_delivery")
        self.assertEqual(self.picking.dealer_carrier_account_id, self.account)

    def test_shipment_found_by_tracking_number(self):
        response = self._post(self._payload(self._ev("evt-t", "in_transit", shipment="TRK-778899")))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self._event_count(), 1)

    def test_bad_signature_is_refused(self):
        body = self._payload(self._ev("evt-2", "delivered"))
        response = self._post(body, secret="wrong-secret")
        self.assertEqual(response.status_code, 401)
        self.assertIn("signature", response.json()["reason"])
        response = self._post(body, signature="")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self._event_count(), 0)
        self.assertEqual(self.order.dealer_stage, "dispatched")

    def test_body_changed_after_signing_is_refused(self):
        body = self._payload(self._ev("evt-3", "delivered"))
        timestamp = str(int(time.time()))
        signature = sign("s3cret-key", timestamp, body)
        tampered = body.replace(b"delivered", b"exception")
        response = self._post(tampered, timestamp=timestamp, signature=signature)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self._event_count(), 0)

    def test_stale_timestamp_is_refused(self):
        body = self._payload(self._ev("evt-4", "delivered"))
        response = self._post(body, timestamp=int(time.time()) - 301)
        self.assertEqual(response.status_code, 401)
        self.assertIn("stale", response.json()["reason"])
        self.assertEqual(self._event_count(), 0)

    def test_replayed_event_is_refused(self):
        body = self._payload(self._ev("evt-5", "out_for_delivery"))
        self.assertEqual(self._post(body).status_code, 200)
        again = self._payload(self._ev("evt-6", "delivered"), self._ev("evt-5", "out_for_delivery"))
        response = self._post(again)
        self.assertEqual(response.status_code, 409)
        self.assertIn("evt-5", response.json()["reason"])
        self.assertEqual(self._event_count(), 1, "nothing of the replayed batch is written")
        self.assertEqual(self.order.dealer_stage, "out_for_delivery")

    def test_shipment_tracked_by_another_carrier_is_unknown_to_it(self):
        self.assertEqual(self._post(self._payload(self._ev("evt-x", "in_transit"))).status_code, 200)
        response = self._post(self._payload(self._ev("evt-x", "in_transit")), code="dd-other", secret="other-secret")
        self.assertEqual(response.status_code, 404, "the shipment is now tracked by the first carrier")

    def test_unknown_shipment_is_refused(self):
        body = self._payload(self._ev("evt-7", "delivered"), self._ev("evt-8", "delivered", shipment="NOPE/0001"))
        response = self._post(body)
        self.assertEqual(response.status_code, 404)
        self.assertIn("NOPE/0001", response.json()["reason"])
        self.assertEqual(self._event_count(), 0)

    def test_unknown_account_is_refused(self):
        response = self._post(self._payload(self._ev("evt-9", "delivered")), code="nobody")
        self.assertEqual(response.status_code, 404)

    def test_malformed_bodies_get_the_reason(self):
        cases = [
            (b"{not json", "not valid JSON"),
            (json.dumps([1, 2]).encode(), "expected a JSON object"),
            (json.dumps({"events": []}).encode(), "at least one event"),
            (
                self._payload({"event_id": "e1", "shipment": self.picking.name, "status": "delivered"}),
                "$.events[0].occurred_at: required",
            ),
            (self._payload(self._ev("e2", "teleported")), "$.events[0].status"),
            (self._payload(self._ev("e3", "delivered", at="yesterday")), "ISO 8601"),
            (self._payload(self._ev("e4", "delivered", at="2026-11-27T10:00:00")), "time zone"),
            (self._payload(self._ev("e5", "delivered", location={"lat": 95, "lng": 10})), "location.lat"),
            (self._payload(self._ev("e6", "delivered", location={"lat": 10})), "both lat and lng"),
            (self._payload(self._ev("e7", "delivered", proof={"type": "photo", "image_base64": "%%%"})), "base64"),
            (self._payload(self._ev("e8", "delivered"), self._ev("e8", "delivered")), "appears twice"),
        ]
        for body, reason in cases:
            with self.subTest(reason=reason):
                response = self._post(body)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn(reason, response.json()["reason"])
        self.assertEqual(self._event_count(), 0)

    def test_out_of_order_events_never_move_back(self):
        body = self._payload(
            self._ev("evt-10", "delivered", at="2026-11-27T12:00:00Z"),
            self._ev("evt-11", "out_for_delivery", at="2026-11-27T09:00:00Z"),
        )
        self.assertEqual(self._post(body).status_code, 200)
        self.assertEqual(self.order.dealer_stage, "delivered")
        late = self._payload(self._ev("evt-12", "in_transit", at="2026-11-27T08:00:00Z"))
        self.assertEqual(self._post(late).status_code, 200)
        self.assertEqual((self.picking.dealer_stage, self.order.dealer_stage), ("delivered", "delivered"))
        self.assertEqual(self._event_count(), 3, "late events are still kept in the history")

    def test_get_is_not_allowed(self):
        response = self.url_open("/dealer_delivery/webhook/dd-riders")
        self.assertEqual(response.status_code, 405)
