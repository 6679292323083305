"""Demo data of dealer_delivery that records alone cannot express: orders
taken through submission, picking and carrier events (core's pattern,
``account/demo/account_demo.py``). Called once from ``dealer_delivery_demo.xml``."""

from datetime import timedelta

from odoo import Command, api, fields, models

# A 1x1 transparent PNG standing in for a rider's signature capture.
DEMO_SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


class DealerDeliveryDemo(models.AbstractModel):
    _name = "dealer.delivery.demo"
    _description = "Dealer delivery demo builder"

    @api.model
    def _dealer_delivery_demo_build(self):
        """Demo data only: orders of the demo dealers in every stage, with
        carrier and rider events. Runs once, when demo data is loaded."""
        ref = self.env.ref
        dealer = ref("dealer_pricing.partner_northwind_dana_demo", raise_if_not_found=False)
        dealer2 = ref("dealer_pricing.partner_harbor_tom_demo", raise_if_not_found=False)
        riders = ref("dealer_delivery.dealer_carrier_account_riders_demo", raise_if_not_found=False)
        carrier = ref("dealer_delivery.dealer_carrier_account_carrier_demo", raise_if_not_found=False)
        if not dealer or not riders:
            return False
        dealer2 = dealer2 or dealer
        user = ref("dealer_pricing.user_dealer_demo", raise_if_not_found=False) or self.env.user
        products = {
            code: ref(f"dealer_pricing.product_tmpl_{code}_demo", raise_if_not_found=False)
            for code in ("bp_220", "bp_230", "bp_240", "rt_310", "hy_410", "of_110", "eo_510", "bp_251")
        }
        products = {code: tmpl.product_variant_id for code, tmpl in products.items() if tmpl}
        if len(products) < 8:
            return False
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        Quant = self.env["stock.quant"]
        for code in ("bp_220", "bp_230", "bp_240", "rt_310", "hy_410", "of_110", "eo_510"):
            Quant._update_available_quantity(products[code], warehouse.lot_stock_id, 60)
        now = fields.Datetime.now()

        def order(partner, lines, po, days_ago):
            submitted = now - timedelta(days=days_ago)
            return self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "client_order_ref": po,
                    "dealer_channel": "portal",
                    "order_line": [
                        Command.create({"product_id": products[c].id, "product_uom_qty": q}) for c, q in lines
                    ],
                }
            ), submitted

        admin = ref("base.user_admin", raise_if_not_found=False)

        def submit(so, submitted):
            """Through the one door: the order checks run, and what they block
            (demo stock, demo rules) is overridden by the demo sales manager."""
            result = so.action_dealer_submit(channel="portal")
            if result["outcome"] == "blocked" and admin:
                so.with_user(admin).action_dealer_override("Demo data")
            if so.dealer_fulfilment_state == "pending":
                # What the fulfilment job does right after a dealer's submission.
                so._dealer_run_fulfilment()
            # Backdated, as if the dealer had submitted it then.
            so.write({"dealer_submitted_at": submitted, "dealer_submitted_by": user.id})

        def ship(so, quantities=None):
            picking = so.picking_ids.filtered(lambda p: p._dealer_is_customer_delivery() and p.state != "done")[:1]
            picking.action_assign()
            for move in picking.move_ids:
                move.quantity = (quantities or {}).get(move.product_id.id, move.product_uom_qty)
                move.picked = True
            picking._action_done()
            picking.carrier_tracking_ref = f"RDR-{picking.id:05d}"
            return picking

        def event(picking, stage, hours_ago, account=riders, **vals):
            self.env["dealer.delivery.event"].create(
                {
                    "picking_id": picking.id,
                    "stage": stage,
                    "event_time": now - timedelta(hours=hours_ago),
                    "carrier_account_id": account.id,
                    "source": account.source,
                    "external_id": f"demo-{picking.id}-{stage}-{hours_ago}",
                    **vals,
                }
            )

        # Submitted, waiting for the order desk (a quotation the back office
        # has not confirmed: shown as submitted, never confirmed).
        so, at = order(dealer, [("bp_220", 10), ("of_110", 12)], "NW-PO-2311", 0)
        so.write({"dealer_submitted_at": at, "dealer_submitted_by": user.id})
        # Pending approval: a special price was asked for.
        so, at = order(dealer2, [("bp_230", 20)], "HB-7781", 1)
        line = so.order_line[:1]
        line.write(
            {
                "dealer_requested_price": line.price_unit * 0.9,
                "dealer_price_request_reason": "Fleet contract, matching a competitor quote",
            }
        )
        submit(so, at)
        # Confirmed, waiting for stock.
        so, at = order(dealer, [("bp_251", 8)], "NW-PO-2305", 2)
        submit(so, at)
        # Processing: reserved in the warehouse.
        so, at = order(dealer2, [("rt_310", 4), ("hy_410", 6)], "HB-7775", 2)
        submit(so, at)
        # Dispatched with the carrier, ETA from its last event.
        so, at = order(dealer, [("eo_510", 12)], "NW-PO-2298", 3)
        submit(so, at)
        picking = ship(so)
        picking.dealer_carrier_account_id = carrier or riders
        event(picking, "dispatched", 20, account=carrier or riders, location_text="Main warehouse dock 3")
        event(
            picking,
            "in_transit",
            6,
            account=carrier or riders,
            location_text="Salem sorting hub",
            latitude=44.9429,
            longitude=-123.0351,
            eta=now + timedelta(hours=20),
        )
        # Out for delivery: a rider on the road, with a live location.
        so, at = order(dealer, [("bp_240", 6), ("of_110", 6)], "NW-PO-2291", 4)
        submit(so, at)
        picking = ship(so)
        event(
            picking,
            "out_for_delivery",
            2,
            location_text="NW Front Ave near Fremont Bridge",
            latitude=45.5371,
            longitude=-122.6823,
            eta=now + timedelta(hours=1),
            note="Rider: Ravi K.",
        )
        # Delivered, with a proof of delivery.
        so, at = order(dealer, [("rt_310", 2)], "NW-PO-2280", 6)
        submit(so, at)
        picking = ship(so)
        event(picking, "out_for_delivery", 30, location_text="Portland depot", latitude=45.5152, longitude=-122.6784)
        event(
            picking,
            "delivered",
            27,
            location_text="1820 NW Industrial St, receiving bay",
            latitude=45.5412,
            longitude=-122.7045,
            note="Signed by M. Reyes",
            proof_type="signature",
            proof_image=DEMO_SIGNATURE,
        )
        # Partly delivered: one shipment delivered, the backorder still processing.
        so, at = order(dealer2, [("hy_410", 10), ("bp_220", 10)], "HB-7760", 8)
        submit(so, at)
        picking = ship(so, {products["hy_410"].id: 4})
        event(picking, "delivered", 50, location_text="Harbor Auto Supply, front desk", note="Partial: 4 of 10 HY-410")
        # Cancelled by the dealer.
        so, at = order(dealer2, [("of_110", 24)], "HB-7752", 9)
        submit(so, at)
        so._action_cancel()
        return True
