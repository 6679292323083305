from datetime import date

from odoo import api, fields, models


class ReportDealerStatement(models.AbstractModel):
    _name = "report.dealer_credit.report_dealer_statement"
    _description = "Dealer Statement of Account"

    @api.model
    def _get_report_values(self, docids, data=None):
        """One statement per partner in ``docids`` for ``data['date_from']``
        .. ``data['date_to']`` (default: the current year to date)."""
        data = data or {}
        today = fields.Date.context_today(self)
        date_to = fields.Date.to_date(data.get("date_to")) or today
        date_from = fields.Date.to_date(data.get("date_from")) or date(date_to.year, 1, 1)
        partners = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "statements": {partner.id: partner._dealer_statement_values(date_from, date_to) for partner in partners},
        }
