import base64
import csv
import io
from collections import defaultdict

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
        content = self._export_xlsx() if self.file_format == "xlsx" else self._export_csv()
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

    # ------------------------------------------------------------------
    # File building
    # ------------------------------------------------------------------
    def _export_columns(self):
        """Hook: the export's columns as ``(title, getter(line))`` pairs."""
        Line = self.env["dealer.pricing.audit.line"]
        codes = dict(Line._fields["code"]._description_selection(self.env))
        severities = dict(Line._fields["severity"]._description_selection(self.env))
        return [
            (self.env._("Finding"), lambda l: codes[l.code]),
            (self.env._("Severity"), lambda l: severities[l.severity]),
            (self.env._("Dealer"), lambda l: l.partner_id.display_name or ""),
            (self.env._("Dealer Reference"), lambda l: l.partner_id.ref or ""),
            (self.env._("Tier"), lambda l: l.tier_id.display_name or ""),
            (self.env._("Price List"), lambda l: l.pricelist_id.display_name or ""),
            (self.env._("Agreements in Force"), lambda l: ", ".join(l.agreement_ids.mapped("display_name"))),
            (self.env._("Schemes in Force"), lambda l: ", ".join(l.scheme_ids.mapped("display_name"))),
            (self.env._("Product"), lambda l: l.product_id.name or ""),
            (self.env._("Internal Reference"), lambda l: l.product_id.default_code or ""),
            (self.env._("Dealer Price"), lambda l: l.dealer_price if l.product_id else None),
            (self.env._("Public Price"), lambda l: l.list_price if l.product_id else None),
            (self.env._("Sheet Price"), lambda l: l.sheet_price if l.sheet_line_id else None),
            (self.env._("Date"), lambda l: l.date_end or None),
            (self.env._("Message"), lambda l: l.message or ""),
            (self.env._("How to Fix"), lambda l: l.hint or ""),
        ]

    def _export_rows(self):
        """``(headers, rows)`` of the audit lines, findings first."""
        self.ensure_one()
        columns = self._export_columns()
        lines = self.audit_id.line_ids.sorted(lambda l: (l.code == "overview", l._severity_rank(), l.code, l.id))
        rows = [[getter(line) for _title, getter in columns] for line in lines]
        return [title for title, _getter in columns], rows

    def _export_xlsx(self):
        """The audit as an XLSX workbook (bytes): a sheet of every line and
        a summary sheet of findings per code and severity."""
        self.ensure_one()
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        headers, rows = self._export_rows()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.env._("Pricing Audit")[:31]
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, title in enumerate(headers, start=1):
            width = max([len(str(title))] + [len(str(row[index - 1] or "")) for row in rows[:500]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 80)
        summary = workbook.create_sheet(self.env._("Summary")[:31])
        audit = self.audit_id
        summary.append([self.env._("Audit"), audit.display_name])
        summary.append([self.env._("Run On"), fields.Datetime.to_string(audit.run_at) if audit.run_at else ""])
        summary.append([self.env._("Dealers"), audit.dealer_count])
        summary.append([])
        summary.append([self.env._("Finding"), self.env._("Severity"), self.env._("Count")])
        counts = defaultdict(int)
        for row in rows:
            counts[(row[0], row[1])] += 1
        for (finding, severity), count in sorted(counts.items()):
            summary.append([finding, severity, count])
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()

    def _export_csv(self):
        """The audit lines as UTF-8 CSV (bytes, with a BOM for spreadsheets)."""
        self.ensure_one()
        headers, rows = self._export_rows()
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
        return ("\ufeff" + stream.getvalue()).encode("utf-8")
