from odoo import fields, models

# Finding codes of the pricing audit. "overview" is the one line per dealer
# that says what it buys at; every other code is a problem to fix.
FINDINGS = [
    ("overview", "Dealer overview"),
    ("no_tier", "Dealer without tier"),
    ("tier_no_pricelist", "Tier without price list"),
    ("no_price", "No dealer price"),
    ("zero_price", "Zero price"),
    ("agreement_expired", "Expired agreement"),
    ("agreement_overlap", "Overlapping agreements"),
    ("scheme_ending", "Scheme ending soon"),
    ("price_above_list", "Dealer price above public price"),
    # Reconciliation with the manufacturer's price sheets.
    ("sheet_price_differs", "Price differs from sheet"),
    ("sheet_product_missing", "Sheet product missing"),
    ("sheet_tier_differs", "Tier differs from sheet"),
    ("sheet_exception_missing", "Dealer exception not configured"),
    ("sheet_unknown_dealer", "Sheet tier or dealer unknown"),
    # What the overview lists beside the dealers: facts, not problems.
    ("catalog_exception", "Dealer catalog exception"),
    ("pricelist_unlinked", "Price list linked to no tier"),
    ("agreement_starting", "Agreement starting soon"),
]
# Codes of the overview besides the dealer lines: listed, never counted as findings.
INVENTORY_CODES = ["catalog_exception", "pricelist_unlinked", "agreement_starting"]
SEVERITIES = [("error", "Error"), ("warning", "Warning"), ("info", "Information")]


class DealerPricingAuditLine(models.Model):
    _name = "dealer.pricing.audit.line"
    _description = "Dealer Pricing Audit Line"
    _order = "audit_id, severity, code, id"
    _rec_name = "message"

    audit_id = fields.Many2one("dealer.pricing.audit", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    code = fields.Selection(FINDINGS, string="Finding", required=True, default="overview", index=True)
    severity = fields.Selection(SEVERITIES, required=True, default="info")
    message = fields.Char(required=True)
    hint = fields.Char("How to Fix")
    partner_id = fields.Many2one("res.partner", string="Dealer", index=True, ondelete="cascade")
    tier_id = fields.Many2one("dealer.tier", string="Tier", ondelete="cascade")
    division_id = fields.Many2one("dealer.division", string="Division", ondelete="cascade", index="btree_not_null")
    pricelist_id = fields.Many2one("product.pricelist", string="Price List", ondelete="set null")
    product_id = fields.Many2one("product.product", string="Product", ondelete="cascade")
    agreement_id = fields.Many2one("dealer.price.agreement", string="Agreement", ondelete="cascade")
    scheme_id = fields.Many2one("dealer.scheme", string="Scheme", ondelete="cascade")
    agreement_ids = fields.Many2many(
        "dealer.price.agreement",
        "dealer_pricing_audit_line_agreement_rel",
        "line_id",
        "agreement_id",
        string="Agreements in Force",
    )
    scheme_ids = fields.Many2many(
        "dealer.scheme", "dealer_pricing_audit_line_scheme_rel", "line_id", "scheme_id", string="Schemes in Force"
    )
    dealer_price = fields.Float(digits="Product Price")
    list_price = fields.Float("Public Price", digits="Product Price")
    date_end = fields.Date("Ends On")
    date_start = fields.Date("Starts On")
    sheet_line_id = fields.Many2one("dealer.price.sheet.line", string="Sheet Row", ondelete="cascade")
    sheet_id = fields.Many2one("dealer.price.sheet", string="Price Sheet", ondelete="cascade", index="btree_not_null")
    sheet_price = fields.Float(digits="Product Price")
    sheet_sku = fields.Char(related="sheet_line_id.sku", string="SKU in Sheet")

    def _severity_rank(self):
        return {"error": 0, "warning": 1, "info": 2}.get(self.severity, 3)
