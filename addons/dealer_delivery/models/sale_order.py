import logging
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dealer_pricing.const import BACKOFFICE_CHANNELS, BLOCK, WARNING
from odoo.addons.dealer_pricing.tools.format import fmt_qty, product_ref, unit_label

from ..const import IN_TRANSIT_STAGES, ORDER_STAGES, rank
from ..tools.stage_columns import create_stage_columns

_logger = logging.getLogger(__name__)

# Orders the fulfilment job handles per run; the rest follow at once.
FULFILMENT_BATCH = 20

# Stages a sales order may go back to: a cancelled order, or one reset to draft.
RESET_STAGES = ("draft", "cancelled")
# The path shown to dealers, in order.
TIMELINE_STAGES = (
    "submitted",
    "pending_approval",
    "confirmed",
    "processing",
    "dispatched",
    "out_for_delivery",
    "delivered",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    dealer_stage = fields.Selection(
        ORDER_STAGES,
        compute="_compute_dealer_stage",
        store=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
        help="Where the order is, as the dealer sees it. It only moves forward, "
        "except when the order is cancelled or reset to draft.",
    )
    dealer_stage_at = fields.Datetime(
        "Stage Reached On", compute="_compute_dealer_stage", store=True, copy=False, readonly=True
    )
    dealer_stage_log_ids = fields.One2many("dealer.order.stage.log", "order_id", string="Stage History")
    dealer_event_ids = fields.One2many("dealer.delivery.event", "sale_id", string="Delivery Events")
    dealer_eta = fields.Datetime(
        "Expected Delivery",
        compute="_compute_dealer_eta",
        store=True,
        help="The next expected delivery of a shipment not yet delivered.",
    )

    dealer_fulfilment_state = fields.Selection(
        [("pending", "Queued"), ("failed", "Failed")],
        string="Background Fulfilment",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Queued: the order is confirmed and its delivery orders are being created in the "
        "background. Failed: they could not be created; see the message in the chatter, fix "
        "the cause and click Create Deliveries.",
    )
    dealer_fulfilment_error = fields.Text("Fulfilment Error", copy=False, readonly=True)

    # ------------------------------------------------------------------
    # Init
    # ------------------------------------------------------------------
    def _auto_init(self):
        create_stage_columns(self.env.cr, self._table)
        return super()._auto_init()

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends(
        "state",
        "dealer_submitted_at",
        "picking_ids.state",
        "picking_ids.dealer_stage",
        # The pick and pack steps (2- and 3-step deliveries) being picked.
        "picking_ids.move_ids.picked",
    )
    def _compute_dealer_stage(self):
        """The stage the order has reached (``_dealer_derive_stage``), never
        backwards except to draft or cancelled; each new stage is logged with
        the time it was reached. A new quotation has no stage yet."""
        logs = []
        for order in self:
            old, new = order.dealer_stage, order.dealer_stage
            if order.id:
                new = order._dealer_derive_stage()
            # The old value is read on purpose: the guard compares with it.
            if new == old or (not old and new == "draft"):
                continue
            if old and new not in RESET_STAGES and old not in RESET_STAGES and rank(new) < rank(old):
                continue
            at = order._dealer_stage_time(new)
            order.dealer_stage = new
            order.dealer_stage_at = at
            if new != "draft":
                logs.append({"order_id": order.id, "stage": new, "reached_at": at})
        if logs:
            # Logged where the stage is decided, so that no path moving it
            # (reservation, validation, events, confirmation) skips the log;
            # the log is history the dealer reads, not data anyone edits.
            self.env["dealer.order.stage.log"].sudo().create(logs)

    @api.depends("picking_ids.dealer_eta", "picking_ids.dealer_stage")
    def _compute_dealer_eta(self):
        for order in self:
            open_shipments = order.picking_ids.filtered(
                lambda p: p.dealer_stage and p.dealer_stage not in ("delivered", "cancelled") and p.dealer_eta
            )
            order.dealer_eta = min(open_shipments.mapped("dealer_eta")) if open_shipments else False

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def _action_confirm(self):
        # The order is confirmed before its stock moves exist: log that stage
        # now, the stage computed after them would skip it.
        self._dealer_sync_stage()
        return super()._action_confirm()

    # ------------------------------------------------------------------
    # Background fulfilment
    # ------------------------------------------------------------------
    def _dealer_submit(self, channel=None, submission_key=None):
        """With background fulfilment (the company's setting), a dealer's
        submission that confirms the order leaves the stock moves to the
        fulfilment job: the dealer's confirmation costs the same whatever the
        line count. The back office's own submissions are not deferred."""
        self.ensure_one()
        if self.company_id.dealer_async_fulfilment and channel not in BACKOFFICE_CHANNELS:
            self = self.with_context(dealer_defer_fulfilment=True)
        return super()._dealer_submit(channel=channel, submission_key=submission_key)

    def _dealer_dispatch(self, issues):
        """Log the submitted stage before the order moves on, and follow it
        after: an approval addon sets the order pending in its
        ``_dealer_request_approval``, in fields this stage does not depend on
        by name (``_dealer_is_pending_approval`` reads them)."""
        self._dealer_sync_stage()
        res = super()._dealer_dispatch(issues)
        self._dealer_sync_stage()
        return res

    def _dealer_queue_fulfilment(self):
        """Queue these confirmed orders for the fulfilment job and wake it up
        for right after the commit."""
        # The dealer's user may confirm but not write this technical state.
        self.sudo().write({"dealer_fulfilment_state": "pending", "dealer_fulfilment_error": False})
        self.env.ref("dealer_delivery.ir_cron_dealer_fulfilment").sudo()._trigger()

    @api.model
    def _dealer_cron_fulfilment(self, batch=FULFILMENT_BATCH):
        """Cron: create the delivery orders of queued orders, oldest first,
        ``batch`` orders per run; the cron is called again at once while
        orders remain."""
        queued = self.search([("dealer_fulfilment_state", "=", "pending")], order="id", limit=batch + 1)
        done = queued[:batch]._dealer_run_fulfilment()
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=max(len(queued) - batch, 0))
        return done

    def _dealer_run_fulfilment(self, raise_errors=False):
        """Launch the native procurement of each queued order (the same
        ``_action_launch_stock_rule`` confirmation runs without background
        fulfilment), each in its own savepoint. An order another transaction
        holds is left for the next run. On a procurement error the order is
        marked failed, the error posted and the salesperson given an
        activity; with ``raise_errors`` the error is raised instead.
        Returns the orders handled."""
        done = self.browse()
        # The lock query reads the column: pending writes of this transaction first.
        # NO KEY UPDATE, the lock an update takes: another run or a submission
        # holding the order is skipped, while rows pointing at the order (a
        # dealer's status look-up, say) are still written during the batch.
        self.flush_recordset(["dealer_fulfilment_state"])
        for order in self.filtered("dealer_fulfilment_state"):
            self.env.cr.execute(
                "SELECT id FROM sale_order WHERE id = %s AND dealer_fulfilment_state IS NOT NULL "
                "FOR NO KEY UPDATE SKIP LOCKED",
                (order.id,),
            )
            if not self.env.cr.fetchone():
                continue
            order.invalidate_recordset(["dealer_fulfilment_state", "state", "locked"])
            order = order.with_company(order.company_id)
            try:
                with self.env.cr.savepoint():
                    order._dealer_launch_procurement()
            except (UserError, ValidationError) as exc:
                if raise_errors:
                    raise
                order._dealer_fulfilment_failed(str(exc))
            except psycopg2.OperationalError:
                # A lock or serialisation conflict: the cron runs it again.
                raise
            except Exception as exc:
                if raise_errors:
                    raise
                _logger.exception("Background fulfilment of %s failed", order.name)
                order._dealer_fulfilment_failed(str(exc) or exc.__class__.__name__)
            done |= order
        return done

    def _dealer_launch_procurement(self):
        """Native procurement for one queued order."""
        self.ensure_one()
        if self.state == "sale":
            # Orders locked at confirmation (the "lock confirmed sales"
            # setting) are launched as native does: before the lock.
            locked = self.locked
            if locked:
                self.sudo().locked = False
            self.order_line._action_launch_stock_rule()
            if locked:
                self.sudo().locked = True
        self.sudo().write({"dealer_fulfilment_state": False, "dealer_fulfilment_error": False})

    def _dealer_fulfilment_failed(self, error):
        """Keep the order confirmed, say why its deliveries are missing and
        ask its salesperson to act."""
        self.ensure_one()
        order_sudo = self.sudo()
        order_sudo.write({"dealer_fulfilment_state": "failed", "dealer_fulfilment_error": error})
        body = self.env._("The delivery orders could not be created: %(error)s", error=error)
        order_sudo.message_post(body=body)
        order_sudo.activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("Create the deliveries of this dealer order"),
            note=body,
            user_id=order_sudo.user_id.id or self.env.ref("base.user_admin").id,
        )

    def action_dealer_run_fulfilment(self):
        """Button: create the deliveries of queued or failed orders now, and
        show the error if it persists."""
        self.check_access("write")
        self._dealer_run_fulfilment(raise_errors=True)
        return True

    def action_view_dealer_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_delivery.dealer_delivery_event_action")
        action["domain"] = [("sale_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # The order-check pipeline
    # ------------------------------------------------------------------
    @api.model
    def _dealer_order_checkers(self):
        """Add ``qty_above_stock``: a quantity above the free stock of the
        dealer's warehouse is a warning when the dealer's tier in the order's
        division allows backorders, a
        block otherwise. The message gives both numbers and the date the rest
        is expected."""
        return super()._dealer_order_checkers() + ["_dealer_stock_issues"]

    def _dealer_stock_issues(self, lines, issues=None):
        """Stock issues of ``lines``; quantities of the same product on several
        lines add up and the issue is reported on the first of them."""
        self.ensure_one()
        if not lines:
            return []
        partner = self.partner_id.commercial_partner_id
        availability = lines.product_id.with_company(self.company_id)._dealer_get_availability(partner)
        # The backorder policy of the dealer's terms in the order's division.
        allow = self.dealer_tier_id.sudo().dealer_allow_backorder
        wanted = defaultdict(float)
        first_line = {}
        for line in lines:
            product = line.product_id
            qty = line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id, round=False)
            wanted[product.id] += qty
            first_line.setdefault(product.id, line)
        issues = []
        for product_id, qty in wanted.items():
            info = availability.get(product_id)
            if not info or not info["tracked"]:
                continue
            available = max(info["qty"], 0.0)
            if qty <= available + 1e-6:
                continue
            line = first_line[product_id]
            product = line.product_id
            label = product_ref(product)
            unit = unit_label(product.uom_id)
            if info["incoming_date"]:
                rest = self.env._("the rest expected %(date)s", date=product._dealer_format_date(info["incoming_date"]))
            else:
                rest = self.env._("no date for the rest yet")
            message = self.env._(
                "Only %(available)s of %(qty)s %(unit)s of %(product)s available; %(rest)s.",
                available=fmt_qty(available),
                qty=fmt_qty(qty),
                unit=unit,
                product=label,
                rest=rest,
            )
            if allow:
                hint = self.env._("What is in stock ships now; the rest follows as a backorder.")
            elif available > 0:
                hint = self.env._(
                    "Order at most %(available)s now, and the rest when it is back.", available=fmt_qty(available)
                )
            else:
                hint = self.env._("Remove this line, or order it when it is back in stock.")
            issues.append(
                self._dealer_issue(
                    "qty_above_stock",
                    WARNING if allow else BLOCK,
                    message,
                    hint,
                    line=line,
                    values={
                        "available": available,
                        "qty": qty,
                        "incoming_date": info["incoming_date"] or False,
                        "backorder_allowed": bool(allow),
                    },
                )
            )
        return issues

    # ------------------------------------------------------------------
    # Fulfilment stages
    # ------------------------------------------------------------------
    def _dealer_derive_stage(self):
        """The stage the order's state, approval and shipments prove now:
        cancelled; draft / submitted / pending approval before confirmation;
        then the least advanced customer shipment, raised to processing as
        soon as any shipment or pick step has started. Extend the result
        with ``_dealer_compute_stage_extra``."""
        self.ensure_one()
        if self.state == "cancel":
            stage = "cancelled"
        elif self.state in ("draft", "sent"):
            if not self.dealer_submitted_at:
                stage = "draft"
            elif self._dealer_is_pending_approval():
                stage = "pending_approval"
            else:
                stage = "submitted"
        else:
            stage = "confirmed"
            active = self.picking_ids.filtered(lambda p: p.state != "cancel")
            shipments = active.filtered(lambda p: p._dealer_is_customer_delivery())
            # Pick and pack steps still open (2- and 3-step warehouses create
            # the delivery itself only when the previous step is done).
            upstream = (active - shipments).filtered(lambda p: p.state != "done" and p._dealer_feeds_customer())
            stages = [p.dealer_stage or p._dealer_derive_stage() for p in shipments]
            stages += [
                "processing" if p.state == "assigned" or any(m.picked for m in p.move_ids) else "confirmed"
                for p in upstream
            ]
            if stages:
                stage = min(stages, key=rank)
                started = any(rank(s) >= rank("processing") for s in stages) or any(
                    p.state in ("assigned", "done") for p in active
                )
                if rank(stage) < rank("processing") and started:
                    stage = "processing"
        return self._dealer_compute_stage_extra(stage)

    def _dealer_compute_stage_extra(self, stage):
        """Hook: return the stage to show instead of ``stage``, the stage
        derived from the order and its shipments. Default: unchanged."""
        return stage

    def _dealer_sync_stage(self):
        """Bring the stage up to date now, where a stage must be logged before
        the order moves on (the compute alone would only see the last)."""
        self.env.add_to_compute(self._fields["dealer_stage"], self.filtered("id"))
        self._recompute_recordset(["dealer_stage"])

    def _dealer_stage_time(self, stage):
        self.ensure_one()
        if stage == "submitted" and self.dealer_submitted_at:
            return self.dealer_submitted_at
        if stage in ("dispatched", "out_for_delivery", "delivered"):
            times = self.picking_ids.filtered(lambda p: p.dealer_stage == stage).mapped("dealer_stage_at")
            if times:
                return max(times)
        return fields.Datetime.now()

    def _dealer_timeline(self):
        """The order's path for the dealer: a list of ``{stage, label, at,
        done}`` from submitted to delivered (pending approval only when the
        order went through it; cancelled appended when it was). ``at`` is
        when the stage was first reached, or False."""
        self.ensure_one()
        labels = dict(self._fields["dealer_stage"]._description_selection(self.env))
        reached = {}
        for log in self.dealer_stage_log_ids.sorted(lambda l: (l.reached_at, l.id)):
            reached.setdefault(log.stage, log.reached_at)
        if self.dealer_submitted_at:
            reached.setdefault("submitted", self.dealer_submitted_at)
        if self.dealer_confirmed_at:
            reached.setdefault("confirmed", self.dealer_confirmed_at)
        current = self.dealer_stage or "draft"
        cancelled = current == "cancelled"
        top = max((rank(s) for s in reached if s != "cancelled"), default=-1) if cancelled else rank(current)
        timeline = []
        for stage in TIMELINE_STAGES:
            if stage == "pending_approval" and stage not in reached and current != stage:
                continue
            timeline.append(
                {
                    "stage": stage,
                    "label": labels[stage],
                    "at": reached.get(stage, False),
                    "done": rank(stage) <= top,
                }
            )
        if cancelled:
            timeline.append(
                {
                    "stage": "cancelled",
                    "label": labels["cancelled"],
                    "at": reached.get("cancelled", False),
                    "done": True,
                }
            )
        return timeline

    def _dealer_shipments(self):
        """One dict per customer shipment (partial deliveries and backorders
        each have their own): ``{picking, name, stage, stage_label, eta,
        events, last_location, is_backorder, date_done, tracking_ref,
        tracking_url, lines}``; ``events`` newest first, ``lines`` a list of
        ``{product, qty, uom}``."""
        self.ensure_one()
        labels = dict(self.env["stock.picking"]._fields["dealer_stage"]._description_selection(self.env))
        # Dealers cannot read pickings; only the fields below are shown.
        pickings_sudo = self.sudo().picking_ids.filtered(lambda p: p._dealer_is_customer_delivery())
        shipments = []
        for picking in pickings_sudo.sorted("id"):
            stage = picking.dealer_stage or picking._dealer_derive_stage()
            shipments.append(
                {
                    "picking": picking,
                    "name": picking.name,
                    "stage": stage,
                    "stage_label": labels.get(stage, ""),
                    "eta": picking.dealer_eta if stage not in ("delivered", "cancelled") else False,
                    "events": picking.dealer_event_ids.sorted(lambda e: (e.event_time, e.id), reverse=True),
                    "last_location": picking._dealer_last_location(),
                    "is_backorder": bool(picking.backorder_id),
                    "date_done": picking.date_done,
                    "tracking_ref": picking.carrier_tracking_ref or False,
                    "tracking_url": picking.carrier_tracking_url or False,
                    "in_transit": stage in IN_TRANSIT_STAGES,
                    "lines": [
                        {
                            "product": move.product_id,
                            "qty": move.quantity if picking.state == "done" else move.product_uom_qty,
                            "uom": move.product_uom,
                        }
                        for move in picking.move_ids
                        if move.state != "cancel"
                    ],
                }
            )
        return shipments
