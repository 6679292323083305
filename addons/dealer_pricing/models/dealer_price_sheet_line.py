from odoo import api, fields, models


class DealerPriceSheetLine(models.Model):
    """One row of a price sheet: the text as the file had it, and the tier,
    dealer and product it was matched to (empty when nothing matched)."""

    _name = "dealer.price.sheet.line"
    _description = "Dealer Price Sheet Row"
    _order = "sheet_id, row, id"
    _rec_name = "sku"

    sheet_id = fields.Many2one("dealer.price.sheet", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="sheet_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="sheet_id.currency_id")
    row = fields.Integer(help="Row number in the imported file.")
    tier_text = fields.Char("Tier in File")
    dealer_text = fields.Char("Dealer in File")
    target_text = fields.Char("Tier or Dealer in File")
    sku = fields.Char("SKU", required=True)
    price = fields.Float(digits="Product Price", required=True)
    date_start = fields.Date("Valid From")
    date_end = fields.Date("Valid To")
    tier_id = fields.Many2one("dealer.tier", string="Tier", ondelete="set null", index="btree_not_null")
    partner_id = fields.Many2one("res.partner", string="Dealer", ondelete="set null", index="btree_not_null")
    product_id = fields.Many2one("product.product", string="Product", ondelete="set null", index="btree_not_null")
    is_matched = fields.Boolean(
        "Matched", compute="_compute_is_matched", store=True, help="The row names a known tier or dealer and product."
    )

    @api.depends("tier_id", "partner_id", "product_id")
    def _compute_is_matched(self):
        for line in self:
            line.is_matched = bool((line.tier_id or line.partner_id) and line.product_id)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_resolve(self):
        """``{line id: {"tier_id", "partner_id", "product_id"}}`` for these
        rows, matched now (see ``_dealer_resolve_texts``)."""
        by_company = {}
        for line in self:
            by_company.setdefault(line.company_id, []).append(line)
        result = {}
        for company, lines in by_company.items():
            values = self._dealer_resolve_texts(
                company,
                [
                    {"tier_text": l.tier_text, "dealer_text": l.dealer_text, "target_text": l.target_text, "sku": l.sku}
                    for l in lines
                ],
            )
            result.update({line.id: vals for line, vals in zip(lines, values)})
        return result

    @api.model
    def _dealer_resolve_texts(self, company, rows):
        """Match the texts of sheet rows (dicts with ``tier_text``,
        ``dealer_text``, ``target_text`` and ``sku``) to ``company``'s
        records: a tier by its code or name, a dealer (company) by its
        reference or name, a product by its internal reference; case and
        surrounding spaces do not matter for tiers and dealers. A "tier or
        dealer" text is a tier when one matches, else a dealer. An internal
        reference shared by several products is the one in the catalog of
        the row's tier (dealer), else the company's own, else the first.

        Returns one ``{"tier_id", "partner_id", "product_id"}`` per row (False
        when nothing matches). Four queries, and one per tier or dealer with
        shared references: the import and the audit both match through here.
        """
        tiers, dealers, dealer_tiers = {}, {}, {}
        for tier in self.env["dealer.tier"].search_fetch(
            [("company_id", "in", [company.id, False])], ["code", "name"], order="sequence, id"
        ):
            for key in (tier.code, tier.name):
                tiers.setdefault(_key(key), tier.id)
        dealer_domain = [
            *self.env["res.partner"]._dealer_dealer_domain(path="commercial_partner_id"),
            ("parent_id", "=", False),
            ("company_id", "in", [company.id, False]),
        ]
        for dealer in self.env["res.partner"].search_fetch(
            dealer_domain, ["ref", "name", "dealer_tier_id"], order="id"
        ):
            dealer_tiers[dealer.id] = dealer.dealer_tier_id.id
            for key in (dealer.ref, dealer.name):
                if key:
                    dealers.setdefault(_key(key), dealer.id)
        # A dealer row listed under a tier of its terms in a division is read
        # in that tier's catalog.
        terms_tiers = set()
        for terms in self.env["dealer.terms"].search_fetch(
            [("partner_id", "in", list(dealer_tiers)), ("company_id", "=", company.id)], ["partner_id", "tier_id"]
        ):
            terms_tiers.add((terms.partner_id.id, terms.tier_id.id))
        skus = {(row.get("sku") or "").strip() for row in rows} - {""}
        candidates = {}
        if skus:
            for product in self.env["product.product"].search_fetch(
                [("default_code", "in", list(skus)), ("company_id", "in", [company.id, False])],
                ["default_code", "company_id"],
                order="id",
            ):
                candidates.setdefault(product.default_code, []).append(product)
        result, ambiguous = [], {}
        for row in rows:
            target = _key(row.get("target_text"))
            tier_id = tiers.get(_key(row.get("tier_text"))) or (target and tiers.get(target)) or False
            dealer_id = dealers.get(_key(row.get("dealer_text"))) or False
            if not dealer_id and target and not tiers.get(target):
                dealer_id = dealers.get(target) or False
            found = candidates.get((row.get("sku") or "").strip(), [])
            # The company's own product before one shared by every company.
            found = sorted(found, key=lambda p: not p.company_id)
            values = {"tier_id": tier_id, "partner_id": dealer_id, "product_id": found[0].id if found else False}
            result.append(values)
            if dealer_id and (dealer_id, tier_id) in terms_tiers:
                catalog_tier = tier_id
            else:
                catalog_tier = dealer_tiers.get(dealer_id) or tier_id
            if len(found) > 1 and catalog_tier:
                key = (catalog_tier, dealer_id)
                ambiguous.setdefault(key, []).append((values, [p.id for p in found]))
        Product = self.env["product.product"]
        for (tier_id, dealer_id), pending in ambiguous.items():
            tier = self.env["dealer.tier"].browse(tier_id)
            partner = self.env["res.partner"].browse(dealer_id) if dealer_id else None
            wanted = {pid for __, ids in pending for pid in ids}
            in_catalog = set(
                Product.search([("id", "in", list(wanted)), *tier._get_assortment_domain(partner=partner)]).ids
            )
            for values, ids in pending:
                values["product_id"] = next((pid for pid in ids if pid in in_catalog), values["product_id"])
        return result


def _key(text):
    return " ".join((text or "").split()).casefold()
