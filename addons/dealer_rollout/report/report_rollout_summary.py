from odoo import api, models


class ReportRolloutSummary(models.AbstractModel):
    """The one-page roll-out summary of waves: dealers live, and each of the
    five measures in the three months before and after go-live."""

    _name = "report.dealer_rollout.report_rollout_summary"
    _description = "Roll-out Summary"

    @api.model
    def _get_report_values(self, docids, data=None):
        waves = self.env["dealer.rollout.wave"].browse(docids)
        # The figures are the sales managers': read as the user printing,
        # whom the KPI's access rights and company rules apply to.
        return {
            "doc_ids": docids,
            "doc_model": "dealer.rollout.wave",
            "docs": waves,
            "summaries": self.env["dealer.portal.kpi"]._rollout_summary(waves),
            "months": 3,
            "refreshed_at": self.env["dealer.portal.kpi"]._kpi_refreshed_at(),
        }
