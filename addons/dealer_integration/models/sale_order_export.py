from odoo import fields, models

from odoo.addons.account_edi_ubl_cii.models.account_edi_common import UOM_TO_UNECE_CODE


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
