from datetime import date

from odoo import api, fields, models


class ReportDealerStatement(models.AbstractModel):
    _name = "report.dealer_credit.report_dealer_statement"
    _description = "Dealer Statement of Account"

    @api.model
    def _get_report_values(self, docids, data=None):
        """One statement per partner in ``docids`` for ``data['date_from']``
        .. ``data['date_to']`` (default: the current year to date), under the
        header of ``data['dealer_division_id']`` when the caller (the portal:
        its website's division) gives one, else the company's."""
        data = data or {}
        today = fields.Date.context_today(self)
        date_to = fields.Date.to_date(data.get("date_to")) or today
        date_from = fields.Date.to_date(data.get("date_from")) or date(date_to.year, 1, 1)
        partners = self.env["res.partner"].browse(docids)
        # Only the division's brand is read, for the header.
        division_sudo = self.env["dealer.division"].sudo().browse(data.get("dealer_division_id") or []).exists()
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "dealer_brand": division_sudo,
            "statements": {partner.id: partner._dealer_statement_values(date_from, date_to) for partner in partners},
        }
