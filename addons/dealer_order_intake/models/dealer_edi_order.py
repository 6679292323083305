import re

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, float_compare

from odoo.addons.account_edi_ubl_cii.models.account_edi_common import UOM_TO_UNECE_CODE

from ..tools import ubl

MAX_PO_REF = 64
MAX_KEY_CHARS = 40


class DealerEdiOrder(models.AbstractModel):
    """Odoo's UBL BIS 3 order decoder (``sale_edi_ubl``), used to read a
    dealer's order file without writing anything: the lines, quantities,
    units and prices, the buyer party and the dealer's own order number.

    Products are not looked up line by line here: the SKU or GTIN of each
    line is matched for the whole file at once by the quick order's
    ``_resolve_rows``, the one place that decides what a dealer may buy."""

    _name = "dealer.edi.order"
    _inherit = "sale.edi.xml.ubl_bis3"
    _description = "Dealer EDI Order (UBL)"

    # ------------------------------------------------------------------
    # Hooks of Odoo's decoder
    # ------------------------------------------------------------------
    def _import_product(self, **product_vals):
        # Deferred: all lines are matched in one query by _dealer_edi_rows.
        return self.env["product.product"]

    # ------------------------------------------------------------------
    # Decoding
    # ------------------------------------------------------------------
    @api.model
    def _dealer_edi_error_message(self, code):
        _ = self.env._
        return {
            "empty": _("The file is empty."),
            "too_large": _(
                "The file is larger than %(size)s MB; split the order.", size=ubl.MAX_UBL_BYTES // (1024 * 1024)
            ),
            "doctype": _("The file declares a DOCTYPE or entities, which UBL orders never need; it was not read."),
            "malformed": _("The file is not well-formed XML."),
            "not_order": _("The file is not a UBL order (the root element must be an Order of UBL 2.1)."),
            "no_lines": _("The order has no lines."),
            "too_many_lines": _("The order has more than %(max)s lines; split it.", max=ubl.MAX_UBL_LINES),
        }[code]

    @api.model
    def _dealer_edi_decode(self, content):
        """Decode ``content`` (bytes of a UBL order) without writing.

        Returns ``{"error": message or None, "po_ref", "buyer": {name, vat,
        email, phone, peppol_eas, peppol_endpoint}, "lines": [{"row", "key",
        "name", "qty", "unit_code", "uom", "price", "error"}]}``; ``row`` is
        the line's position, ``key`` its SKU (seller's item id) or GTIN."""
        result = {"error": None, "po_ref": "", "buyer": {}, "lines": []}
        try:
            tree = ubl.parse_order(content)
        except ubl.UblError as exc:
            result["error"] = self._dealer_edi_error_message(exc.code)
            return result
        line_trees = tree.findall("./{*}OrderLine/{*}LineItem")
        if not line_trees:
            result["error"] = self._dealer_edi_error_message("no_lines")
            return result
        if len(line_trees) > ubl.MAX_UBL_LINES:
            result["error"] = self._dealer_edi_error_message("too_many_lines")
            return result
        result["po_ref"] = (tree.findtext("./{*}ID") or "").strip()[:MAX_PO_REF]
        result["buyer"] = self._import_retrieve_partner_vals(tree, "BuyerCustomer")
        xpaths = self._get_line_xpaths()["product"]
        units = {}
        result["lines"] = [
            self._dealer_edi_decode_line(row, line_tree, xpaths, units)
            for row, line_tree in enumerate(line_trees, start=1)
        ]
        return result

    @api.model
    def _dealer_edi_unit(self, code, units):
        """The unit of a UN/ECE code, from the decoder's own table; looked up
        once per code of the file (``units`` caches them)."""
        if code not in units:
            xmlids = [xmlid for xmlid, unece in UOM_TO_UNECE_CODE.items() if unece == code]
            unit = self.env.ref(xmlids[0], raise_if_not_found=False) if xmlids else None
            units[code] = unit or self.env["uom.uom"]
        return units[code]

    def _dealer_edi_decode_line(self, row, line_tree, product_xpaths, units):
        sku = (self._find_value(product_xpaths["default_code"], line_tree) or "").strip()
        gtin = (self._find_value(product_xpaths["barcode"], line_tree) or "").strip()
        if not gtin:
            gtin = (line_tree.findtext("./{*}Item/{*}StandardItemIdentification/{*}ID") or "").strip()
        quantity_node = line_tree.find("./{*}Quantity")
        line = {
            "row": row,
            "key": (sku or gtin)[:MAX_KEY_CHARS],
            "name": (self._find_value("./cac:Item/cbc:Name", line_tree) or "")[:200],
            "qty": None,
            "unit_code": ((quantity_node.get("unitCode") if quantity_node is not None else "") or "")[:10].upper(),
            "uom": self.env["uom.uom"],
            "price": None,
            "error": None,
        }
        if line["unit_code"]:
            # The decoder would look the unit up again for every line.
            quantity_node.attrib.pop("unitCode", None)
            line["uom"] = self._dealer_edi_unit(line["unit_code"], units)
        try:
            vals = self._retrieve_line_vals(line_tree)
        except UserError:
            # A line without any price: allowed in an order, the dealer's price applies.
            vals = None
        except (ValueError, TypeError, ZeroDivisionError):
            line["error"] = self.env._("The quantity or price of this line cannot be read.")
            return line
        if vals is not None:
            line["qty"] = vals["quantity"]
            line["price"] = vals["price_unit"] * (1 - (vals["discount"] or 0.0) / 100.0)
        else:
            try:
                line["qty"] = float(quantity_node.text) if quantity_node is not None else None
            except (TypeError, ValueError):
                line["error"] = self.env._("The quantity of this line cannot be read.")
        if not line["key"]:
            line["error"] = self.env._("The line names no item: give the seller's item id (our SKU) or the GTIN.")
        return line

    # ------------------------------------------------------------------
    # Checks against the sending dealer
    # ------------------------------------------------------------------
    @api.model
    def _dealer_edi_buyer_error(self, buyer, dealer_sudo):
        """Why the buyer party of the file is not ``dealer_sudo`` (the
        sender's company), or None. A VAT number or Peppol endpoint in the
        file must be the dealer's; without either, its email or exact name
        must be. A file naming another company is never ordered for the
        sender's."""
        vat = _norm_vat(buyer.get("vat"))
        endpoint = (buyer.get("peppol_endpoint") or "").strip().lower()
        name = (buyer.get("name") or "").strip()
        email = email_normalize(buyer.get("email") or "")
        dealer_vat = _norm_vat(dealer_sudo.vat)
        refused = self.env._(
            "The buyer of this order (%(buyer)s) is not your company, %(dealer)s: a dealer's user orders for its "
            "own company only. Nothing was ordered.",
            buyer=name or vat or endpoint or email or self.env._("not given"),
            dealer=dealer_sudo.name,
        )
        if vat:
            return None if dealer_vat and _vat_equal(vat, dealer_vat) else refused
        if endpoint:
            own = (dealer_sudo.peppol_endpoint or "").strip().lower()
            return None if own and own == endpoint else refused
        emails = {email_normalize(e) for e in (dealer_sudo | dealer_sudo.child_ids).mapped("email") if e}
        if (email and email in emails) or (name and name.casefold() == (dealer_sudo.name or "").casefold()):
            return None
        return refused

    @api.model
    def _dealer_edi_rows(self, decoded):
        """``(rows, errors)``: the lines to match with the quick order's
        ``_resolve_rows``, and the lines refused for their own reasons (no
        item, unreadable, a unit the product is not sold in). One query for
        the whole file."""
        rows, errors = [], []
        # Units are checked against the product the SKU names (any product:
        # whether the dealer may buy it is _resolve_rows' answer).
        __, by_key = self.env["dealer.quick.order"]._dealer_products_by_key_sudo(
            {line["key"] for line in decoded["lines"] if line["key"]}
        )
        unit = self.env.ref("uom.product_uom_unit")
        for line in decoded["lines"]:
            if line["error"]:
                errors.append({"row": line["row"], "sku": line["key"], "message": line["error"]})
                continue
            product = by_key.get(line["key"]) or by_key.get(line["key"].upper())
            uom = line["uom"] or (unit if line["unit_code"] in ubl.PIECE_CODES else line["uom"])
            if product and line["unit_code"]:
                if not uom:
                    errors.append(
                        {
                            "row": line["row"],
                            "sku": line["key"],
                            "message": self.env._(
                                "The unit “%(code)s” is not known; %(sku)s is sold in %(unit)s.",
                                code=line["unit_code"],
                                sku=line["key"],
                                unit=product.uom_id.name,
                            ),
                        }
                    )
                    continue
                if uom != product.uom_id:
                    errors.append(
                        {
                            "row": line["row"],
                            "sku": line["key"],
                            "message": self.env._(
                                "%(sku)s is sold in %(unit)s, not in %(ordered)s: send the quantity in %(unit)s.",
                                sku=line["key"],
                                unit=product.uom_id.name,
                                ordered=uom.name,
                            ),
                        }
                    )
                    continue
            rows.append({"row": line["row"], "sku": line["key"], "qty": line["qty"]})
        return rows, errors

    @api.model
    def _dealer_edi_price_notes(self, order_sudo, decoded, row_errors):
        """One note per line whose price in the file is not the price the
        order got from the dealer's pricing. The file's price is never used:
        the dealer's applies."""
        refused_rows = {e["row"] for e in row_errors}
        by_key = {}
        for line in order_sudo.order_line.filtered(lambda l: l.product_id and not l.display_type):
            for key in (line.product_id.default_code, line.product_id.barcode):
                if key:
                    by_key.setdefault(key.upper(), line)
        currency = order_sudo.currency_id
        notes = []
        for line in decoded["lines"]:
            if line["row"] in refused_rows or line["price"] is None:
                continue
            order_line = by_key.get(line["key"].upper())
            if not order_line:
                continue
            ours = order_line.price_unit * (1 - (order_line.discount or 0.0) / 100.0)
            if float_compare(line["price"], ours, precision_digits=currency.decimal_places) != 0:
                notes.append(
                    {
                        "row": line["row"],
                        "sku": line["key"],
                        "message": self.env._(
                            "Line %(row)s (%(sku)s): the price in your file, %(theirs)s, is not your price, "
                            "%(ours)s; your price applies. To ask for another price, request a special price on "
                            "the portal.",
                            row=line["row"],
                            sku=line["key"],
                            theirs=_money(line["price"], currency),
                            ours=_money(ours, currency),
                        ),
                    }
                )
        return notes


def _money(amount, currency):
    return f"{currency.round(amount):.{currency.decimal_places}f} {currency.name}"


def _norm_vat(vat):
    return re.sub(r"[^0-9A-Za-z]", "", vat or "").upper()


def _vat_equal(a, b):
    """Equal VAT numbers, with or without the country prefix."""
    if a == b:
        return True
    strip = re.compile(r"^[A-Z]{2}")
    return strip.sub("", a) == strip.sub("", b) and bool(strip.sub("", a))
