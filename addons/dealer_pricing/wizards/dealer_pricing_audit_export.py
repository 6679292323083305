import base64

from odoo import fields, models


class DealerPricingAuditExport(models.TransientModel):
    """Download a pricing audit as a spreadsheet (XLSX) or CSV file.

    Salespeople may export what they may read: the file is built in this
    wizard (owned by its user) rather than attached to the audit they
    cannot write.
    """

    _name = "dealer.pricing.audit.export"
    _description = "Export Pricing Audit"

    audit_id = fields.Many2one("dealer.pricing.audit", required=True, ondelete="cascade")
    file_format = fields.Selection([("xlsx", "Excel (XLSX)"), ("csv", "CSV")], default="xlsx", required=True)
    file_data = fields.Binary("File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    def action_export(self):
        self.ensure_one()
        audit = self.audit_id
        content = audit._export_xlsx() if self.file_format == "xlsx" else audit._export_csv()
        stamp = fields.Date.to_string(fields.Date.context_today(self))
        self.write(
            {
                "file_data": base64.b64encode(content),
                "file_name": f"pricing-audit-{audit.id}-{stamp}.{self.file_format}",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{self.file_name}?download=true",
            "target": "download",
        }
