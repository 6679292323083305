"""Demo roll-out history: six months of dealer orders over every channel, a
pilot wave live for four months (its portal share rises, its status calls
fall), a second wave planned and held by one pricing-audit finding, status
calls and messages, and orders corrected after submission. Records alone
cannot say this (dates in the past, orders through the one door), hence a
builder (core's pattern, ``account/demo/account_demo.py``), called once from
``dealer_rollout_demo.xml``."""

import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

PRODUCT_CODES = ("bp_220", "bp_230", "bp_240", "rt_310", "hy_410", "of_110", "eo_510")

# Channel mix of the informal period, then the portal's share month by month
# after a dealer goes live (the pilot's adoption curve).
INFORMAL_MIX = (("phone", 4), ("whatsapp", 3), ("email", 2), ("backoffice", 1))
PORTAL_SHARE_AFTER_LIVE = (0.4, 0.6, 0.75, 0.85, 0.9)
# Status calls and messages a month from a pilot dealer: eight before it
# tracks orders on the portal, then fewer month by month.
STATUS_CALLS_AFTER_LIVE = (5, 3, 2, 1)

# Hours from submission to confirmation by channel: an order keyed from a
# call or a message waits for the order desk; the portal's confirms at once
# unless it needs an approval.
CONFIRM_HOURS = {"portal": 0.2, "phone": 3.0, "whatsapp": 5.0, "email": 7.0, "backoffice": 4.0}


class DealerRolloutDemo(models.AbstractModel):
    _name = "dealer.rollout.demo"
    _description = "Dealer roll-out demo builder"

    @api.model
    def _dealer_rollout_demo_build(self):
        ref = self.env.ref
        admin = ref("base.user_admin", raise_if_not_found=False)
        dealers = {
            key: ref(f"dealer_pricing.partner_{key}_demo", raise_if_not_found=False)
            for key in ("northwind", "harbor", "summit", "lakeview", "canyon")
        }
        products = [ref(f"dealer_pricing.product_tmpl_{code}_demo", raise_if_not_found=False) for code in PRODUCT_CODES]
        bayside = ref("dealer_pricing.partner_bayside_demo", raise_if_not_found=False)
        if not admin or not bayside or not all(dealers.values()) or not all(products):
            return False
        products = [tmpl.product_variant_id for tmpl in products]
        rng = random.Random(47)
        today = fields.Date.context_today(self)
        this_month = today.replace(day=1)
        # Live for four months: since the first of the month, three months ago.
        pilot_live = this_month - relativedelta(months=3)

        Wave = self.env["dealer.rollout.wave"]
        pilot = Wave.create(
            {
                "name": "Pilot: Pacific North-West",
                "planned_date": pilot_live,
                "partner_ids": [Command.set([dealers["northwind"].id, dealers["harbor"].id])],
            }
        )
        second = Wave.create(
            {
                "name": "Wave 2: Mountain and Desert",
                "planned_date": today + timedelta(days=21),
                "partner_ids": [Command.set([dealers[k].id for k in ("summit", "lakeview", "canyon")] + [bayside.id])],
            }
        )
        # The pilot opened four months ago: its state and go-live dates as
        # the wave's own action would have written them then.
        opened_at = datetime.combine(pilot_live, time(9, 0))
        pilot.write(
            {
                "state": "pilot",
                "live_date": pilot_live,
                "opened_at": opened_at,
                "opened_by_id": admin.id,
                "invited_at": opened_at,
                "invited_by_id": admin.id,
            }
        )
        pilot.partner_ids.write({"dealer_live_date": pilot_live})

        # Six months of orders, the current one included.
        plan = []  # (dealer, month start, channel)
        for months_ago in range(5, -1, -1):
            month = this_month - relativedelta(months=months_ago)
            for key, dealer in dealers.items():
                count = {"northwind": 6, "harbor": 5, "summit": 3, "lakeview": 2, "canyon": 2}[key]
                live = dealer.dealer_live_date and month >= dealer.dealer_live_date.replace(day=1)
                share = 0.0
                if live:
                    index = (month.year - pilot_live.year) * 12 + month.month - pilot_live.month
                    share = PORTAL_SHARE_AFTER_LIVE[min(index, len(PORTAL_SHARE_AFTER_LIVE) - 1)]
                for __ in range(count):
                    channel = "portal" if rng.random() < share else self._demo_informal_channel(rng)
                    plan.append((dealer, month, channel))
        entries = []
        for dealer, month, channel in plan:
            last_day = (month + relativedelta(months=1) - timedelta(days=1)).day
            limit_day = today.day - 1 if month == this_month else last_day
            if limit_day < 1:
                continue
            day = month.replace(day=rng.randint(1, limit_day))
            submitted = datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))
            # What the dealer may order, in quantities its tier's rules accept.
            orderable = dealer._dealer_allowed_products(self.env["product.product"].concat(*products))
            rules = dealer.dealer_tier_id._get_quantity_rules(orderable)
            lines = [
                (product, self._demo_quantity(rules[product.id], rng))
                for product in rng.sample(list(orderable), min(len(orderable), rng.choice((1, 1, 2))))
            ]
            entries.append((dealer, channel, submitted, lines))
        # The stock these orders take, received beforehand, so that they
        # pass the stock check and ship without changing today's stock.
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        needed = {}
        for __, __, __, lines in entries:
            for product, quantity in lines:
                needed[product] = needed.get(product, 0) + quantity
        for product, quantity in needed.items():
            self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, quantity)

        orders = self.env["sale.order"]
        times = {}
        for dealer, channel, submitted, lines in entries:
            order = self.env["sale.order"].create(
                {
                    "partner_id": dealer.id,
                    # The history is with the division of the dealer's own tier
                    # (a dealer of two divisions would otherwise leave it open).
                    "dealer_division_id": dealer.dealer_tier_id.division_id.id,
                    "client_order_ref": f"{dealer.name[:2].upper()}-{rng.randint(1000, 9999)}",
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": quantity})
                        for product, quantity in lines
                    ],
                }
            )
            order.action_dealer_submit(channel=channel)
            if order.state != "sale":
                # Stopped by the checks (the blocked attempt is history too),
                # then dropped by the dealer.
                order.action_cancel()
                continue
            if order.dealer_fulfilment_state == "pending":
                # What the fulfilment job does right after a submission.
                order._dealer_run_fulfilment()
            orders |= order
            confirmed = submitted + timedelta(hours=CONFIRM_HOURS[channel] * rng.uniform(0.5, 1.5))
            times[order.id] = (submitted, confirmed)
        self._demo_ship_and_invoice(orders, times, this_month)

        self._demo_correct_orders(orders, times, rng, admin)
        self._demo_backdate_orders(times)
        self._demo_status_queries(dealers, this_month, today, rng, admin)
        self._demo_hold_second_wave(second)
        # The measures of this history, at once rather than at the hourly refresh.
        self.env["dealer.portal.kpi"]._kpi_refresh()
        return True

    @api.model
    def _demo_quantity(self, rule, rng):
        """A quantity the dealer's rule accepts (``dealer.tier._get_quantity_rules``):
        whole packs, at least the minimum, at most the maximum."""
        step = rule["multiple"] or 1
        low = max(rule["min"], step)
        packs = int(-(-low // step)) + rng.choice((0, 0, 1, 2))
        quantity = packs * step
        if rule["max"] and quantity > rule["max"]:
            quantity = int(rule["max"] // step) * step
        return quantity

    @api.model
    def _demo_ship_and_invoice(self, orders, times, this_month):
        """Orders of past weeks were delivered; each month's were invoiced at
        its end and paid, but for the last month's (still open)."""
        recent = fields.Datetime.now() - timedelta(days=7)
        for order in orders.filtered(lambda o: times[o.id][0] < recent):
            for picking in order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")):
                picking.action_assign()
                for move in picking.move_ids:
                    move.quantity = move.product_uom_qty
                    move.picked = True
                picking._action_done()
        groups = {}
        for order in orders.filtered(lambda o: o.invoice_status == "to invoice"):
            month = times[order.id][0].date().replace(day=1)
            if month < this_month:
                groups.setdefault((order.partner_id.commercial_partner_id, month), []).append(order.id)
        last_month = this_month - relativedelta(months=1)
        to_pay = self.env["account.move"]
        for (__, month), order_ids in groups.items():
            invoices = self.env["sale.order"].browse(order_ids)._create_invoices()
            invoices.invoice_date = month + relativedelta(months=1) - timedelta(days=1)
            invoices.action_post()
            if month < last_month:
                to_pay |= invoices
        for invoice in to_pay:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": invoice.invoice_date + timedelta(days=20)})._create_payments()

    @api.model
    def _demo_informal_channel(self, rng):
        channels = [channel for channel, weight in INFORMAL_MIX for __ in range(weight)]
        return rng.choice(channels)

    @api.model
    def _demo_correct_orders(self, orders, times, rng, admin):
        """About one order in nine needed a correction after submission; the
        portal's fewer (its checks ran before the dealer sent it)."""
        reasons = self.env["dealer.order.correction.reason"].search([])
        if not reasons:
            return
        corrected = orders.filtered(lambda o: rng.random() < (0.04 if o.dealer_channel == "portal" else 0.16))
        for order in corrected:
            line = order.order_line.filtered(lambda line: not line.display_type)[:1]
            order.with_user(admin).write(
                {
                    "dealer_correction_reason_id": rng.choice(reasons).id,
                    "order_line": [Command.update(line.id, {"product_uom_qty": line.product_uom_qty + 2})],
                }
            )
        rows = self.env["dealer.order.correction"].search([("order_id", "in", corrected.ids)])
        for row in rows:
            submitted, confirmed = times[row.order_id.id]
            self.env.cr.execute(
                SQL(
                    "UPDATE dealer_order_correction SET date = %s WHERE id = %s",
                    confirmed + timedelta(hours=rng.randint(1, 30)),
                    row.id,
                )
            )
        rows.invalidate_recordset()

    @api.model
    def _demo_backdate_orders(self, times):
        """As if each order had been submitted and confirmed on its day."""
        for order_id, (submitted, confirmed) in times.items():
            self.env.cr.execute(
                SQL(
                    """UPDATE sale_order SET date_order = %(sub)s, create_date = %(sub)s,
                              dealer_submitted_at = %(sub)s, dealer_confirmed_at = %(conf)s
                        WHERE id = %(id)s""",
                    sub=submitted,
                    conf=confirmed,
                    id=order_id,
                )
            )
            self.env.cr.execute(
                SQL("UPDATE dealer_order_attempt SET create_date = %s WHERE order_id = %s", submitted, order_id)
            )
        self.env["sale.order"].invalidate_model()
        self.env["dealer.order.attempt"].invalidate_model()

    @api.model
    def _demo_status_queries(self, dealers, this_month, today, rng, admin):
        """Calls and messages asking where an order is: steady for dealers
        not yet live, falling for the pilot once its dealers track orders on
        the portal."""
        Query = self.env["dealer.status.query"]
        values = []
        for months_ago in range(5, -1, -1):
            month = this_month - relativedelta(months=months_ago)
            for dealer in dealers.values():
                live = dealer.dealer_live_date
                if live and month >= live.replace(day=1):
                    index = (month.year - live.year) * 12 + month.month - live.month
                    count = STATUS_CALLS_AFTER_LIVE[min(index, len(STATUS_CALLS_AFTER_LIVE) - 1)]
                else:
                    count = 8 if dealer.name.startswith(("Northwind", "Harbor")) else 5
                last_day = today.day if month == this_month else 28
                for __ in range(count):
                    channel = rng.choice(("phone", "phone", "phone", "email", "whatsapp"))
                    values.append(
                        {
                            "partner_id": dealer.id,
                            "channel": channel,
                            "date": datetime.combine(month.replace(day=rng.randint(1, last_day)), time(10, 0)),
                            "minutes": rng.choice((3, 4, 5, 6, 8)) if channel == "phone" else 0,
                            "answered": "person" if channel == "phone" else rng.choice(("auto", "person")),
                            "user_id": admin.id if channel == "phone" else False,
                        }
                    )
        Query.create(values)

    @api.model
    def _demo_hold_second_wave(self, wave):
        """The second wave waits for one pricing fix: one of its dealers,
        Bayside, has no tier yet (the demo's deliberate audit finding). The
        gate audit is run, and holds the wave with that one finding."""
        wave._dealer_run_gate_audit()
        return wave
