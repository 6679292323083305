from odoo import api, fields, models

from ..const import EVENT_TO_STAGE, NOTIFIED_STAGES, SHIPMENT_STAGES, rank
from ..tools.stage_columns import create_stage_columns

# The furthest stage events alone may prove: past it, the delivery order must
# be done (goods validated out of the warehouse).
LAST_STAGE_BEFORE_DONE = "dispatched"

# How far back the move chain of a 2- or 3-step delivery is followed.
MAX_CHAIN_DEPTH = 6


class StockPicking(models.Model):
    _name = "stock.picking"
    # The mixin first: its mail hooks wrap the model's own.
    _inherit = ["dealer.brand.mixin", "stock.picking"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    dealer_stage = fields.Selection(
        SHIPMENT_STAGES,
        string="Shipment Stage",
        compute="_compute_dealer_stage",
        store=True,
        copy=False,
        readonly=True,
        index=True,
    )
    dealer_stage_at = fields.Datetime(
        "Stage Reached On", compute="_compute_dealer_stage", store=True, copy=False, readonly=True
    )
    dealer_event_ids = fields.One2many("dealer.delivery.event", "picking_id", string="Delivery Events")
    dealer_event_count = fields.Integer(compute="_compute_dealer_event_count")
    dealer_last_event_id = fields.Many2one(
        "dealer.delivery.event", compute="_compute_dealer_last_event_id", string="Last Event"
    )
    dealer_eta = fields.Datetime(
        "Expected Delivery",
        compute="_compute_dealer_eta",
        store=True,
        help="From the carrier's latest event if it gave one, else the scheduled date.",
    )
    dealer_carrier_account_id = fields.Many2one(
        "dealer.carrier.account",
        string="Tracking Account",
        compute="_compute_dealer_carrier_account_id",
        store=True,
        readonly=False,
        index="btree_not_null",
    )
    dealer_is_customer_delivery = fields.Boolean(compute="_compute_dealer_is_customer_delivery")

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
        "picking_type_code",
        "location_dest_id.usage",
        "move_ids.picked",
        # The pick and pack steps of 2- and 3-step deliveries (the steps
        # Odoo's warehouses create; ``_dealer_upstream_started`` reads up to
        # MAX_CHAIN_DEPTH steps whenever the stage is computed). Their state
        # only: their picked flags would cost a look-up per move written, and
        # the order's stage follows its pick and pack pickings directly.
        "move_ids.move_orig_ids.state",
        "move_ids.move_orig_ids.move_orig_ids.state",
        "dealer_event_ids.stage",
    )
    def _compute_dealer_stage(self):
        """The stage each customer shipment has reached (``_dealer_derive_stage``),
        never backwards except to cancelled, stamped with the time it was
        reached. Other pickings have none."""
        for picking in self:
            old, new = picking.dealer_stage, picking.dealer_stage
            if picking.id and picking._dealer_is_customer_delivery():
                new = picking._dealer_derive_stage()
            # The old value is read on purpose: the guard compares with it.
            if new == old or (new != "cancelled" and old != "cancelled" and rank(new) < rank(old)):
                continue
            picking.dealer_stage = new
            picking.dealer_stage_at = picking._dealer_stage_time(new)

    def _compute_dealer_event_count(self):
        groups = self.env["dealer.delivery.event"]._read_group(
            [("picking_id", "in", self.ids)], ["picking_id"], ["__count"]
        )
        counts = {picking.id: count for picking, count in groups}
        for picking in self:
            picking.dealer_event_count = counts.get(picking.id, 0)

    @api.depends("dealer_event_ids.event_time")
    def _compute_dealer_last_event_id(self):
        for picking in self:
            picking.dealer_last_event_id = picking.dealer_event_ids.sorted(
                lambda e: (e.event_time, e.id), reverse=True
            )[:1]

    @api.depends("scheduled_date", "dealer_event_ids.eta", "dealer_event_ids.event_time")
    def _compute_dealer_eta(self):
        for picking in self:
            with_eta = picking.dealer_event_ids.filtered("eta").sorted(lambda e: (e.event_time, e.id), reverse=True)
            picking.dealer_eta = with_eta[:1].eta or picking.scheduled_date

    @api.depends("carrier_id")
    def _compute_dealer_carrier_account_id(self):
        for picking in self:
            if picking.carrier_id.dealer_carrier_account_id:
                picking.dealer_carrier_account_id = picking.carrier_id.dealer_carrier_account_id

    @api.depends("picking_type_code", "location_dest_id.usage")
    def _compute_dealer_is_customer_delivery(self):
        for picking in self:
            picking.dealer_is_customer_delivery = picking._dealer_is_customer_delivery()

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def _action_done(self):
        stages = self._dealer_stages()
        res = super()._action_done()
        self._dealer_stage_moved(stages)
        return res

    def action_dealer_add_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Delivery Event"),
            "res_model": "dealer.delivery.event.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    def action_view_dealer_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_delivery.dealer_delivery_event_action")
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {"default_picking_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_is_customer_delivery(self):
        """A shipment the dealer sees: the last step, out to the customer."""
        self.ensure_one()
        return self.picking_type_code == "outgoing" and self.location_dest_id.usage == "customer"

    def _dealer_feeds_customer(self):
        """A pick or pack step whose goods end at a customer."""
        self.ensure_one()
        return any(
            m.location_final_id.usage == "customer" or m.location_dest_id.usage == "customer" for m in self.move_ids
        )

    def _dealer_derive_stage(self):
        """The shipment stage the warehouse and the events prove now, ignoring
        what was shown before: cancelled; else the furthest of the events'
        stage and the warehouse stage (done = dispatched; reserved, being
        picked, or an earlier pick/pack step started = processing; else
        confirmed). Events never take a delivery order that is not done past
        dispatched."""
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        stage = "confirmed"
        if self.state == "done":
            stage = "dispatched"
        elif self.state == "assigned" or any(m.picked for m in self.move_ids) or self._dealer_upstream_started():
            stage = "processing"
        for event in self.dealer_event_ids:
            event_stage = EVENT_TO_STAGE.get(event.stage)
            if self.state != "done" and rank(event_stage) > rank(LAST_STAGE_BEFORE_DONE):
                event_stage = LAST_STAGE_BEFORE_DONE
            if rank(event_stage) > rank(stage):
                stage = event_stage
        return stage

    def _dealer_event_allowed(self, event_stage):
        """Whether an event of ``event_stage`` may be recorded on this
        delivery order now: goods not validated out of the warehouse are
        never out for delivery or delivered."""
        self.ensure_one()
        return self.state == "done" or rank(EVENT_TO_STAGE.get(event_stage)) <= rank(LAST_STAGE_BEFORE_DONE)

    def _dealer_upstream_started(self):
        """True when a pick or pack step feeding this delivery is reserved,
        being picked or done (2- and 3-step warehouses)."""
        moves = self.move_ids.move_orig_ids
        for _depth in range(MAX_CHAIN_DEPTH):
            if not moves:
                return False
            if any(m.state in ("assigned", "partially_available", "done") or m.picked for m in moves):
                return True
            moves = moves.move_orig_ids
        return False

    def _dealer_stages(self):
        """``{picking_id: stage}`` as of now, to compare with after a change."""
        return {picking.id: picking.dealer_stage for picking in self}

    def _dealer_notify_advanced(self, stages):
        """Tell the dealer about each shipment that reached a stage dealers
        are emailed about since ``stages`` (from ``_dealer_stages``)."""
        advanced = self.filtered(
            lambda p: p.dealer_stage in NOTIFIED_STAGES and rank(p.dealer_stage) > rank(stages.get(p.id))
        )
        return advanced._dealer_notify_stage()

    def _dealer_stage_moved(self, stages):
        """Where shipments advance (validation, delivery events): tell the
        dealer (``_dealer_notify_advanced``) and log the orders' stages now,
        before anything else in the transaction moves them on."""
        self._dealer_notify_advanced(stages)
        self.sale_id._dealer_sync_stage()

    def _dealer_sync_stage(self):
        """Recompute the stage now, for a change the ORM did not see (data
        written in SQL), as ``_dealer_stage_moved``."""
        stages = self._dealer_stages()
        self.env.add_to_compute(self._fields["dealer_stage"], self)
        self._dealer_stage_moved(stages)

    def _dealer_stage_time(self, stage):
        events = self.dealer_event_ids.filtered(lambda e: EVENT_TO_STAGE.get(e.stage) == stage)
        if events:
            return max(events.mapped("event_time"))
        if stage == "dispatched" and self.date_done:
            return self.date_done
        return fields.Datetime.now()

    def _dealer_notify_stage(self):
        """Hook: email the dealer's users that each shipment reached its
        current stage (dispatched, out for delivery, delivered), with where
        and when. Nothing is sent for non-dealer orders or when the dealer
        opted out. Returns the pickings notified."""
        if not self:
            return self
        pickings = self.filtered(
            lambda p: p.sale_id.is_dealer_order and not p.partner_id.commercial_partner_id.dealer_delivery_notify_optout
        )
        template = self.env.ref("dealer_delivery.mail_template_dealer_shipment_stage", raise_if_not_found=False)
        if not pickings or not template:
            return self.browse()
        recipients = pickings._dealer_notification_partners()
        notified = self.browse()
        for picking in pickings:
            partners = recipients.get(picking.id)
            if not partners:
                continue
            # The shipment belongs to the warehouse; the dealer's users are
            # told without being given access to it.
            picking.sudo().message_post_with_source(
                template,
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
            notified |= picking
        return notified

    def _dealer_notification_partners(self):
        """``{picking_id: partners}``: the dealer's portal users with an
        email, else the order's contact. One search for all pickings."""
        dealers = self.partner_id.commercial_partner_id
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "in", dealers.ids),
                    ("share", "=", True),
                ]
            )
        )
        by_dealer = {}
        for user in users:
            if user.partner_id.email:
                key = user.partner_id.commercial_partner_id.id
                by_dealer[key] = by_dealer.get(key, self.env["res.partner"]) | user.partner_id
        result = {}
        for picking in self:
            partners = by_dealer.get(picking.partner_id.commercial_partner_id.id)
            if not partners and picking.sale_id.partner_id.email:
                partners = picking.sale_id.partner_id
            result[picking.id] = partners
        return result

    def _dealer_last_location(self):
        """``{"lat", "lng", "text", "at"}`` of the latest event that has a
        place, or False."""
        self.ensure_one()
        located = self.dealer_event_ids.filtered(lambda e: e.has_location or e.location_text).sorted(
            lambda e: (e.event_time, e.id), reverse=True
        )[:1]
        if not located:
            return False
        return {
            "lat": located.latitude if located.has_location else False,
            "lng": located.longitude if located.has_location else False,
            "text": located._dealer_location_label(),
            "at": located.event_time,
            "map_url": located._dealer_map_url(),
        }

    # ------------------------------------------------------------------
    # Brand of the shipment's documents
    # ------------------------------------------------------------------

    def _dealer_brand_division(self):
        # The shipment speaks for the order's division; the dealer sees it on the order.
        return self.sudo().sale_id.dealer_division_id
