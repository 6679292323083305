import json
import time

from odoo.exceptions import ValidationError
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
        # Assigned in the back office: an account only posts for its own shipments.
        cls.picking.write({"carrier_tracking_ref": "TRK-778899", "dealer_carrier_account_id": cls.account.id})

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


@tagged("post_install", "-at_install")
class TestWebhookShipmentScope(DealerDeliveryHttpCommon):
    """Whoever holds one account's secret (a rider app on riders' phones)
    posts only for the shipments assigned to that account, and never takes
    a shipment past dispatched before the warehouse validated it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 50)
        Account = cls.env["dealer.carrier.account"]
        cls.riders = Account.create(
            {"name": "DD Riders", "code": "dd-scope-riders", "source": "rider_app", "secret": "riders-secret"}
        )
        cls.carrier = Account.create({"name": "DD Freight", "code": "dd-scope-freight", "secret": "freight-secret"})

        def shipment(done):
            order = cls._make_order([(cls.product_a, 1)])
            cls._confirm(order)
            picking = order.picking_ids
            picking.action_assign()
            if done:
                picking.move_ids.write({"quantity": 1, "picked": True})
                picking._action_done()
            return picking

        cls.unassigned = shipment(done=True)
        cls.freight_shipment = shipment(done=True)
        cls.freight_shipment.dealer_carrier_account_id = cls.carrier
        cls.riders_shipment = shipment(done=True)
        cls.riders_shipment.dealer_carrier_account_id = cls.riders
        cls.riders_not_shipped = shipment(done=False)
        cls.riders_not_shipped.dealer_carrier_account_id = cls.riders

    def _post(self, *events, code="dd-scope-riders", secret="riders-secret"):
        body = json.dumps({"events": list(events)}).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Dealer-Timestamp": timestamp,
            "X-Dealer-Signature": "sha256=" + sign(secret, timestamp, body),
        }
        return self.url_open(f"/dealer_delivery/webhook/{code}", data=body, headers=headers)

    def _ev(self, event_id, status, picking, **extra):
        return {
            "event_id": event_id,
            "shipment": picking.name,
            "status": status,
            "occurred_at": "2026-11-27T10:00:00Z",
            **extra,
        }

    def _dealer_messages(self, picking, text):
        return self.env["mail.message"].search(
            [
                ("model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
                ("partner_ids", "in", self.dealer_user.partner_id.ids),
                ("body", "ilike", text),
            ]
        )

    def test_unassigned_shipment_is_unknown_and_never_claimed(self):
        response = self._post(self._ev("scope-1", "delivered", self.unassigned, note="Left at the gate"))
        self.assertEqual(response.status_code, 404, response.text)
        self.assertIn(self.unassigned.name, response.json()["reason"])
        self.assertFalse(self.unassigned.dealer_carrier_account_id, "the shipment is not claimed")
        self.assertFalse(self.unassigned.dealer_event_ids)
        self.assertEqual(self.unassigned.dealer_stage, "dispatched")
        self.assertFalse(self._dealer_messages(self.unassigned, "delivered"), "no delivery email")

    def test_another_accounts_shipment_is_unknown(self):
        response = self._post(self._ev("scope-2", "out_for_delivery", self.freight_shipment))
        self.assertEqual(response.status_code, 404, response.text)
        self.assertFalse(self.freight_shipment.dealer_event_ids)
        self.assertEqual(self.freight_shipment.dealer_carrier_account_id, self.carrier)
        # Found by the tracking number just the same.
        self.freight_shipment.carrier_tracking_ref = "FRT-1"
        response = self._post({**self._ev("scope-3", "delivered", self.freight_shipment), "shipment": "FRT-1"})
        self.assertEqual(response.status_code, 404, response.text)
        self.assertFalse(self.freight_shipment.dealer_event_ids)

    def test_delivered_before_the_warehouse_validated_is_refused(self):
        picking = self.riders_not_shipped
        for status in ("delivered", "out_for_delivery", "failed_attempt"):
            with self.subTest(status=status):
                response = self._post(self._ev(f"scope-early-{status}", status, picking))
                self.assertEqual(response.status_code, 422, response.text)
                self.assertEqual(response.json()["error"], "not_dispatched")
                self.assertIn(picking.name, response.json()["reason"])
        self.assertFalse(picking.dealer_event_ids)
        self.assertNotIn(picking.dealer_stage, ("out_for_delivery", "delivered"))
        self.assertFalse(self._dealer_messages(picking, "delivered"), "no delivery email")
        # The whole batch is refused, a good event with it.
        response = self._post(
            self._ev("scope-ok", "delivered", self.riders_shipment), self._ev("scope-bad", "delivered", picking)
        )
        self.assertEqual(response.status_code, 422, response.text)
        self.assertFalse(self.riders_shipment.dealer_event_ids)
        # Picked up by the carrier is still news worth having.
        response = self._post(self._ev("scope-pickup", "in_transit", picking))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(picking.dealer_stage, "dispatched")

    def test_assigned_shipment_follows_its_carrier(self):
        picking = self.riders_shipment
        response = self._post(self._ev("scope-4", "out_for_delivery", picking))
        self.assertEqual(response.status_code, 200, response.text)
        response = self._post(self._ev("scope-5", "delivered", picking, occurred_at="2026-11-27T11:00:00Z"))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual((picking.dealer_stage, picking.sale_id.dealer_stage), ("delivered", "delivered"))
        self.assertTrue(self._dealer_messages(picking, "has been delivered"))
        # Once the warehouse validates it, the early delivery is accepted too.
        late = self.riders_not_shipped
        late.move_ids.write({"quantity": 1, "picked": True})
        late._action_done()
        response = self._post(self._ev("scope-6", "delivered", late))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(late.dealer_stage, "delivered")

    def test_delivery_method_assigns_its_account(self):
        service = self.env["product.product"].create({"name": "DD Freight charge", "type": "service"})
        method = self.env["delivery.carrier"].create(
            {"name": "DD Freight", "product_id": service.id, "dealer_carrier_account_id": self.carrier.id}
        )
        self.unassigned.carrier_id = method
        self.assertEqual(self.unassigned.dealer_carrier_account_id, self.carrier)
        response = self._post(
            self._ev("scope-7", "delivered", self.unassigned), code=self.carrier.code, secret="freight-secret"
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.unassigned.dealer_stage, "delivered")

    def test_no_path_records_delivery_of_a_shipment_still_in_the_warehouse(self):
        picking = self.riders_not_shipped
        with self.assertRaises(ValidationError):
            self._event(picking, "delivered")
        wizard = self.env["dealer.delivery.event.wizard"].create({"picking_id": picking.id, "stage": "delivered"})
        with self.assertRaises(ValidationError):
            wizard.action_confirm()
        self.assertFalse(picking.dealer_event_ids)

    def test_early_delivery_recorded_before_this_rule_is_not_shown(self):
        picking = self.riders_not_shipped
        # An event left by the former webhook, which accepted it (written
        # around the rule, as it was then).
        self.env.cr.execute(
            """INSERT INTO dealer_delivery_event (picking_id, company_id, stage, event_time, source)
               VALUES (%s, %s, 'delivered', now() at time zone 'utc', 'rider_app')""",
            (picking.id, picking.company_id.id),
        )
        self.env.invalidate_all()
        picking._dealer_sync_stage()
        self.assertEqual(len(picking.dealer_event_ids), 1)
        self.assertNotIn(picking.dealer_stage, ("out_for_delivery", "delivered"))
        self.assertNotEqual(picking.sale_id.dealer_stage, "delivered")
        self.assertFalse(self._dealer_messages(picking, "delivered"), "no delivery email")
