from odoo import api, fields, models


class DealerPriceSheet(models.Model):
    """A manufacturer's price sheet as it was imported: what the dealers
    should pay (per tier or per dealer, per SKU, with validity dates),
    written down before or beside the configuration in Odoo.

    The pricing audit reconciles its rows against the configured prices.
    A sheet is a record of the file: its rows are never edited in Odoo, a
    corrected file is imported again.
    """

    _name = "dealer.price.sheet"
    _description = "Dealer Price Sheet"
    _order = "import_date desc, id desc"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True)
    file_name = fields.Char(readonly=True)
    active = fields.Boolean(default=True, help="Archived sheets are no longer reconciled by new audits.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        help="Currency of the sheet's prices; they are converted to each tier's price list currency.",
    )
    user_id = fields.Many2one("res.users", "Imported By", default=lambda self: self.env.user, readonly=True)
    import_date = fields.Datetime("Imported On", default=fields.Datetime.now, readonly=True)
    line_ids = fields.One2many("dealer.price.sheet.line", "sheet_id", string="Rows", readonly=True)
    line_count = fields.Integer("Number of Rows", compute="_compute_line_counts")
    unmatched_count = fields.Integer("Unmatched Rows", compute="_compute_line_counts")
    audit_ids = fields.Many2many(
        "dealer.pricing.audit", "dealer_pricing_audit_price_sheet_rel", "sheet_id", "audit_id", string="Audits"
    )
    note = fields.Text()

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("line_ids.is_matched")
    def _compute_line_counts(self):
        groups = self.env["dealer.price.sheet.line"]._read_group(
            [("sheet_id", "in", self.ids)], ["sheet_id", "is_matched"], ["__count"]
        )
        total, unmatched = {}, {}
        for sheet, matched, count in groups:
            total[sheet.id] = total.get(sheet.id, 0) + count
            if not matched:
                unmatched[sheet.id] = unmatched.get(sheet.id, 0) + count
        for sheet in self:
            sheet.line_count = total.get(sheet.id, 0)
            sheet.unmatched_count = unmatched.get(sheet.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_match_again(self):
        """Match the rows again to tiers, dealers and products: after the
        configuration caught up with the sheet, its rows show what they are."""
        self.check_access("write")
        lines = self.line_ids
        resolved = lines._dealer_resolve()
        # One write per distinct match, not per row.
        changes = {}
        for line in lines:
            values = resolved[line.id]
            if any(line[field].id != values[field] for field in ("tier_id", "partner_id", "product_id")):
                key = (values["tier_id"], values["partner_id"], values["product_id"])
                changes[key] = changes.get(key, lines.browse()) | line
        for (tier_id, partner_id, product_id), changed in changes.items():
            changed.write({"tier_id": tier_id, "partner_id": partner_id, "product_id": product_id})
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_pricing.dealer_price_sheet_line_action")
        action["domain"] = [("sheet_id", "=", self.id)]
        action["context"] = {"default_sheet_id": self.id}
        return action

    @api.model
    def action_open_import(self):
        return self.env["dealer.price.sheet.import"]._action_open()
