from odoo import fields, models

from odoo.addons.account_edi_ubl_cii.models.account_edi_common import UOM_TO_UNECE_CODE

from ..const import (
    EVENT_ORDER_CANCELLED,
    EVENT_ORDER_CHANGED,
    EVENT_ORDER_CONFIRMED,
    EVENT_ORDER_SUBMITTED,
)


def _iso(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    dealer_integration_event_count = fields.Integer(
        "Integration Events", compute="_compute_dealer_integration_event_count"
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _compute_dealer_integration_event_count(self):
        groups = self.env["dealer.integration.event"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.dealer_integration_event_count = counts.get(order.id, 0)

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def action_view_dealer_integration_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_integration.dealer_integration_event_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Hooks: the events of the order's life
    # ------------------------------------------------------------------
    def _dealer_submit(self, channel=None, submission_key=None):
        # The events of one submission ("submitted", then "confirmed") are
        # written in one go at its end: the outbox costs a submission one
        # insert.
        with self.env["dealer.integration.event"]._dealer_deferred():
            return super()._dealer_submit(channel=channel, submission_key=submission_key)

    def _dealer_mark_submitted(self, channel, submission_key=None):
        # The one step every submission passes (the pipeline and a manager's
        # override alike), before the order is confirmed or sent for
        # approval: "submitted" is queued before "confirmed".
        res = super()._dealer_mark_submitted(channel, submission_key=submission_key)
        self.env["dealer.integration.event"]._dealer_emit(EVENT_ORDER_SUBMITTED, self)
        return res

    def _action_confirm(self):
        res = super()._action_confirm()
        self.env["dealer.integration.event"]._dealer_emit(EVENT_ORDER_CONFIRMED, self.filtered("is_dealer_order"))
        return res

    def _action_cancel(self):
        # Only orders the dealer's systems heard of: submitted or confirmed.
        known = self.filtered(lambda o: o.is_dealer_order and (o.dealer_submitted_at or o.state == "sale"))
        res = super()._action_cancel()
        self.env["dealer.integration.event"]._dealer_emit(EVENT_ORDER_CANCELLED, known)
        return res

    def _dealer_log_corrections(self, values_list):
        """Corrections of submitted orders are sent as ``order.changed``,
        with what changed (field, old and new value, reason)."""
        res = super()._dealer_log_corrections(values_list)
        order_ids = {vals["order_id"] for vals in values_list if vals.get("order_id")}
        orders = self.browse(order_ids) if order_ids else self
        # The orders carry the changes to _dealer_event_data, which reads them
        # from their own context.
        orders = orders.with_context(dealer_integration_changes=values_list)
        self.env["dealer.integration.event"]._dealer_emit(EVENT_ORDER_CHANGED, orders.filtered("is_dealer_order"))
        return res

    # ------------------------------------------------------------------
    # Event data
    # ------------------------------------------------------------------
    def _dealer_event_data(self, event_type):
        """``[(order, order, data)]``: the ``data`` of ``event_type`` for
        each order (see the readme for the fields). Extend with ``super()``."""
        changes = self.env.context.get("dealer_integration_changes") or []
        result = []
        for order in self:
            data = order._dealer_event_order_values()
            if event_type == EVENT_ORDER_CHANGED:
                data["changes"] = [
                    {
                        "field": vals.get("field_name"),
                        "kind": vals.get("kind"),
                        "old": vals.get("old_value"),
                        "new": vals.get("new_value"),
                        "line_id": vals.get("line_id") or None,
                        "product_id": vals.get("product_id") or None,
                        "reason_id": vals.get("reason_id") or None,
                    }
                    for vals in changes
                    if vals.get("order_id", order.id) == order.id
                ]
            result.append((order, order, data))
        return result

    def _dealer_event_order_values(self):
        """The order as events describe it: header and lines."""
        self.ensure_one()
        dealer = self.partner_id.commercial_partner_id
        return {
            "order": {
                "id": self.id,
                "name": self.name,
                "dealer_reference": self.client_order_ref or None,
                "state": self.state,
                "channel": self.dealer_channel or None,
                "submitted_at": _iso(self.dealer_submitted_at),
                "confirmed_at": _iso(self.dealer_confirmed_at),
                "currency": self.currency_id.name,
                "amount_untaxed": self.amount_untaxed,
                "amount_tax": self.amount_tax,
                "amount_total": self.amount_total,
                "lines": [
                    {
                        "id": line.id,
                        "product_code": line.product_id.default_code or None,
                        "product": line.product_id.display_name,
                        "description": line.name,
                        "quantity": line.product_uom_qty,
                        "uom": line.product_uom.name,
                        "price_unit": line.price_unit,
                        "discount": line.discount,
                        "price_subtotal": line.price_subtotal,
                    }
                    for line in self.order_line
                    if not line.display_type
                ],
            },
            "dealer": {"id": dealer.id, "name": dealer.name, "ref": dealer.ref or None, "vat": dealer.vat or None},
        }

    # Orders keep their lines when this addon is uninstalled; only where
    # they came from is forgotten.
    dealer_channel = fields.Selection(
        selection_add=[("edi",), ("api", "Dealer API"), ("backoffice",)],
        ondelete={"api": "set null"},
    )

    dealer_exported_at = fields.Datetime("Exported On", copy=False, readonly=True, index="btree_not_null")
    dealer_export_batch = fields.Char("Export Batch", copy=False, readonly=True)
    dealer_erp_order_ref = fields.Char("ERP Order", copy=False, readonly=True, index="btree_not_null")
    dealer_erp_status = fields.Char("ERP Status", copy=False, readonly=True)
    dealer_erp_ack_date = fields.Datetime("ERP Acknowledged On", copy=False, readonly=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_dealer_export_again(self):
        """Queue the orders for the next file export (they were exported)."""
        self.check_access("write")
        self.write({"dealer_exported_at": False, "dealer_export_batch": False})
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_export_csv_rows(self):
        """One dict per product line of the orders, keyed by
        ``tools.csv_export.ORDER_COLUMNS``. Reads prefetched records only."""
        rows = []
        for order in self:
            dealer = order.partner_id.commercial_partner_id
            shipping = order.partner_shipping_id
            number = 0
            for line in order.order_line:
                if line.display_type:
                    continue
                number += 1
                rows.append(
                    {
                        "order_ref": order.name,
                        "order_date": fields.Date.to_string(order.date_order),
                        "confirmed_at": fields.Datetime.to_string(order.dealer_confirmed_at) or "",
                        "dealer_code": dealer.ref or "",
                        "dealer_name": dealer.name,
                        "dealer_vat": dealer.vat or "",
                        "po_ref": order.client_order_ref or "",
                        "channel": order.dealer_channel or "",
                        "currency": order.currency_id.name,
                        "line_no": number,
                        "sku": line.product_id.default_code or "",
                        "description": line.name,
                        "quantity": line.product_uom_qty,
                        "uom": line.product_uom.name,
                        "unit_price": line.price_unit,
                        "discount": line.discount,
                        "subtotal": line.price_subtotal,
                        "delivery_name": shipping.name or "",
                        "delivery_street": shipping.street or "",
                        "delivery_zip": shipping.zip or "",
                        "delivery_city": shipping.city or "",
                        "delivery_country": shipping.country_id.code or "",
                        "commitment_date": fields.Date.to_string(order.commitment_date) or "",
                    }
                )
        return rows

    def _dealer_export_ubl_values(self):
        """The values of ``tools.ubl_order.build_order`` for this order."""
        self.ensure_one()
        IrModelData = self.env["ir.model.data"]
        # Cached look-ups (no query per order, unlike env.ref's existence check).
        uom_codes = {
            IrModelData._xmlid_to_res_id(xmlid, raise_if_not_found=False): code
            for xmlid, code in UOM_TO_UNECE_CODE.items()
        }

        def party(partner):
            return {
                "ref": partner.ref,
                "name": partner.name,
                "vat": partner.vat,
                "email": partner.email,
                "phone": partner.phone,
                "street": partner.street,
                "city": partner.city,
                "zip": partner.zip,
                "country": partner.country_id.code,
            }

        shipping = self.partner_shipping_id
        lines = []
        for line in self.order_line:
            if line.display_type:
                continue
            taxes = line.tax_id.filtered(lambda tax: tax.amount_type == "percent")
            lines.append(
                {
                    "id": line.id,
                    "sku": line.product_id.default_code,
                    "name": line.product_id.name or line.name,
                    "description": line.name,
                    "quantity": line.product_uom_qty,
                    "unit_code": uom_codes.get(line.product_uom.id, "C62"),
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "subtotal": line.price_subtotal,
                    "tax_percent": taxes[:1].amount if taxes else None,
                }
            )
        return {
            "id": self.name,
            "issue_date": fields.Date.to_string(self.date_order),
            "currency": self.currency_id.name,
            "customer_reference": self.client_order_ref,
            "note": self.client_order_ref and self.env._("Dealer PO %(ref)s", ref=self.client_order_ref),
            "buyer": party(self.partner_id.commercial_partner_id),
            "seller": party(self.company_id.partner_id),
            "delivery": {
                **party(shipping),
                "date": fields.Date.to_string(self.commitment_date) if self.commitment_date else None,
            },
            "amount_untaxed": self.amount_untaxed,
            "lines": lines,
        }
