import io

from odoo.tests import tagged

from .common import DealerPortalCommon


@tagged("post_install", "-at_install")
class TestStorefrontQuickOrderParsing(DealerPortalCommon):
    """Parsing and matching of typed, pasted and uploaded lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.QuickOrder = cls.env["dealer.quick.order"]

    def _resolve(self, parsed, dealer=None):
        return self.QuickOrder._resolve_rows(dealer or self.dealer_a, parsed["rows"])

    def test_paste_separators(self):
        text = "\n".join(
            [
                "DC-DRILL 2",
                "DC-SAW\t3",
                "DC-GEAR;4",
                "dc-bolt,20",
                "DC-SPECIAL x 5",
                "6 x DC-DRILL",
                "4006381333948 | 1",
                "2x DC-GEAR",
            ]
        )
        parsed = self.QuickOrder._parse_text(text)
        resolved = self._resolve(parsed)
        self.assertFalse(resolved["errors"])
        qty = {p: q for p, q in resolved["entries"]}
        self.assertEqual(qty[self.p_drill], 8.0, "repeated SKUs add up")
        self.assertEqual(qty[self.p_saw], 4.0, "SKU and barcode of the same product add up")
        self.assertEqual(qty[self.p_gear], 6.0)
        self.assertEqual(qty[self.p_bolt], 20.0, "SKUs match whatever their case")
        self.assertEqual(qty[self.p_special], 5.0)

    def test_bad_rows_each_get_a_message_and_good_rows_stay(self):
        text = "\n".join(
            [
                "DC-DRILL 2",  # good
                "NOPE-123 1",  # unknown
                "DC-SECRET 1",  # exists, not in the catalog
                "DC-SAW -3",  # negative
                "DC-SAW 0",  # zero
                "DC-SAW 1.5",  # fractional unit product
                "DC-SAW 99999999",  # huge
                "DC-SAW abc",  # not a number
                "DC-GEAR",  # missing quantity
                '=HYPERLINK("x") 2',  # formula in SKU
                "DC-GEAR =1+1",  # formula in quantity
            ]
        )
        resolved = self._resolve(self.QuickOrder._parse_text(text))
        self.assertEqual([p for p, __ in resolved["entries"]], [self.p_drill])
        by_row = {e["row"]: e["message"] for e in resolved["errors"]}
        self.assertEqual(sorted(by_row), list(range(2, 12)))
        self.assertIn("Unknown SKU", by_row[2])
        self.assertIn("not in your catalog", by_row[3])
        self.assertIn("more than zero", by_row[4])
        self.assertIn("more than zero", by_row[5])
        self.assertIn("whole", by_row[6])
        self.assertIn("more than can be ordered", by_row[7])
        self.assertIn("not a number", by_row[8])
        self.assertIn("missing", by_row[9])
        self.assertIn("Formulas", by_row[10])
        self.assertIn("Formulas", by_row[11])

    def test_x_inside_a_sku_is_not_a_separator(self):
        for line, expected in (
            ("DC-0000X 1", ("DC-0000X", "1")),
            ("AX 5", ("AX", "5")),
            ("DC-DRILL x5", ("DC-DRILL", "5")),
            ("5x DC-DRILL", ("DC-DRILL", "5")),
        ):
            self.assertEqual(self.QuickOrder._split_line(line), expected, line)

    def test_catalog_differs_per_dealer(self):
        parsed = self.QuickOrder._parse_text("DC-GEAR 1\nDC-DRILL 1")
        resolved = self._resolve(parsed, dealer=self.dealer_b)
        self.assertEqual([p for p, __ in resolved["entries"]], [self.p_drill])
        self.assertIn("not in your catalog", resolved["errors"][0]["message"])

    def test_csv_encodings(self):
        rows = "Référence;Quantité\nDC-DRILL;2\nDC-SAW;1,0\n"
        for encoding in ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"):
            parsed = self.QuickOrder._parse_file("order.csv", rows.encode(encoding))
            resolved = self._resolve(parsed)
            self.assertEqual({p: q for p, q in resolved["entries"]}, {self.p_drill: 2.0, self.p_saw: 1.0}, encoding)

    def test_csv_comma_with_header(self):
        content = b"sku,qty\r\nDC-DRILL,3\r\nDC-GEAR,2\r\n"
        resolved = self._resolve(self.QuickOrder._parse_file("o.csv", content))
        self.assertEqual({p: q for p, q in resolved["entries"]}, {self.p_drill: 3.0, self.p_gear: 2.0})

    def test_empty_and_garbage_files(self):
        for content in (b"", b"   \n\n", b"\x00\x00"):
            parsed = self.QuickOrder._parse_file("o.csv", content)
            self.assertFalse(parsed["rows"])
            self.assertIn("empty", parsed["notices"][0])
        parsed = self.QuickOrder._parse_file("o.xlsx", b"PK\x03\x04 not a zip")
        self.assertFalse(parsed["rows"])
        self.assertIn("not a readable Excel", parsed["notices"][0])

    def test_ten_thousand_rows_are_capped(self):
        content = "\n".join(f"DC-DRILL;{1}" for __ in range(10000)).encode()
        parsed = self.QuickOrder._parse_file("big.csv", content)
        self.assertEqual(len(parsed["rows"]), 1000)
        self.assertIn("10,000", parsed["notices"][0])
        resolved = self._resolve(parsed)
        self.assertEqual(resolved["entries"], [(self.p_drill, 1000.0)])

    def test_xlsx_formulas_never_evaluated(self):
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["SKU", "Quantity"])
        ws.append(["DC-DRILL", 4])
        ws.append(["DC-SAW", "=2*3"])
        ws.append(['=CONCAT("DC-","GEAR")', 1])
        ws.append([4006381333955, 30])  # barcode typed as a number
        buf = io.BytesIO()
        wb.save(buf)
        parsed = self.QuickOrder._parse_file("order.xlsx", buf.getvalue())
        resolved = self._resolve(parsed)
        self.assertEqual({p: q for p, q in resolved["entries"]}, {self.p_drill: 4.0, self.p_bolt: 30.0})
        self.assertEqual(len(resolved["errors"]), 2)
        self.assertTrue(all("Formulas" in e["message"] for e in resolved["errors"]))

    def test_cart_add_lines_batches_and_merges(self):
        order = self._dealer_cart(self.user_a_desk, [(self.p_drill, 1)])
        order = order.with_user(self.user_a_desk).sudo()
        added = order._dealer_cart_add_lines([(self.p_drill, 2.0), (self.p_gear, 3.0), (self.p_secret, 1.0)])
        self.assertEqual(added, 2)
        qty = {l.product_id: l.product_uom_qty for l in order.order_line}
        self.assertEqual(qty, {self.p_drill: 3.0, self.p_gear: 3.0}, "the product outside the catalog is skipped")
        self.assertEqual(order.order_line.filtered(lambda l: l.product_id == self.p_gear).price_unit, 120.0)

    def test_cart_add_lines_query_count_does_not_grow_with_lines(self):
        """A paste of 30 lines costs the queries of a paste of 5, new lines
        and raised lines alike."""
        many = self.env["product.product"].create(
            [
                {
                    "name": f"DC Washer {i:02d}",
                    "default_code": f"DC-W{i:02d}",
                    "categ_id": self.categ_catalog_parts.id,
                    "list_price": 2.0,
                    "type": "consu",
                    "sale_ok": True,
                    # Online channels order published products only.
                    "is_published": True,
                }
                for i in range(73)
            ]
        )

        def paste(products, raise_too):
            order = self._dealer_cart(self.user_a_desk, [(p, 1) for p in raise_too])
            order = order.with_user(self.user_a_desk).sudo()
            entries = [(p, 2.0) for p in products | raise_too]
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            added = order._dealer_cart_add_lines(entries)
            self.env.flush_all()
            self.assertEqual(added, len(entries))
            self.assertEqual(set(order.order_line.mapped("product_uom_qty")), {2.0, 3.0} if raise_too else {2.0})
            return self.env.cr.sql_log_count - before

        # Each size twice, the fewest queries kept: a registry cache emptied
        # by another test in between adds queries once, whatever the size.
        new = many.browse()
        paste(many[:2], many[2:3])  # warm the registry caches
        small = min(paste(many[3:8], new), paste(many[8:13], new))
        large = min(paste(many[13:43], new), paste(many[43:73], new))
        self.assertLessEqual(large, small, f"paste of new lines: {small} queries for 5 lines, {large} for 30")
        more = self.env["product.product"].create(
            [
                {
                    "name": f"DC Nut {i:02d}",
                    "categ_id": self.categ_catalog_parts.id,
                    "type": "consu",
                    "is_published": True,
                }
                for i in range(60)
            ]
        )
        small = min(paste(more[0:3], more[3:6]), paste(more[6:9], more[9:12]))
        large = min(paste(more[12:24], more[24:36]), paste(more[36:48], more[48:60]))
        self.assertLessEqual(large, small, f"paste raising lines: {small} queries for 6 lines, {large} for 24")
