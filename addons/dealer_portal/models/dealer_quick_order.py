import csv
import io
import logging
import re
import zipfile

from odoo import api, models

_logger = logging.getLogger(__name__)

# Rows read from one paste or file; more is a mistake, not an order.
MAX_ROWS = 1000
MAX_FILE_BYTES = 5 * 1024 * 1024
# Encodings tried in turn: Excel's "CSV UTF-8" (BOM), plain UTF-8, then the
# Windows code page most spreadsheets still save in. latin-1 never fails.
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
SKU_HEADERS = {
    "sku",
    "code",
    "product code",
    "reference",
    "internal reference",
    "default_code",
    "item",
    "article",
    "ref",
    "barcode",
    "ean",
    "product",
}
QTY_HEADERS = {"qty", "quantity", "quantities", "qté", "quantité", "menge", "cantidad", "pcs", "units"}
# Cells a spreadsheet would run as a formula: never evaluated, never trusted.
FORMULA_PREFIXES = ("=", "+", "@")
# "SKU x 5", "SKU x5", "5 x SKU", "5x SKU"; never the x inside a SKU ("AX 5").
_X_SEPARATOR = re.compile(r"^(?P<a>\d+(?:[.,]\d+)?)[xX×*]\s+(?P<b>\S.*)$|^(?P<c>.+?)\s+[xX×*]\s*(?P<d>\S.*)$")


class DealerQuickOrder(models.AbstractModel):
    """Turns what a dealer types, pastes or uploads into cart lines.

    Parsing never writes; ``_resolve_rows`` matches SKUs and quantities for
    one dealer in a fixed number of queries and returns, per bad row, a
    message the dealer understands, so the good rows can still go in.
    """

    _name = "dealer.quick.order"
    _description = "Dealer Quick Order Parser"

    # ------------------------------------------------------------------
    # Parsing
    # ------------------------------------------------------------------
    @api.model
    def _split_line(self, line):
        """Split one pasted line into ``(sku, quantity_text)``, whatever the
        separator: tab, semicolon, comma, pipe, spaces or an "x"."""
        line = line.strip().strip("\ufeff")
        for sep in ("\t", ";", "|"):
            if sep in line:
                cells = [c.strip() for c in line.split(sep)]
                cells = [c for c in cells if c]
                return (cells[0] if cells else "", cells[1] if len(cells) > 1 else "")
        if "," in line:
            sku, __, qty = line.partition(",")
            return sku.strip(), qty.strip()
        match = _X_SEPARATOR.match(line)
        if match:
            a = (match.group("a") or match.group("c")).strip()
            b = (match.group("b") or match.group("d")).strip()
            # "5 x SKU" as well as "SKU x 5".
            return (b, a) if _looks_numeric(a) and not _looks_numeric(b) else (a, b)
        tokens = line.split()
        if len(tokens) == 1:
            return tokens[0], ""
        if _looks_numeric(tokens[0]) and not _looks_numeric(tokens[-1]):
            return " ".join(tokens[1:]), tokens[0]
        return " ".join(tokens[:-1]), tokens[-1]

    @api.model
    def _parse_text(self, text):
        """Rows of pasted text: ``{"rows": [{"row", "sku", "qty"}], "notices": [...]}``."""
        rows, notices = [], []
        lines = [(n, line) for n, line in enumerate((text or "").splitlines(), start=1) if line.strip()]
        if len(lines) > MAX_ROWS:
            notices.append(self._cap_notice(len(lines)))
            lines = lines[:MAX_ROWS]
        for n, line in lines:
            sku, qty = self._split_line(line)
            if n == lines[0][0] and _is_header(sku, qty):
                continue
            rows.append({"row": n, "sku": sku, "qty": qty})
        return {"rows": rows, "notices": notices}

    @api.model
    def _parse_file(self, filename, content):
        """Rows of an uploaded CSV or XLSX file, same shape as ``_parse_text``.

        Robust to any of the usual encodings, to a byte-order mark, to empty
        files and to formulas (read as text, never computed)."""
        filename = (filename or "").lower()
        if not content:
            return {"rows": [], "notices": [self.env._("The file is empty.")]}
        if len(content) > MAX_FILE_BYTES:
            return {
                "rows": [],
                "notices": [
                    self.env._(
                        "The file is larger than %(size)s MB; split it into smaller files.",
                        size=MAX_FILE_BYTES // (1024 * 1024),
                    )
                ],
            }
        if filename.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
            return self._parse_xlsx(content)
        if filename.endswith(".xls"):
            return {
                "rows": [],
                "notices": [self.env._("Old Excel files (.xls) cannot be read; save the file as .xlsx or .csv.")],
            }
        return self._parse_csv(content)

    @api.model
    def _parse_csv(self, content):
        # NUL bytes break the csv module and never belong in an order.
        text = _decode(content).replace("\x00", "")
        if not text.strip():
            return {"rows": [], "notices": [self.env._("The file is empty.")]}
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            reader = csv.reader(io.StringIO(text), dialect)
        except csv.Error:
            # One column, or free text: read it like a paste.
            return self._parse_text(text)
        table = [(n, row) for n, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
        return self._rows_from_table(table)

    @api.model
    def _parse_xlsx(self, content):
        try:
            import openpyxl
        except ImportError:  # declared in dealer_pricing's external dependencies
            return {"rows": [], "notices": [self.env._("Excel files cannot be read on this server; upload a CSV.")]}
        try:
            # data_only=False: a formula comes back as its text, never a computed value.
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            _logger.info("Unreadable quick-order workbook: %s", exc)
            return {"rows": [], "notices": [self.env._("The file is not a readable Excel (.xlsx) file.")]}
        try:
            sheet = workbook.worksheets[0] if workbook.worksheets else None
            if sheet is None:
                return {"rows": [], "notices": [self.env._("The file is empty.")]}
            table = []
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else v for v in values[:20]]
                if any(str(c).strip() for c in cells):
                    table.append((n, cells))
                if len(table) > MAX_ROWS + 1:
                    # Count the rest cheaply, for the notice only.
                    table.append((n, None))
                    break
        finally:
            workbook.close()
        return self._rows_from_table(table)

    @api.model
    def _rows_from_table(self, table):
        """Rows from a list of ``(row_number, cells)``: a header row, when
        there is one, names the SKU and quantity columns."""
        rows, notices = [], []
        if not table:
            return {"rows": [], "notices": [self.env._("The file is empty.")]}
        sku_col, qty_col = 0, 1
        first = [str(c).strip().lower() for c in table[0][1] or []]
        header = False
        for i, cell in enumerate(first):
            if cell in SKU_HEADERS:
                sku_col, header = i, True
                break
        for i, cell in enumerate(first):
            if cell in QTY_HEADERS:
                qty_col, header = i, True
                break
        data = table[1:] if header else table
        truncated = data and data[-1][1] is None
        if truncated or len(data) > MAX_ROWS:
            notices.append(self._cap_notice(None if truncated else len(data)))
            data = [d for d in data if d[1] is not None][:MAX_ROWS]
        for n, cells in data:
            sku = cells[sku_col] if sku_col < len(cells) else ""
            qty = cells[qty_col] if qty_col < len(cells) else ""
            if len(cells) == 1 and isinstance(sku, str) and not header:
                sku, qty = self._split_line(sku)
            rows.append(
                {"row": n, "sku": _cell_text(sku), "qty": qty if isinstance(qty, (int, float)) else _cell_text(qty)}
            )
        return {"rows": rows, "notices": notices}

    def _cap_notice(self, count):
        if count:
            return self.env._(
                "%(count)s rows received: only the first %(max)s were read. Send the rest in another file.",
                count=f"{count:,}",
                max=f"{MAX_ROWS:,}",
            )
        return self.env._("Only the first %(max)s rows were read. Send the rest in another file.", max=f"{MAX_ROWS:,}")

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    @api.model
    def _resolve_rows(self, dealer, rows):
        """Match parsed rows to the products ``dealer`` may buy.

        Return ``{"entries": [(product, qty)], "errors": [{"row", "sku",
        "message"}]}``: repeated SKUs add up; every bad row has its own
        message. Three queries, whatever the number of rows."""
        SaleOrder = self.env["sale.order"]
        errors, parsed = [], []
        for row in rows:
            sku = (row.get("sku") or "").strip()
            if not sku:
                errors.append({"row": row["row"], "sku": "", "message": self.env._("The SKU is missing.")})
                continue
            if sku.startswith(FORMULA_PREFIXES):
                errors.append(
                    {
                        "row": row["row"],
                        "sku": sku[:40],
                        "message": self.env._("Formulas are not accepted; enter the SKU itself."),
                    }
                )
                continue
            raw_qty = row.get("qty")
            if isinstance(raw_qty, str) and raw_qty.strip().startswith(FORMULA_PREFIXES):
                errors.append(
                    {
                        "row": row["row"],
                        "sku": sku[:40],
                        "message": self.env._("Formulas are not accepted; enter the quantity itself."),
                    }
                )
                continue
            qty, error = SaleOrder._dealer_parse_quantity(raw_qty)
            if error:
                errors.append({"row": row["row"], "sku": sku[:40], "message": error})
                continue
            parsed.append((row["row"], sku, qty))
        if not parsed:
            return {"entries": [], "errors": errors}
        keys = {sku for __, sku, __ in parsed}
        keys |= {sku.upper() for sku in keys}
        # SKUs are matched over the whole catalog (sudo) so the dealer learns
        # "not in your catalog" rather than "unknown" for a real product.
        products_sudo = (
            self.env["product.product"]
            .sudo()
            .search(["|", ("default_code", "in", list(keys)), ("barcode", "in", list(keys))])
        )
        by_key = {}
        for product in products_sudo:
            if product.barcode:
                by_key.setdefault(product.barcode, product)
            if product.default_code:
                by_key.setdefault(product.default_code.upper(), product)
        allowed = (
            dealer._dealer_allowed_products(products_sudo)._dealer_filter_published()
            if dealer
            else products_sudo.browse()
        )
        totals = {}
        for row_no, sku, qty in parsed:
            product = by_key.get(sku) or by_key.get(sku.upper())
            if not product:
                errors.append(
                    {"row": row_no, "sku": sku[:40], "message": self.env._("Unknown SKU “%(sku)s”.", sku=sku[:40])}
                )
                continue
            if product not in allowed:
                # Named by the SKU typed only: products outside the catalog stay unknown.
                errors.append({"row": row_no, "sku": sku[:40], "message": product._dealer_not_in_catalog_message(sku[:40])})
                continue
            whole_error = product.uom_id._dealer_whole_units_error(qty, sku[:40])
            if whole_error:
                errors.append({"row": row_no, "sku": sku[:40], "message": whole_error})
                continue
            totals[product] = totals.get(product, 0.0) + qty
        entries = [(product.with_env(self.env), qty) for product, qty in totals.items()]
        return {"entries": entries, "errors": sorted(errors, key=lambda e: e["row"])}


def _looks_numeric(text):
    return bool(re.fullmatch(r"[-+]?\d[\d.,\s]*", (text or "").strip()))


def _is_header(sku, qty):
    return (sku or "").strip().lower() in SKU_HEADERS and not _looks_numeric(qty)


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decode(content):
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return content.decode("utf-16", errors="replace")
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1", errors="replace")
