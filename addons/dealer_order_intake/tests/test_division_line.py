"""The "Division: ..." line of a dealer's message (tools/division_line.py),
read without a database."""

import time
import unicodedata

from odoo.tests import BaseCase, tagged

from ..tools.division_line import (
    MAX_LINE_CHARS,
    MAX_LINES,
    MAX_NAMES,
    division_named,
    normalize_name,
    split_division_lines,
)


@tagged("post_install", "-at_install")
class TestDivisionLine(BaseCase):
    def test_the_ways_a_dealer_writes_it(self):
        for line, name in (
            ("Division: APX", "APX"),
            ("division apx", "apx"),
            ("DIVISION:APX", "APX"),
            ("Division: Apex Brakes", "Apex Brakes"),
            ("  Division :  Apex Brakes  ", "Apex Brakes"),
            ("Division = VLT", "VLT"),
            ("Division\tVLT", "VLT"),
            ("Division - VLT", "VLT"),
            ("*Division:* VLT", "VLT"),
            ("_Division_: *Apex Brakes*", "Apex Brakes"),
            ("- Division: VLT", "VLT"),
            ("• Division: VLT", "VLT"),
        ):
            self.assertEqual(division_named(line), name, line)

    def test_other_lines_are_not_division_lines(self):
        for line in (
            "DC-DRILL 5",
            "DIVISION-5 3",
            "Divisions: APX",
            "Subdivision: APX",
            "Our division APX needs 5 drills",
            "DC-DRILL 5 division APX",
            "",
            None,
        ):
            self.assertIsNone(division_named(line), line)

    def test_a_line_that_names_nothing(self):
        for line in ("Division:", "Division", "  *Division:*  ", "Division: -"):
            self.assertEqual(division_named(line), "", line)
        names, text = split_division_lines("Division:\nDC-DRILL 5")
        self.assertEqual((names, text), ([], "\nDC-DRILL 5"), "left out, naming nothing")

    def test_division_lines_are_blanked_and_the_rows_keep_their_numbers(self):
        names, text = split_division_lines("DC-DRILL 5\r\nDivision: APX\r\nDC-SAW 1\n")
        self.assertEqual(names, ["APX"])
        self.assertEqual(text.splitlines(), ["DC-DRILL 5", "", "DC-SAW 1"])

    def test_text_without_division_line_is_unchanged(self):
        for text in ("DC-DRILL 5\r\nDC-SAW 1\n", "", None):
            self.assertEqual(split_division_lines(text), ([], text or ""))

    def test_each_name_once_in_order(self):
        names, text = split_division_lines("Division: VLT\nDC-DRILL 5\ndivision vlt\nDivision: Apex  Brakes")
        self.assertEqual(names, ["VLT", "Apex  Brakes"])
        self.assertEqual(text, "\nDC-DRILL 5\n\n")

    def test_names_are_compared_loosely(self):
        self.assertEqual(normalize_name("  Apex\u00a0 BRAKES "), "apex brakes")
        self.assertEqual(normalize_name("STRASSE"), normalize_name("Straße"))
        decomposed = unicodedata.normalize("NFD", "Électro Café")
        self.assertEqual(normalize_name(decomposed), normalize_name("électro café"))
        self.assertEqual(normalize_name(None), "")

    def test_unicode(self):
        self.assertEqual(division_named("Ｄｉｖｉｓｉｏｎ：ＡＰＸ"), "APX", "full-width forms")
        self.assertEqual(division_named("\ufeff\u200bDivision:\u00a0Électro\u200b"), "Électro", "BOM, zero-width")
        self.assertEqual(division_named("Division: 日本ブレーキ"), "日本ブレーキ")
        self.assertEqual(division_named("Division: 🚚 Fleet"), "🚚 Fleet")
        self.assertIsNone(division_named("Divisió: APX"))
        self.assertIsNone(
            division_named("\u202eDivision: APX"), "a direction override before it makes it an order line"
        )

    def test_very_long_line_names_no_division(self):
        line = "Division: " + "A" * 1_000_000
        start = time.perf_counter()
        name = division_named(line)
        self.assertLess(time.perf_counter() - start, 0.5)
        self.assertTrue(name.endswith("…"))
        self.assertLessEqual(len(name), MAX_LINE_CHARS)
        self.assertEqual(division_named("Division:" + " " * 100_000 + "APX"), "…")
        # A long line of blanks or of anything else is no division line.
        for other in (" " * 1_000_000 + "x", "x" * 1_000_000, "division" * 100_000):
            start = time.perf_counter()
            self.assertIsNone(division_named(other))
            self.assertLess(time.perf_counter() - start, 0.5)

    def test_many_lines_are_read_up_to_the_cap(self):
        text = "\n".join(f"Division: D{n}" for n in range(MAX_LINES + 50))
        start = time.perf_counter()
        names, rest = split_division_lines(text)
        self.assertLess(time.perf_counter() - start, 1)
        self.assertEqual(names, [f"D{n}" for n in range(MAX_NAMES)])
        lines = rest.splitlines()
        self.assertEqual(lines[:MAX_LINES], [""] * MAX_LINES)
        self.assertEqual(lines[MAX_LINES], f"Division: D{MAX_LINES}", "left to the order parser, which stops too")
