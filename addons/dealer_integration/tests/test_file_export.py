import csv
import hashlib
import json
import os
import shutil
import tempfile
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import is_html_empty

from odoo.addons.dealer_delivery.tests.common import DealerDeliveryHttpCommon

from ..tools import csv_export, file_export
from .common import DealerIntegrationCommon


@tagged("post_install", "-at_install")
class TestFileExport(DealerIntegrationCommon):
    """Confirmed dealer orders written as CSV and UBL files for a legacy ERP,
    atomically and once; its acknowledgements read back onto the orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer.write({"vat": "BE0477472701", "ref": "D-0042", "email": "orders@dd-dealer.example"})
        cls.company.partner_id.write({"vat": "BE0897223670"})

    def setUp(self):
        super().setUp()
        self.root = tempfile.mkdtemp(prefix="dealer-export-")
        self.addCleanup(shutil.rmtree, self.root, True)
        self.export = self.env["dealer.integration.export"].create(
            {"name": "Legacy ERP", "folder": self.root, "company_id": self.company.id}
        )
        self.outbox = os.path.join(self.root, "outbox")
        self.inbox = os.path.join(self.root, "inbox")

    def _order(self, lines=None):
        return self._confirm(self._make_order(lines or [(self.product_a, 3), (self.product_b, 2)]))

    def _files(self, folder=None):
        folder = folder or self.outbox
        return sorted(os.listdir(folder)) if os.path.isdir(folder) else []

    def _manifest(self):
        names = [name for name in self._files() if name.endswith("-manifest.json")]
        self.assertEqual(len(names), 1, names)
        with open(os.path.join(self.outbox, names[0]), "rb") as handle:
            return json.load(handle)

    def _drop_ack(self, name, content):
        os.makedirs(self.inbox, exist_ok=True)
        with open(os.path.join(self.inbox, name), "w", encoding="utf-8") as handle:
            handle.write(content)

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def test_ubl_order_round_trips_through_odoo_order_decoder(self):
        order = self._order()
        order.order_line[1].write({"discount": 10.0})
        self.export.write({"format_csv": False})
        self.export._dealer_export()[0]
        xml_names = [name for name in self._files() if name.endswith(".xml")]
        self.assertEqual(xml_names, [f"{order.dealer_export_batch}-order-{order.name}.xml"])
        with open(os.path.join(self.outbox, xml_names[0]), "rb") as handle:
            tree = etree.fromstring(handle.read())
        decoder = self.env["sale.order"]._get_order_ubl_builder_from_xml_tree(tree)
        self.assertEqual(decoder._name, "sale.edi.xml.ubl_bis3")
        imported = self.env["sale.order"].create({"partner_id": self.customer.id, "company_id": self.company.id})
        # The decoding half of _import_order_ubl (which then reprices the
        # lines at the importing side's own prices).
        decoder.with_company(self.company)._import_fill_order(imported, tree)
        self.assertEqual(imported.partner_id, self.dealer)
        self.assertEqual(imported.client_order_ref, order.name)
        self.assertEqual(imported.currency_id, order.currency_id)
        self.assertEqual(
            [
                (line.product_id, line.product_uom_qty, line.product_uom, line.price_unit, line.discount)
                for line in imported.order_line
            ],
            [
                (line.product_id, line.product_uom_qty, line.product_uom, line.price_unit, line.discount)
                for line in order.order_line
            ],
        )
        self.assertAlmostEqual(imported.amount_untaxed, order.amount_untaxed, places=2)
        self.assertEqual(imported.order_line.tax_id, order.order_line.tax_id)

    def test_csv_has_the_documented_columns_one_row_per_line(self):
        order = self._order()
        order.client_order_ref = "PO-7781"
        self.export.write({"format_ubl": False})
        self.export._dealer_export()[0]
        name = f"{order.dealer_export_batch}-orders.csv"
        with open(os.path.join(self.outbox, name), encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            handle.seek(0)
            header = next(csv.reader(handle))
        self.assertEqual(header, list(csv_export.ORDER_COLUMNS))
        with open(os.path.join(os.path.dirname(__file__), "..", "readme", "USAGE.md"), encoding="utf-8") as handle:
            readme = handle.read()
        for column in csv_export.ORDER_COLUMNS + csv_export.INVOICE_COLUMNS:
            self.assertIn(f"| `{column}` |", readme, "every CSV column is documented")
        self.assertEqual(len(rows), 2)
        first = rows[0]
        self.assertEqual(first["order_ref"], order.name)
        self.assertEqual(first["dealer_vat"], "BE0477472701")
        self.assertEqual(first["dealer_code"], "D-0042")
        self.assertEqual(first["po_ref"], "PO-7781")
        self.assertEqual(first["channel"], "backoffice")
        self.assertEqual(first["sku"], "BP-220")
        self.assertEqual(float(first["quantity"]), 3.0)
        self.assertEqual(float(first["unit_price"]), order.order_line[0].price_unit)
        self.assertEqual(float(first["subtotal"]), order.order_line[0].price_subtotal)
        self.assertEqual(first["currency"], order.currency_id.name)
        self.assertEqual([row["line_no"] for row in rows], ["1", "2"])
        manifest = self._manifest()
        self.assertEqual(manifest["orders"], [order.name])
        self.assertEqual(manifest["line_count"], 2)
        self.assertEqual([file["name"] for file in manifest["files"]], [name])
        with open(os.path.join(self.outbox, name), "rb") as handle:
            self.assertEqual(manifest["files"][0]["sha256"], hashlib.sha256(handle.read()).hexdigest())

    def test_invoices_and_credit_notes_are_exported_when_asked(self):
        order = self._order()
        self._validate(self._customer_pickings(order))
        invoice = order._create_invoices()
        invoice.action_post()
        credit_note = invoice._reverse_moves([{"ref": "Damaged pump"}])
        credit_note.action_post()
        self.export.write({"export_invoices": True})
        orders, moves = self.export._dealer_export()
        self.assertEqual((orders, moves), (order, invoice | credit_note))
        batch = invoice.dealer_export_batch
        with open(os.path.join(self.outbox, f"{batch}-invoices.csv"), encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual(list(rows[0]), list(csv_export.INVOICE_COLUMNS))
        self.assertEqual(
            [(row["document_ref"], row["document_type"], row["sku"]) for row in rows],
            [
                (invoice.name, "invoice", "BP-220"),
                (invoice.name, "invoice", "PT-50"),
                (credit_note.name, "credit_note", "BP-220"),
                (credit_note.name, "credit_note", "PT-50"),
            ],
        )
        self.assertEqual(rows[0]["order_refs"], order.name)
        self.assertEqual(rows[2]["reversed_ref"], invoice.name)
        self.assertAlmostEqual(sum(float(row["total"]) for row in rows[:2]), invoice.amount_total)
        xml_name = f"{batch}-invoice-{file_export.safe_name(invoice.name)}.xml"
        with open(os.path.join(self.outbox, xml_name), "rb") as handle:
            tree = etree.fromstring(handle.read())
        self.assertEqual(tree.findtext("{*}ID"), invoice.name)
        self.assertEqual(self._manifest()["invoices"], [invoice.name, credit_note.name])
        self.assertEqual(self.export._dealer_export(), (order.browse(), invoice.browse()))
        invoice.action_dealer_export_again()
        self.assertEqual(self.export._dealer_export()[1], invoice)

    def test_export_is_idempotent_and_export_again_re_exports(self):
        first, second = self._order(), self._order()
        quotation = self._make_order([(self.product_a, 1)])
        exported = self.export._dealer_export()[0]
        self.assertEqual(exported, first | second)
        self.assertTrue(first.dealer_exported_at)
        self.assertEqual(first.dealer_export_batch, second.dealer_export_batch)
        self.assertFalse(quotation.dealer_exported_at)
        files = self._files()
        self.assertEqual(len(files), 4)  # CSV, two UBL orders, manifest

        self.assertFalse(self.export._dealer_export()[0], "nothing new: nothing exported")
        self.assertEqual(self._files(), files)

        second.action_dealer_export_again()
        self.assertEqual(self.export._dealer_export()[0], second)
        self.assertEqual(self._manifest_count(), 2)
        self.assertEqual(len(self.export.log_ids.filtered(lambda log: log.kind == "export")), 2)

    def _manifest_count(self):
        return len([name for name in self._files() if name.endswith("-manifest.json")])

    def test_export_again_needs_write_access_to_the_order(self):
        order = self._order()
        self.export._dealer_export()[0]
        with self.assertRaises(AccessError):
            order.with_user(self.env.ref("base.public_user")).action_dealer_export_again()

    def test_crash_before_rename_leaves_no_half_file(self):
        order = self._order()

        def crash(src, dst):
            raise OSError("disk gone")

        with patch.object(file_export, "_rename", crash), self.assertRaises(OSError):
            self.export._dealer_export()[0]
        self.assertEqual(self._files(), [], "no file, not even the temporary one")
        self.assertFalse(order.dealer_exported_at)
        # The next run writes the whole batch.
        self.assertEqual(self.export._dealer_export()[0], order)
        self.assertEqual(self._manifest()["order_count"], 1)

    def test_write_atomic_replaces_a_file_whole(self):
        os.makedirs(self.outbox)
        file_export.write_atomic(self.outbox, "a.csv", b"old")

        def crash(src, dst):
            raise OSError("disk gone")

        with patch.object(file_export, "_rename", crash), self.assertRaises(OSError):
            file_export.write_atomic(self.outbox, "a.csv", b"new and longer")
        self.assertEqual(self._files(), ["a.csv"])
        with open(os.path.join(self.outbox, "a.csv"), "rb") as handle:
            self.assertEqual(handle.read(), b"old")
        with self.assertRaises(ValueError):
            file_export.write_atomic(self.outbox, "../escape.csv", b"x")

    def test_one_run_costs_a_fixed_number_of_queries(self):
        def run(count):
            orders = self.env["sale.order"]
            for _i in range(count):
                orders |= self._order([(self.product_a, 1), (self.product_b, 1), (self.product_c, 1)])
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.export._dealer_export()[0]
            self.export.env.flush_all()
            return self.cr.sql_log_count - before

        small = run(1)
        large = run(4)
        self.assertLessEqual(large - small, 2, (small, large))

    # ------------------------------------------------------------------
    # Folder
    # ------------------------------------------------------------------
    def test_folder_must_be_an_absolute_writable_directory(self):
        Export = self.env["dealer.integration.export"]
        for folder in ("relative/path", self.root + "/../etc", os.path.join(self.root, "missing"), "/proc/1"):
            with self.subTest(folder=folder), self.assertRaises(ValidationError):
                Export.create({"name": "Bad", "folder": folder, "company_id": self.company.id})
        a_file = os.path.join(self.root, "file")
        open(a_file, "w").close()
        with self.assertRaises(ValidationError):
            self.export.folder = a_file

    def test_only_administrators_configure_the_folder(self):
        with self.assertRaises(AccessError):
            self.export.with_user(self.dd_sales_manager).write({"folder": "/tmp"})
        with self.assertRaises(AccessError):
            self.export.with_user(self.dd_sales_manager).action_run_now()
        self.export.with_user(self.dd_sales_manager).read(["name", "last_run"])

    # ------------------------------------------------------------------
    # Acknowledgements
    # ------------------------------------------------------------------
    def test_ack_stores_the_erp_number_and_reports_bad_rows(self):
        first, second = self._order(), self._order()
        other_company = self.env["res.company"].create({"name": "Other manufacturer"})
        foreign = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "company_id": other_company.id, "name": "FOREIGN-1"}
        )
        self._drop_ack(
            "ack-001.csv",
            "order_ref,erp_order_ref,status\r\n"
            f"{first.name},778812,accepted\r\n"
            f"{second.name},778813,on hold\r\n"
            "S-NOPE,1,accepted\r\n"
            f"{foreign.name},2,accepted\r\n"
            f"{first.name},,accepted\r\n",
        )
        self.export._dealer_import_acks()
        self.assertEqual((first.dealer_erp_order_ref, first.dealer_erp_status), ("778812", "accepted"))
        self.assertEqual((second.dealer_erp_order_ref, second.dealer_erp_status), ("778813", "on hold"))
        self.assertTrue(first.dealer_erp_ack_date)
        self.assertFalse(foreign.dealer_erp_order_ref)
        self.assertEqual(self._files(self.inbox), [])
        self.assertEqual(self._files(os.path.join(self.root, "processed")), ["ack-001.csv"])
        log = self.export.log_ids
        self.assertEqual((log.kind, log.state, log.count), ("ack", "warning", 2))
        self.assertIn("Line 4: unknown order S-NOPE", log.message)
        self.assertIn("Line 5: order FOREIGN-1 belongs to another company", log.message)
        self.assertIn("Line 6:", log.message)

    def test_unreadable_ack_files_go_to_failed_with_a_report(self):
        order = self._order()
        self._drop_ack("bad-columns.csv", f"order,number\r\n{order.name},1\r\n")
        os.makedirs(self.inbox, exist_ok=True)
        with open(os.path.join(self.inbox, "huge.csv"), "wb") as handle:
            handle.write(b"order_ref,erp_order_ref,status\n" + b"x" * (file_export.MAX_ACK_FILE_SIZE + 1))
        with open(os.path.join(self.inbox, "binary.csv"), "wb") as handle:
            handle.write(b"\xff\xfe\x00garbage")
        self.export._dealer_import_acks()
        failed = os.path.join(self.root, "failed")
        self.assertEqual(
            self._files(failed),
            [
                "bad-columns.csv",
                "bad-columns.csv.report.txt",
                "binary.csv",
                "binary.csv.report.txt",
                "huge.csv",
                "huge.csv.report.txt",
            ],
        )
        with open(os.path.join(failed, "bad-columns.csv.report.txt"), encoding="utf-8") as handle:
            self.assertIn("missing columns: order_ref, erp_order_ref", handle.read())
        self.assertEqual(set(self.export.log_ids.mapped("state")), {"failed"})
        self.assertFalse(order.dealer_erp_order_ref)

    def test_cron_exports_then_reads_acks_and_shows_them_on_the_portal(self):
        order = self._order()
        self.env.ref("dealer_integration.ir_cron_dealer_integration_export").method_direct_trigger()
        self.assertTrue(order.dealer_exported_at)
        self._drop_ack("ack.csv", f"order_ref;erp_order_ref;status\n{order.name};778812;confirmed\n")
        self.export.action_run_now()
        self.assertEqual(order.dealer_erp_order_ref, "778812")
        html = self.env["ir.qweb"]._render(
            "sale.sale_order_portal_content", {"sale_order": order.sudo(), "is_html_empty": is_html_empty}
        )
        self.assertIn("ERP Order:", str(html))
        self.assertIn("778812", str(html))


@tagged("post_install", "-at_install")
class TestFileExportPortal(DealerDeliveryHttpCommon):
    def test_dealer_sees_the_erp_order_number_on_the_order_page(self):
        order = self._confirm(self._make_order([(self.product_a, 1)]))
        root = tempfile.mkdtemp(prefix="dealer-export-")
        self.addCleanup(shutil.rmtree, root, True)
        export = self.env["dealer.integration.export"].create(
            {"name": "Legacy ERP", "folder": root, "company_id": self.company.id}
        )
        os.makedirs(os.path.join(root, "inbox"))
        with open(os.path.join(root, "inbox", "ack.csv"), "w", encoding="utf-8") as handle:
            handle.write(f"order_ref,erp_order_ref,status\n{order.name},778812,accepted\n")
        export._dealer_import_acks()
        self.authenticate(self.dealer_user.login, self.dealer_user.login)
        response = self.url_open(f"/my/orders/{order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("ERP Order:", response.text)
        self.assertIn("778812", response.text)
