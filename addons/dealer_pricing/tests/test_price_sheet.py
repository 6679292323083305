import base64
import io
import zipfile
from datetime import date, timedelta

from openpyxl import Workbook

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import price_sheet_file
from .common import DealerCommon, publish


@tagged("post_install", "-at_install")
class TestPriceSheet(DealerCommon):
    """The manufacturer's price sheets: import with column mapping, refusal
    of bad files, and their reconciliation by the pricing audit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["dealer.pricing.audit"])

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _wizard(self, content, file_name="prices.csv", user=None, **vals):
        Wizard = self.env["dealer.price.sheet.import"]
        if user:
            Wizard = Wizard.with_user(user)
        if isinstance(content, str):
            content = content.encode()
        return Wizard.create({"file_data": base64.b64encode(content), "file_name": file_name, **vals})

    def _import(self, content, file_name="prices.csv", mapping=None, **vals):
        """Import through both steps of the wizard; ``mapping`` changes the
        proposed target of columns by header."""
        wizard = self._wizard(content, file_name, **vals)
        wizard.action_read_columns()
        for header, target in (mapping or {}).items():
            wizard.column_ids.filtered(lambda c, h=header: c.header == h).target = target
        action = wizard.action_import()
        return self.env["dealer.price.sheet"].browse(action["res_id"])

    def _xlsx(self, rows):
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()

    def _audit(self, sheets=None, **vals):
        audit = self.env["dealer.pricing.audit"].create(
            {"name": "Sheet audit", **({"sheet_ids": [Command.set(sheets.ids)]} if sheets else {}), **vals}
        )
        audit.action_run()
        return audit

    def _sheet_count(self):
        return self.env["dealer.price.sheet"].with_context(active_test=False).search_count([])

    def _assert_refused(self, content, message, file_name="prices.csv", mapping=None):
        sheets, rows = self._sheet_count(), self.env["dealer.price.sheet.line"].search_count([])
        with self.assertRaises(UserError) as caught:
            self._import(content, file_name, mapping=mapping)
        self.assertIn(message, str(caught.exception))
        self.assertEqual(self._sheet_count(), sheets, "Nothing is written for a refused file.")
        self.assertEqual(self.env["dealer.price.sheet.line"].search_count([]), rows)
        return str(caught.exception)

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def test_csv_import_proposes_mapping_from_headers(self):
        content = (
            "Tier or Dealer;SKU;Unit price;Valid from;Valid to;Comment\n"
            "DCGOLD;BP-220;42,50;2026-01-01;2026-12-31;new\n"
            "gold motors ;OF-10;1.234,5;;;\n"
            ";;;;;\n"
            "Nobody Inc;NOPE-1;3;;;\n"
        )
        wizard = self._wizard(content)
        wizard.action_read_columns()
        self.assertEqual(wizard.state, "map")
        proposed = {c.header: c.target for c in wizard.column_ids}
        self.assertEqual(
            proposed,
            {
                "Tier or Dealer": "target",
                "SKU": "sku",
                "Unit price": "price",
                "Valid from": "date_start",
                "Valid to": "date_end",
                "Comment": "ignore",
            },
        )
        self.assertEqual(wizard.column_ids.filtered(lambda c: c.header == "SKU").sample, "BP-220")
        sheet = self.env["dealer.price.sheet"].browse(wizard.action_import()["res_id"])
        self.assertEqual(sheet.name, "prices.csv")
        self.assertEqual(sheet.user_id, self.env.user)
        self.assertEqual(sheet.company_id, self.company)
        self.assertEqual(sheet.line_count, 3, "The empty row is skipped.")
        self.assertEqual(sheet.unmatched_count, 1)
        first, second, third = sheet.line_ids
        self.assertEqual((first.row, first.tier_id, first.partner_id), (2, self.tier_gold, self.env["res.partner"]))
        self.assertEqual(first.product_id, self.pad)
        self.assertEqual(first.price, 42.5)
        self.assertEqual((first.date_start, first.date_end), (date(2026, 1, 1), date(2026, 12, 31)))
        self.assertEqual(second.partner_id, self.dealer_gold, "Dealers match by name, whatever the case.")
        self.assertFalse(second.tier_id)
        self.assertEqual(second.price, 1234.5)
        self.assertEqual(second.product_id, self.filter)
        self.assertFalse(third.is_matched)
        self.assertEqual((third.row, third.target_text, third.sku), (5, "Nobody Inc", "NOPE-1"))

    def test_xlsx_import_with_mapping_changed_by_user(self):
        content = self._xlsx(
            [
                ["Group", "Dealer", "Part", "Net", "Start"],
                ["DCSILVER", "SSP-1", "BP-220", 44.0, date(2026, 2, 1)],
                ["Gold", None, "BD-300", 96, None],
            ]
        )
        self.dealer_silver.ref = "SSP-1"
        sheet = self._import(
            content,
            file_name="Prices 2026.xlsx",
            mapping={"Group": "tier", "Part": "sku", "Net": "price", "Start": "date_start"},
        )
        first, second = sheet.line_ids
        self.assertEqual((first.tier_id, first.partner_id), (self.tier_silver, self.dealer_silver))
        self.assertEqual(first.dealer_text, "SSP-1", "The dealer column was proposed from its header.")
        self.assertEqual(first.date_start, date(2026, 2, 1))
        self.assertEqual((second.tier_id, second.product_id, second.price), (self.tier_gold, self.disc, 96.0))
        self.assertFalse(second.date_start)

    def test_import_from_the_audit_links_the_sheet(self):
        audit = self.env["dealer.pricing.audit"].create({"name": "Before go-live"})
        action = audit.action_open_price_sheet_import()
        self.assertEqual(action["res_model"], "dealer.price.sheet.import")
        wizard = (
            self.env["dealer.price.sheet.import"]
            .with_context(**action["context"])
            .create({"file_data": base64.b64encode(b"tier,sku,price\nDCGOLD,BP-220,40\n"), "file_name": "a.csv"})
        )
        self.assertEqual(wizard.audit_id, audit)
        wizard.action_read_columns()
        sheet = self.env["dealer.price.sheet"].browse(wizard.action_import()["res_id"])
        self.assertEqual(audit.sheet_ids, sheet)

    def test_match_again_after_configuration(self):
        sheet = self._import("dealer,sku,price\nLate Garage,LATE-1,10\n")
        self.assertEqual(sheet.unmatched_count, 1)
        late = self.env["res.partner"].create(
            {"name": "Late Garage", "is_company": True, "is_dealer": True, "dealer_tier_id": self.tier_gold.id}
        )
        product = self.env["product.product"].create({"name": "Late part", "default_code": "LATE-1"})
        sheet.action_match_again()
        self.assertEqual((sheet.line_ids.partner_id, sheet.line_ids.product_id), (late, product))
        self.assertEqual(sheet.unmatched_count, 0)

    # ------------------------------------------------------------------
    # Hostile and broken files: a clear error, nothing written
    # ------------------------------------------------------------------
    def test_file_too_large_is_refused(self):
        content = b"tier,sku,price\n" + b"DCGOLD,BP-220,40\n" * (price_sheet_file.MAX_FILE_BYTES // 17 + 1)
        self.assertGreater(len(content), price_sheet_file.MAX_FILE_BYTES)
        with self.assertRaises(UserError) as caught:
            self._wizard(content).action_read_columns()
        self.assertIn("larger than 10 MB", str(caught.exception))

    def test_too_many_rows_is_refused(self):
        content = "tier,sku,price\n" + "DCGOLD,BP-220,40\n" * (price_sheet_file.MAX_ROWS + 1)
        with self.assertRaises(UserError) as caught:
            self._wizard(content).action_read_columns()
        self.assertIn("more than 20,000 price rows", str(caught.exception))

    def test_bad_encoding_is_refused(self):
        # 0x81 and 0x8d are neither UTF-8 nor Windows-1252.
        self._assert_refused(b"tier,sku,price\nDCGOLD,\x81\x8d,40\n", "neither UTF-8 nor Windows-1252")
        self._assert_refused(b"tier,sku,price\x00\x00\n", "not a CSV text file")

    def test_windows_1252_file_is_read(self):
        sheet = self._import("tier,sku,price\nDCGOLD,BP-220,40\nDCGOLD,CAFÉ-1,4\n".encode("cp1252"))
        self.assertEqual(sheet.line_ids.mapped("sku"), ["BP-220", "CAFÉ-1"])

    def test_broken_workbook_is_refused(self):
        self._assert_refused(b"PK\x03\x04 not really a zip", "not a readable Excel", file_name="prices.xlsx")
        self._assert_refused(b"whatever", "Old Excel files", file_name="prices.xls")
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/sharedStrings.xml", b"0" * (4 * 1024 * 1024))
        self._assert_refused(bomb.getvalue(), "too large once unpacked", file_name="prices.xlsx")
        formula = self._xlsx([["Tier", "SKU", "Price"], ["DCGOLD", "BP-220", "=B1*2"]])
        self._assert_refused(formula, 'Row 2: the price "=B1*2"', file_name="prices.xlsx")
        self._assert_refused(b"\n \n", "The file is empty")

    def test_missing_columns_are_refused(self):
        self._assert_refused("tier,sku,amount due\nDCGOLD,BP-220,40\n", "Map a column to each of: Price")
        self._assert_refused("sku,price\nBP-220,40\n", "Map a column to the tier, the dealer")
        self._assert_refused(
            "tier,sku,price,net\nDCGOLD,BP-220,40,41\n", "Two columns are mapped to Price", mapping={"net": "price"}
        )
        self._assert_refused("tier,sku,price\n", "no price rows")

    def test_bad_rows_are_named_and_nothing_is_written(self):
        content = (
            "tier,sku,price,valid from,valid to\n"
            "DCGOLD,BP-220,40,,\n"
            "DCGOLD,BD-300,abc,,\n"
            "DCGOLD,OF-10,-5,,\n"
            "DCGOLD,AC-1,10,31/31/2026,\n"
            ",GO-5,10,,\n"
            "DCGOLD,,10,,\n"
            "DCGOLD,GO-5,=1+1,2026-05-01,2026-04-01\n"
            f"DCGOLD,GO-5,{'9' * 300},,\n"
        )
        message = self._assert_refused(content, "Nothing was imported")
        for expected in (
            'Row 3: the price "abc"',
            'Row 4: the price "-5"',
            'Row 5: "31/31/2026" is not a date',
            "Row 6: no tier or dealer",
            "Row 7: no SKU",
            'Row 8: the price "=1+1"',
            "Row 8: it ends before it starts",
            "Row 9: a cell is longer than 256 characters",
        ):
            self.assertIn(expected, message)
        self.assertNotIn("Row 2", message)

    def test_salesperson_and_portal_cannot_import(self):
        sheet = self._import("tier,sku,price\nDCGOLD,BP-220,40\n")
        with self.assertRaises(AccessError):
            self._wizard(b"tier,sku,price\nDCGOLD,BP-220,40\n", user=self.user_salesman)
        self.assertEqual(sheet.with_user(self.user_salesman).line_ids.sku, "BP-220", "Salespeople read sheets.")
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_salesman).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_gold).read(["name"])
        with self.assertRaises(AccessError):
            sheet.line_ids.with_user(self.user_gold).read(["price"])

    def test_another_company_does_not_see_the_sheet(self):
        sheet = self._import("tier,sku,price\nDCGOLD,BP-220,40\n")
        main = self.env.ref("base.main_company")
        other_manager = self.env["res.users"].create(
            {
                "name": "Other manager",
                "login": "dc_other_sheet_manager",
                "company_id": main.id,
                "company_ids": [Command.set(main.ids)],
                "groups_id": [Command.set(self.env.ref("sales_team.group_sale_manager").ids)],
            }
        )
        self.assertFalse(self.env["dealer.price.sheet"].with_user(other_manager).search([("id", "=", sheet.id)]))
        self.assertFalse(
            self.env["dealer.price.sheet.line"].with_user(other_manager).search([("sheet_id", "=", sheet.id)])
        )

    # ------------------------------------------------------------------
    # Reconciliation
    # ------------------------------------------------------------------
    def _findings(self, audit, code):
        return audit.finding_ids.filtered(lambda l: l.code == code)

    def test_each_difference_is_a_finding(self):
        future = self.today + timedelta(days=30)
        self._create_agreement(self.dealer_gold, [(self.pad, 30.0)], name="Pad deal")
        self._create_scheme(self.tier_gold, [(self.disc, 90.0)], future, future + timedelta(days=30), name="Later")
        content = (
            "Tier or dealer;SKU;Price;Valid from;Valid to\n"
            "DCGOLD;BP-220;42,00;;\n"  # 2: Gold pays 40 (80 % of 50): differs
            "DCGOLD;OF-10;12.00;;\n"  # 3: 80 % of 15: agrees
            "DCGOLD;NOPE-1;5;;\n"  # 4: no such product
            "DCSILVER;BD-300;100;;\n"  # 5: not in Silver's catalog
            "Gold Garage;BP-220;35;;\n"  # 6: no agreement gives it 35
            "Gold Motors;BP-220;31;;\n"  # 7: its agreement says 30
            "Gold Motors;BP-220;30;;\n"  # 8: agrees with the agreement
            "Nobody Inc;BP-220;10;;\n"  # 9: unknown dealer
            f"DCGOLD;BD-300;90;{future};\n"  # 10: the scheme's price once it starts
            "DCGOLD;BD-300;90;;\n"  # 11: today it is 96
            f"DCGOLD;AC-1;1;2000-01-01;{self.today - timedelta(days=1)}\n"  # 12: history, not reconciled
        )
        sheet = self._import(content, file_name="tiers.csv")
        tiers = self._import(
            "Tier,Dealer,SKU,Price\nSilver,Gold Motors,BP-220,30\nGold,Ghost Garage,BP-220,40\nTin,,BP-220,40\n",
            file_name="dealers.csv",
        )
        audit = self._audit()
        self.assertEqual(audit.sheet_ids.ids, [], "Without chosen sheets, every sheet of the company counts.")

        differs = self._findings(audit, "sheet_price_differs")
        self.assertEqual(len(differs), 3, differs.mapped("message"))
        gold_pad = differs.filtered(lambda l: not l.partner_id and l.product_id == self.pad)
        self.assertEqual((gold_pad.sheet_price, gold_pad.dealer_price), (42.0, 40.0))
        self.assertEqual((gold_pad.tier_id, gold_pad.pricelist_id), (self.tier_gold, self.pricelist_gold))
        self.assertEqual((gold_pad.sheet_id, gold_pad.sheet_line_id.row), (sheet, 2))
        self.assertEqual(gold_pad.severity, "error")
        self.assertIn("42.00", gold_pad.message)
        self.assertIn("40.00", gold_pad.message)
        self.assertTrue(gold_pad.hint)
        agreed = differs.filtered(lambda l: l.partner_id == self.dealer_gold)
        self.assertEqual((agreed.sheet_price, agreed.dealer_price, agreed.sheet_line_id.row), (31.0, 30.0, 7))
        disc = differs.filtered(lambda l: l.product_id == self.disc)
        self.assertEqual((disc.sheet_price, disc.dealer_price, disc.date_start), (90.0, 96.0, self.today))
        self.assertEqual(disc.sheet_line_id.row, 11, "On its first day the scheme's 90 is what Gold pays.")

        exception = self._findings(audit, "sheet_exception_missing")
        self.assertEqual(exception.partner_id, self.dealer_gold_2)
        self.assertEqual((exception.sheet_price, exception.dealer_price, exception.severity), (35.0, 40.0, "error"))

        missing = self._findings(audit, "sheet_product_missing")
        self.assertEqual(len(missing), 2)
        unknown_sku = missing.filtered(lambda l: not l.product_id)
        self.assertIn("NOPE-1", unknown_sku.message)
        self.assertEqual(unknown_sku.sheet_sku, "NOPE-1")
        off_catalog = missing.filtered("product_id")
        self.assertEqual((off_catalog.product_id, off_catalog.tier_id), (self.disc, self.tier_silver))
        self.assertFalse(off_catalog.partner_id)

        tier = self._findings(audit, "sheet_tier_differs")
        self.assertEqual((tier.partner_id, tier.tier_id, tier.sheet_id), (self.dealer_gold, self.tier_gold, tiers))
        self.assertIn("Silver", tier.message)
        self.assertEqual(tier.severity, "error")

        unknown = self._findings(audit, "sheet_unknown_dealer")
        self.assertEqual(len(unknown), 3)
        nobody = unknown.filtered(lambda l: l.sheet_id == sheet)
        self.assertIn("Nobody Inc", nobody.message)
        self.assertEqual(nobody.sheet_line_id.row, 9)
        # A dealer of its own column is never read as its tier's row.
        self.assertIn("Ghost Garage", unknown.filtered(lambda l: l.sheet_line_id.row == 3).message)
        self.assertIn("Tin", unknown.filtered(lambda l: l.sheet_line_id.row == 4).message)

        reconciled_rows = audit.finding_ids.sheet_line_id.mapped("row")
        for clean_row in (3, 8, 10, 12):
            self.assertNotIn(clean_row, [r for r, s in zip(reconciled_rows, audit.finding_ids.sheet_id) if s == sheet])
        self.assertEqual(audit.error_count, len(audit.finding_ids.filtered(lambda l: l.severity == "error")))

    def test_chosen_sheets_only_and_other_companies_sheets_ignored(self):
        chosen = self._import("tier,sku,price\nDCGOLD,BP-220,41\n")
        other = self._import("tier,sku,price\nDCGOLD,OF-10,11\n")
        audit = self._audit(sheets=chosen)
        self.assertEqual(audit.finding_ids.sheet_id, chosen)
        other.active = False
        self.assertEqual(self._audit().finding_ids.sheet_id, chosen, "Archived sheets are not reconciled.")

    def test_sheet_prices_in_another_currency_are_converted(self):
        other = self.env.ref("base.EUR") if self.currency != self.env.ref("base.EUR") else self.env.ref("base.USD")
        other.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "company_id": self.company.id, "name": "2000-01-01", "rate": 2.0}
        )
        self.env["res.currency.rate"].search(
            [("currency_id", "=", self.currency.id), ("company_id", "in", [self.company.id, False])]
        ).unlink()
        self._import("tier,sku,price\nDCGOLD,BP-220,80\nDCGOLD,OF-10,30\n", currency_id=other.id)
        audit = self._audit()
        self.assertFalse(audit.finding_ids.filtered(lambda l: l.product_id == self.pad), "80 at 2:1 is Gold's 40.")
        filter_line = self._findings(audit, "sheet_price_differs")
        self.assertEqual((filter_line.product_id, filter_line.sheet_price), (self.filter, 15.0))

    def test_reconciliation_queries_do_not_grow_with_rows(self):
        products = publish(
            self.env["product.product"].create(
                [
                    {
                        "name": f"Sheet filter {i}",
                        "default_code": f"SF-{i}",
                        "categ_id": self.categ_filters.id,
                        "list_price": 10.0,
                        "type": "consu",
                    }
                    for i in range(100)
                ]
            )
        )
        self._create_agreement(self.dealer_gold, [(products[0], 5.0)], name="One filter")

        def sheet(count):
            rows = []
            for i, product in enumerate(products[:count]):
                # Half the rows per tier, half per dealer; every third price differs.
                who = "DCGOLD" if i % 2 else "Gold Motors"
                rows.append(f"{who},{product.default_code},{8.0 if i % 3 else 7.5}")
            return self._import("tier or dealer,sku,price\n" + "\n".join(rows) + "\n")

        small, large = sheet(10), sheet(100)

        def count_queries(price_sheet):
            audit = self.env["dealer.pricing.audit"].create(
                {"name": "Queries", "sheet_ids": [Command.set(price_sheet.ids)]}
            )
            data = audit._audit_prepare_data()
            self.env.flush_all()
            self.env.invalidate_all()
            self.env.registry.clear_cache()
            before = self.cr.sql_log_count
            findings = audit._audit_check_price_sheets(data)
            return self.cr.sql_log_count - before, findings

        small_count, small_findings = count_queries(small)
        large_count, large_findings = count_queries(large)
        self.assertEqual(len(small_findings), 4, [f["message"] for f in small_findings])
        self.assertEqual(len(large_findings), 34)
        self.assertEqual(
            {f["code"] for f in large_findings}, {"sheet_price_differs", "sheet_exception_missing"}, large_findings
        )
        self.assertLessEqual(large_count, small_count, f"{small_count} queries for 10 rows, {large_count} for 100.")

    # ------------------------------------------------------------------
    # Overview additions
    # ------------------------------------------------------------------
    def test_overview_lists_catalog_exceptions_unlinked_pricelists_and_upcoming_agreements(self):
        self.dealer_silver.write(
            {
                "dealer_include_product_tmpl_ids": [Command.set(self.filter.product_tmpl_id.ids)],
                "dealer_exclude_product_tmpl_ids": [Command.set(self.pad.product_tmpl_id.ids)],
            }
        )
        soon = self._create_agreement(
            self.dealer_gold, [(self.pad, 30.0)], name="Soon", date_start=self.today + timedelta(days=5)
        )
        self._create_agreement(
            self.dealer_gold, [(self.filter, 10.0)], name="Later", date_start=self.today + timedelta(days=40)
        )
        audit = self._audit(expiry_days=14)

        exceptions = audit.inventory_ids.filtered(lambda l: l.code == "catalog_exception")
        self.assertEqual(exceptions.partner_id, self.dealer_silver)
        self.assertEqual(exceptions.severity, "info")
        self.assertIn("1 extra product(s) ([OF-10] Oil filter)", exceptions.message)
        self.assertIn("1 blocked product(s) ([BP-220] Brake pad)", exceptions.message)

        unlinked = audit.inventory_ids.filtered(lambda l: l.code == "pricelist_unlinked").pricelist_id
        self.assertIn(self.pricelist_public, unlinked)
        self.assertNotIn(self.pricelist_gold, unlinked)
        self.assertFalse(unlinked.filtered("dealer_is_special"), "The agreements' technical list is no price list.")

        starting = audit.inventory_ids.filtered(lambda l: l.code == "agreement_starting")
        self.assertEqual(starting.agreement_id, soon, "Only agreements starting within the audit's days.")
        self.assertEqual((starting.partner_id, starting.date_start), (self.dealer_gold, soon.date_start))

        # Listed, not counted: a clean configuration stays without findings.
        self.assertFalse(audit.finding_ids & audit.inventory_ids)
        self.assertEqual(
            audit.finding_count,
            len(audit.line_ids.filtered(lambda l: l.code != "overview" and l not in audit.inventory_ids)),
        )
        self.assertFalse(
            audit.finding_ids.filtered(lambda l: l.partner_id in (self.dealer_gold | self.dealer_silver)),
            "Exceptions and upcoming agreements are no problem in themselves.",
        )

    def test_views_open(self):
        sheet = self._import("tier,sku,price\nDCGOLD,BP-220,41\n")
        audit = self._audit()
        Sheet = self.env["dealer.price.sheet"].with_user(self.user_salesman)
        Sheet.get_views([(False, "list"), (False, "form"), (False, "search")])
        self.env["dealer.price.sheet.line"].with_user(self.user_salesman).get_views([(False, "list")])
        action = sheet.with_user(self.user_salesman).action_view_lines()
        self.assertEqual(action["domain"], [("sheet_id", "=", sheet.id)])
        form = self.env["dealer.pricing.audit"].with_user(self.user_manager).get_views([(False, "form")])
        self.assertIn("action_open_price_sheet_import", form["views"]["form"]["arch"])
        self.assertIn("sheet_price", form["views"]["form"]["arch"])
        form = self.env["dealer.pricing.audit"].with_user(self.user_salesman).get_views([(False, "form")])
        self.assertNotIn("action_open_price_sheet_import", form["views"]["form"]["arch"])
        self.env["dealer.price.sheet.import"].with_user(self.user_manager).get_views([(False, "form")])
        menu = self.env.ref("dealer_pricing.dealer_price_sheet_import_menu")
        self.assertEqual(menu.groups_id, self.env.ref("sales_team.group_sale_manager"))
        self.assertTrue(audit.finding_ids.filtered(lambda l: l.sheet_price == 41.0))
