"""Hostile input to the parsers behind the quick order, the email and the
WhatsApp intake: each is refused or read in bounded time, with a message and
never a traceback."""

import io
import time
import zipfile

from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon

from .intake_common import IntakeTestMixin

# Well above what these inputs take once parsing is linear (milliseconds),
# far below what the quadratic split took (4.4 s for 32,000 spaces).
MAX_SECONDS = 2.0


@tagged("post_install", "-at_install")
class TestIntakeHostileInput(IntakeTestMixin, DealerPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.QuickOrder = cls.env["dealer.quick.order"]

    def _timed(self, function, *args, bound=MAX_SECONDS):
        start = time.perf_counter()
        result = function(*args)
        elapsed = time.perf_counter() - start
        self.assertLess(elapsed, bound, f"{function.__name__} took {elapsed:.2f} s")
        return result, elapsed

    def _xlsx(self, rows):
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        buf = io.BytesIO()
        workbook.save(buf)
        return buf.getvalue()

    def test_long_run_of_spaces_splits_in_linear_time(self):
        line = "A" + " " * 32000 + "B"
        (sku, qty), __ = self._timed(self.QuickOrder._split_line, line)
        self.assertEqual((sku, qty), ("A", "B"))

    def test_32000_character_line_is_refused_quickly(self):
        text = "DC-DRILL 2\n" + "A" + " " * 32000 + "B\nDC-SAW 1"
        parsed, __ = self._timed(self.QuickOrder._parse_text, text)
        self.assertEqual([(r["sku"], r["qty"]) for r in parsed["rows"]], [("DC-DRILL", "2"), ("DC-SAW", "1")])
        self.assertEqual(len(parsed["notices"]), 1)
        self.assertIn("Line too long", parsed["notices"][0])
        self.assertIn("line 2", parsed["notices"][0])

    def test_5_mb_one_line_file_is_refused_quickly(self):
        content = b"A" + b" " * (5 * 1024 * 1024 - 2) + b"B"
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.csv", content)
        self.assertFalse(parsed["rows"])
        self.assertIn("Line too long", parsed["notices"][0])
        # One byte more is refused before it is even decoded.
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.txt", content + b" ")
        self.assertFalse(parsed["rows"])
        self.assertIn("larger than 5 MB", parsed["notices"][0])

    def test_oversized_paste_is_refused_with_a_message(self):
        parsed, __ = self._timed(self.QuickOrder._parse_text, "DC-DRILL 1\n" * 200000)
        self.assertFalse(parsed["rows"])
        self.assertIn("longer than", parsed["notices"][0])

    def test_empty_rows_count_toward_the_row_cap(self):
        text = "\n" * 100000 + "DC-DRILL 2"
        parsed, __ = self._timed(self.QuickOrder._parse_text, text)
        self.assertFalse(parsed["rows"], "the line after 100,000 empty ones is past the cap")
        self.assertIn("only the first 1,000", parsed["notices"][0])
        content = ("DC-SAW;1\n" + ";\n" * 5000 + "DC-DRILL;2\n").encode()
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.csv", content)
        self.assertEqual([r["sku"] for r in parsed["rows"]], ["DC-SAW"])
        self.assertIn("only the first 1,000", parsed["notices"][0])
        content = self._xlsx([["DC-SAW", 1]] + [[None, " "]] * 3000 + [["DC-DRILL", 2]])
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.xlsx", content)
        self.assertEqual([r["sku"] for r in parsed["rows"]], ["DC-SAW"])
        self.assertIn("Only the first 1,000", parsed["notices"][0])

    def test_csv_cell_over_the_field_limit_gives_a_message(self):
        content = b"sku;qty\nDC-DRILL;2\nDC-SAW;" + b"9" * 200000 + b"\nDC-GEAR;1\n"
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.csv", content)
        self.assertFalse(parsed["rows"])
        self.assertIn("Line 3 of the file cannot be read", parsed["notices"][0])

    def test_long_csv_cell_is_named_and_the_other_lines_are_read(self):
        content = b"sku;qty\nDC-DRILL;2\nDC-SAW;" + b"9" * 300 + b"\nDC-GEAR;1\n"
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.csv", content)
        self.assertEqual([r["sku"] for r in parsed["rows"]], ["DC-DRILL", "DC-GEAR"])
        self.assertIn("Line too long", parsed["notices"][0])
        self.assertIn("line 3", parsed["notices"][0])

    def test_xlsx_zip_bomb_is_refused_before_it_is_opened(self):
        valid = self._xlsx([["SKU", "Quantity"], ["DC-DRILL", 2]])
        # The same workbook, with a shared-strings part of 64 MB that
        # deflates to a few tens of kilobytes.
        bomb = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(valid)) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                if item.filename != "xl/sharedStrings.xml":
                    dst.writestr(item, src.read(item.filename))
            huge = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            huge += b"A" * (64 * 1024 * 1024) + b"</t></si></sst>"
            dst.writestr("xl/sharedStrings.xml", huge)
        content = bomb.getvalue()
        self.assertLess(len(content), 1024 * 1024)
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.xlsx", content)
        self.assertFalse(parsed["rows"])
        self.assertIn("too large once unpacked", parsed["notices"][0])

    def test_xlsx_high_compression_ratio_is_refused(self):
        # Under the total size cap, but inflating 1,000 times: no order
        # sheet compresses like that.
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
            dst.writestr("[Content_Types].xml", "<Types/>")
            dst.writestr("xl/worksheets/sheet1.xml", b" " * (8 * 1024 * 1024))
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.xlsx", bomb.getvalue())
        self.assertFalse(parsed["rows"])
        self.assertIn("too large once unpacked", parsed["notices"][0])

    def test_xlsx_with_a_huge_declared_dimension_is_read_quickly(self):
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["DC-DRILL", 2])
        sheet["XFD1048576"] = "x"  # the sheet now claims 16,384 columns and a million rows
        buf = io.BytesIO()
        workbook.save(buf)
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.xlsx", buf.getvalue())
        self.assertEqual([(r["sku"], r["qty"]) for r in parsed["rows"]], [("DC-DRILL", 2)])

    def test_broken_xlsx_gives_a_message(self):
        valid = self._xlsx([["DC-DRILL", 2]])
        broken = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(valid)) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data[: len(data) // 2]
                dst.writestr(item, data)
        parsed, __ = self._timed(self.QuickOrder._parse_file, "order.xlsx", broken.getvalue())
        self.assertFalse(parsed["rows"])
        self.assertIn("not a readable Excel", parsed["notices"][0])

    def test_hostile_emails_from_an_authorised_user_are_answered_quickly(self):
        self.user_a_desk.dealer_order_email = self.user_a_desk.email
        # Whole emails through the mail gateway (MIME decoding and storage
        # included): seconds at most, where the old split took hours.
        raw = self._raw_email(self.user_a_desk.email, "DC-DRILL 2\n" + "A" + " " * 32000 + "B")
        intake, __ = self._timed(self._process_email, raw, bound=10)
        self.assertEqual(intake.state, "awaiting", intake.reason)
        self.assertIn("Line too long", self._link_mail(intake).body_html)
        content = b"A" + b" " * (5 * 1024 * 1024 - 2) + b"B"
        raw = self._raw_email(self.user_a_desk.email, "See file.", subject="PO file", attachment=("order.txt", content))
        intake, __ = self._timed(self._process_email, raw, bound=10)
        self.assertEqual(intake.state, "rejected")
        self.assertIn("Line too long", intake.reason)
        self.assertIn("No order lines were found", intake.reason)
