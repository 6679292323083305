import hashlib
import json
import logging
import os

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import csv_export, file_export, ubl_order
from ..tools.file_export import MAX_ACK_FILE_SIZE, MAX_ACK_ROWS

_logger = logging.getLogger(__name__)

OUTBOX, INBOX, PROCESSED, FAILED = "outbox", "inbox", "processed", "failed"


class DealerIntegrationExport(models.Model):
    _name = "dealer.integration.export"
    _description = "Dealer order file export"
    _order = "company_id, name"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    folder = fields.Char(
        required=True,
        help="Absolute server path (a local folder or a mounted share). The export writes into its outbox/ "
        "sub-folder and reads acknowledgements from inbox/.",
    )
    export_orders = fields.Boolean("Confirmed Orders", default=True)
    export_invoices = fields.Boolean("Invoices and Credit Notes", help="Posted invoices and credit notes of dealers.")
    format_csv = fields.Boolean("CSV", default=True)
    format_ubl = fields.Boolean("UBL 2.1 Order XML", default=True)
    last_run = fields.Datetime(readonly=True, copy=False)
    last_batch = fields.Char(readonly=True, copy=False)
    log_ids = fields.One2many("dealer.integration.export.log", "export_id", string="Runs")

    _sql_constraints = [
        ("format_required", "CHECK(format_csv OR format_ubl)", "Choose at least one format."),
    ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("folder")
    def _check_folder(self):
        messages = {
            "empty": self.env._("Give the folder."),
            "relative": self.env._("The folder must be an absolute path."),
            "parent": self.env._("The folder may not contain '..'."),
            "missing": self.env._("The folder does not exist or is not a directory."),
            "readonly": self.env._("The server cannot write into the folder."),
        }
        for export in self:
            problem = file_export.check_folder(export.folder)
            if problem:
                raise ValidationError(
                    self.env._("%(folder)s: %(problem)s", folder=export.folder, problem=messages[problem])
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_run_now(self):
        self.check_access("write")
        for export in self:
            export.with_company(export.company_id)._dealer_run()
        return True

    @api.model
    def _dealer_cron_run(self):
        # The job serves the exports of every company, whoever its user is.
        exports_sudo = self.sudo().search([])
        for export_sudo in exports_sudo:
            try:
                with self.env.cr.savepoint():
                    export_sudo.with_company(export_sudo.company_id)._dealer_run()
            except Exception:
                # One export's broken share never stops the others.
                _logger.exception("Dealer export %s failed", export_sudo.name)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_run(self):
        self.ensure_one()
        self._check_folder()
        self._dealer_export()
        self._dealer_import_acks()

    def _dealer_paths(self):
        self.ensure_one()
        return {key: os.path.join(self.folder, key) for key in (OUTBOX, INBOX, PROCESSED, FAILED)}

    def _get_dealer_export_domain(self):
        """The orders a run exports. Extend with super()."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "sale"),
            ("is_dealer_order", "=", True),
            ("dealer_exported_at", "=", False),
        ]

    def _get_dealer_export_move_domain(self):
        """The invoices and credit notes a run exports. Extend with super()."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("commercial_partner_id.is_dealer", "=", True),
            ("dealer_exported_at", "=", False),
        ]

    def _dealer_export(self):
        """Write what is pending as one batch: a CSV of all order lines and
        one of all invoice lines, and/or one UBL document per order or
        invoice, then the manifest (written last: a batch is complete once
        its manifest exists). Return (orders, invoices) exported."""
        self.ensure_one()
        orders = self.env["sale.order"]
        moves = self.env["account.move"]
        if self.export_orders:
            orders = orders.search(self._get_dealer_export_domain(), order="id")
        if self.export_invoices:
            moves = moves.search(self._get_dealer_export_move_domain(), order="id")
        if not orders and not moves:
            return orders, moves
        outbox = file_export.ensure_folder(self._dealer_paths()[OUTBOX])
        # Same documents in the same version, same batch name: a run repeated
        # after a crash rewrites the same files instead of adding new ones.
        digest = hashlib.sha256(
            ",".join(
                f"{record._name}:{record.id}:{record.write_date.isoformat()}" for record in [*orders, *moves]
            ).encode()
        ).hexdigest()[:12]
        batch = f"{file_export.safe_name(self.company_id.name)}-{digest}"
        files = []

        def write(name, data):
            files.append({"name": name, "sha256": file_export.write_atomic(outbox, name, data), "bytes": len(data)})

        if orders:
            orders.order_line.product_id.mapped("default_code")  # prefetch the lines' products in one go
            if self.format_csv:
                write(f"{batch}-orders.csv", csv_export.build_csv(orders._dealer_export_csv_rows()))
            if self.format_ubl:
                for order in orders:
                    data = ubl_order.build_order(order._dealer_export_ubl_values())
                    write(f"{batch}-order-{file_export.safe_name(order.name)}.xml", data)
        if moves:
            moves.invoice_line_ids.product_id.mapped("default_code")
            if self.format_csv:
                rows = moves._dealer_export_csv_rows()
                write(f"{batch}-invoices.csv", csv_export.build_csv(rows, csv_export.INVOICE_COLUMNS))
            if self.format_ubl:
                # Odoo's own UBL 2.1 invoice and credit note builder.
                builder = self.env["account.edi.xml.ubl_21"]
                for move in moves:
                    data, _errors = builder._export_invoice(move)
                    write(f"{batch}-invoice-{file_export.safe_name(move.name)}.xml", data)
        manifest = {
            "schema": "dealer.export.manifest/1",
            "batch": batch,
            "company": self.company_id.name,
            "created_at": fields.Datetime.now().isoformat() + "Z",
            "orders": orders.mapped("name"),
            "order_count": len(orders),
            "line_count": len(orders.order_line.filtered(lambda line: not line.display_type)),
            "invoices": moves.mapped("name"),
            "invoice_count": len(moves),
            "files": files,
        }
        manifest_name = f"{batch}-manifest.json"
        file_export.write_atomic(outbox, manifest_name, json.dumps(manifest, indent=2).encode())
        now = fields.Datetime.now()
        orders.write({"dealer_exported_at": now, "dealer_export_batch": batch})
        moves.write({"dealer_exported_at": now, "dealer_export_batch": batch})
        self.write({"last_run": now, "last_batch": batch})
        self.env["dealer.integration.export.log"].create(
            {
                "export_id": self.id,
                "kind": "export",
                "state": "done",
                "file_name": manifest_name,
                "count": len(orders) + len(moves),
                "message": "\n".join(file["name"] for file in files),
            }
        )
        return orders, moves

    def _dealer_import_acks(self):
        """Read the acknowledgement files in inbox/ (oldest first), store each
        row on its order, move the file to processed/ (or failed/ with a
        report when it cannot be read at all) and log bad rows."""
        self.ensure_one()
        paths = self._dealer_paths()
        if not os.path.isdir(paths[INBOX]):
            return
        names = sorted(
            entry.name
            for entry in os.scandir(paths[INBOX])
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith(".")
        )
        Log = self.env["dealer.integration.export.log"]
        for name in names:
            path = os.path.join(paths[INBOX], name)
            data = file_export.read_capped(path)
            if data is None:
                rows, error = [], self.env._("larger than %(size)s bytes", size=MAX_ACK_FILE_SIZE)
            else:
                rows, error = csv_export.parse_ack(data, MAX_ACK_ROWS)
            if error:
                file_export.move_to(path, paths[FAILED])
                report = self.env._("%(file)s rejected: %(error)s", file=name, error=error)
                file_export.write_atomic(paths[FAILED], f"{name}.report.txt", report.encode())
                Log.create(
                    {"export_id": self.id, "kind": "ack", "state": "failed", "file_name": name, "message": report}
                )
                continue
            stored, bad = self._dealer_store_acks(rows)
            file_export.move_to(path, paths[PROCESSED])
            Log.create(
                {
                    "export_id": self.id,
                    "kind": "ack",
                    "state": "warning" if bad else "done",
                    "file_name": name,
                    "count": stored,
                    "message": "\n".join(bad),
                }
            )

    def _dealer_store_acks(self, rows):
        """Store ``rows`` ((line number, {order_ref, erp_order_ref, status}))
        on the orders of this export's company. Return (stored count, list of
        messages about bad rows)."""
        self.ensure_one()
        bad = []
        refs = {row["order_ref"] for _line, row in rows if row["order_ref"]}
        # Every company's orders: "another company's order" is reported as such.
        orders_sudo = self.env["sale.order"].sudo().with_context(active_test=False).search([("name", "in", list(refs))])
        by_name = {}
        for order in orders_sudo:
            by_name.setdefault(order.name, order)
            if order.company_id == self.company_id:
                by_name[order.name] = order
        now = fields.Datetime.now()
        stored = 0
        for line, row in rows:
            order = by_name.get(row["order_ref"])
            if not row["order_ref"] or not row["erp_order_ref"]:
                bad.append(self.env._("Line %(line)s: order reference and ERP order number are required.", line=line))
            elif not order:
                bad.append(self.env._("Line %(line)s: unknown order %(ref)s.", line=line, ref=row["order_ref"]))
            elif order.company_id != self.company_id:
                bad.append(
                    self.env._(
                        "Line %(line)s: order %(ref)s belongs to another company.", line=line, ref=row["order_ref"]
                    )
                )
            else:
                order.write(
                    {
                        "dealer_erp_order_ref": row["erp_order_ref"][:64],
                        "dealer_erp_status": row["status"][:64],
                        "dealer_erp_ack_date": now,
                    }
                )
                stored += 1
        return stored, bad


class DealerIntegrationExportLog(models.Model):
    _name = "dealer.integration.export.log"
    _description = "Dealer order file export run"
    _order = "id desc"

    export_id = fields.Many2one("dealer.integration.export", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="export_id.company_id", store=True)
    kind = fields.Selection([("export", "Export"), ("ack", "Acknowledgements")], required=True)
    state = fields.Selection([("done", "Done"), ("warning", "Bad rows"), ("failed", "Failed")], required=True)
    file_name = fields.Char()
    count = fields.Integer(help="Documents exported, or acknowledgement rows stored.")
    message = fields.Text()

    @api.autovacuum
    def _gc_dealer_export_logs(self):
        """Runs are kept for 180 days."""
        self.sudo().search([("create_date", "<", fields.Datetime.subtract(fields.Datetime.now(), days=180))]).unlink()
