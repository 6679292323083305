import csv
import io
import logging
import re
import zipfile

from odoo import api, models

_logger = logging.getLogger(__name__)

# Rows read from one paste or file, empty ones included; more is a mistake,
# not an order.
MAX_ROWS = 1000
MAX_FILE_BYTES = 5 * 1024 * 1024
# A pasted text, an email body or a WhatsApp message: far more than 1,000
# order lines need.
MAX_TEXT_CHARS = 1024 * 1024
# No SKU and quantity take more: a longer line or cell is refused, so that
# nothing downstream ever works on an attacker-sized string.
MAX_LINE_CHARS = 256
MAX_CELL_CHARS = 256
MAX_COLUMNS = 20
# An .xlsx is a zip: openpyxl inflates shared strings and styles whole, so
# the archive is checked before it is opened (a zip bomb fits in 5 MB).
MAX_XLSX_UNCOMPRESSED = 25 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 200
# Line numbers quoted in one notice; the rest is counted.
MAX_NOTICE_LINES = 10
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
X_CHARS = "xX×*"
_LEADING_COUNT = re.compile(r"\d+(?:[.,]\d+)?[xX×*]")
_TOKEN = re.compile(r"\S+")


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
        separator: tab, semicolon, comma, pipe, spaces or an "x". Linear in
        the line's length."""
        line = line.strip().strip("\ufeff")
        for sep in ("\t", ";", "|"):
            if sep in line:
                cells = [c.strip() for c in line.split(sep)]
                cells = [c for c in cells if c]
                return (cells[0] if cells else "", cells[1] if len(cells) > 1 else "")
        if "," in line:
            sku, __, qty = line.partition(",")
            return sku.strip(), qty.strip()
        split = _split_x(line)
        if split:
            a, b = split
            # "5 x SKU" as well as "SKU x 5".
            return (b, a) if _looks_numeric(a) and not _looks_numeric(b) else (a, b)
        tokens = line.split()
        if len(tokens) == 1:
            return tokens[0], ""
        if _looks_numeric(tokens[0]) and not _looks_numeric(tokens[-1]):
            return " ".join(tokens[1:]), tokens[0]
        return " ".join(tokens[:-1]), tokens[-1]

    @api.model
    def _parse_text(self, text, max_chars=MAX_TEXT_CHARS):
        """Rows of pasted text: ``{"rows": [{"row", "sku", "qty"}], "notices": [...]}``.

        Bounded whatever the input: at most ``max_chars`` characters, the
        first ``MAX_ROWS`` lines (empty ones count), and lines of at most
        ``MAX_LINE_CHARS`` characters (a longer line is named and skipped)."""
        text = text or ""
        if max_chars and len(text) > max_chars:
            return {
                "rows": [],
                "notices": [
                    self.env._(
                        "The text is longer than %(size)s characters; send the lines as a file or in parts.",
                        size=f"{max_chars:,}",
                    )
                ],
            }
        rows, notices, too_long = [], [], []
        lines = text.splitlines()
        if len(lines) > MAX_ROWS:
            notices.append(self._cap_notice(len(lines)))
        header_checked = False
        for n, line in enumerate(lines[:MAX_ROWS], start=1):
            if len(line) > MAX_LINE_CHARS:
                too_long.append(n)
                continue
            if not line.strip():
                continue
            sku, qty = self._split_line(line)
            if not header_checked:
                header_checked = True
                if _is_header(sku, qty):
                    continue
            rows.append({"row": n, "sku": sku, "qty": qty})
        if too_long:
            notices.append(self._too_long_notice(too_long, MAX_LINE_CHARS))
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
            # One column, or free text: read it like a paste (the file's
            # size was already checked).
            return self._parse_text(text, max_chars=None)
        table, too_long, total = [], [], 0
        try:
            for n, row in enumerate(reader, start=1):
                total = n
                # Empty rows count too; one more row for a header.
                if n > MAX_ROWS + 1:
                    # Count the rest for the notice only; nothing is kept.
                    total += sum(1 for __ in reader)
                    break
                if any(len(c) > MAX_CELL_CHARS for c in row):
                    too_long.append(n)
                    continue
                if any(c.strip() for c in row):
                    table.append((n, row[:MAX_COLUMNS]))
        except csv.Error as exc:
            _logger.info("Unreadable quick-order CSV at line %s: %s", total + 1, exc)
            return {
                "rows": [],
                "notices": [
                    self.env._(
                        "Line %(row)s of the file cannot be read (a cell is too long or badly quoted); "
                        "the file was not read.",
                        row=total + 1,
                    )
                ],
            }
        result = self._rows_from_table(table, total=total if total > MAX_ROWS + 1 else None)
        if too_long:
            result["notices"].append(self._too_long_notice(too_long, MAX_CELL_CHARS))
        return result

    @api.model
    def _check_xlsx_archive(self, content):
        """A notice when the .xlsx archive would inflate beyond what an order
        file needs (a zip bomb), else None. Reads the zip directory only;
        zipfile never inflates a member past its declared size."""
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            _logger.info("Unreadable quick-order workbook: %s", exc)
            return self.env._("The file is not a readable Excel (.xlsx) file.")
        total = sum(m.file_size for m in members)
        bomb = (
            len(members) > MAX_XLSX_MEMBERS
            or total > MAX_XLSX_UNCOMPRESSED
            or any(
                m.file_size > 1024 * 1024 and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1) for m in members
            )
        )
        if bomb:
            _logger.info("Quick-order workbook refused: %s members, %s bytes uncompressed", len(members), total)
            return self.env._("The Excel file is too large once unpacked; save only the order lines, or upload a CSV.")
        return None

    @api.model
    def _parse_xlsx(self, content):
        try:
            import openpyxl
        except ImportError:  # declared in dealer_pricing's external dependencies
            return {"rows": [], "notices": [self.env._("Excel files cannot be read on this server; upload a CSV.")]}
        refusal = self._check_xlsx_archive(content)
        if refusal:
            return {"rows": [], "notices": [refusal]}
        try:
            # data_only=False: a formula comes back as its text, never a computed value.
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds on a broken or hostile file
            _logger.info("Unreadable quick-order workbook: %s", exc)
            return {"rows": [], "notices": [self.env._("The file is not a readable Excel (.xlsx) file.")]}
        too_long = []
        try:
            sheet = workbook.worksheets[0] if workbook.worksheets else None
            if sheet is None:
                return {"rows": [], "notices": [self.env._("The file is empty.")]}
            table, total = [], 0
            # Bounded rows and columns, empty ones included: the sheet's own
            # dimension is not trusted.
            rows = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)
            for n, values in enumerate(rows, start=1):
                total = n
                if n > MAX_ROWS + 1:
                    break
                cells = ["" if v is None else v for v in values]
                if any(isinstance(c, str) and len(c) > MAX_CELL_CHARS for c in cells):
                    too_long.append(n)
                    continue
                if any(str(c).strip() for c in cells):
                    table.append((n, cells))
        except Exception as exc:  # the sheet is parsed lazily, by the same library
            _logger.info("Unreadable quick-order workbook: %s", exc)
            return {"rows": [], "notices": [self.env._("The file is not a readable Excel (.xlsx) file.")]}
        finally:
            workbook.close()
        result = self._rows_from_table(table, total=total if total > MAX_ROWS + 1 else None, truncated=True)
        if too_long:
            result["notices"].append(self._too_long_notice(too_long, MAX_CELL_CHARS))
        return result

    @api.model
    def _rows_from_table(self, table, total=None, truncated=False):
        """Rows from a list of ``(row_number, cells)``: a header row, when
        there is one, names the SKU and quantity columns. ``total`` is the
        number of rows of a source that had more than the cap (``truncated``
        when it was not counted to the end)."""
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
        if total or len(data) > MAX_ROWS:
            count = None if truncated else (total - header if total else len(data))
            notices.append(self._cap_notice(count))
            data = data[:MAX_ROWS]
        for n, cells in data:
            sku = cells[sku_col] if sku_col < len(cells) else ""
            qty = cells[qty_col] if qty_col < len(cells) else ""
            if len(cells) == 1 and isinstance(sku, str) and not header:
                sku, qty = self._split_line(sku)
            rows.append(
                {"row": n, "sku": _cell_text(sku), "qty": qty if isinstance(qty, (int, float)) else _cell_text(qty)}
            )
        return {"rows": rows, "notices": notices}

    def _too_long_notice(self, row_numbers, limit):
        shown = ", ".join(str(n) for n in row_numbers[:MAX_NOTICE_LINES])
        if len(row_numbers) > MAX_NOTICE_LINES:
            shown = self.env._("%(rows)s and %(count)s more", rows=shown, count=len(row_numbers) - MAX_NOTICE_LINES)
        return self.env._("Line too long (over %(max)s characters), not read: line %(rows)s.", max=limit, rows=shown)

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
    def _dealer_products_by_key_sudo(self, keys):
        """``(products_sudo, {key: product})``: the products whose internal
        reference (any case) or barcode is one of ``keys``, over the whole
        catalog, in one query. Elevated: whether the dealer may buy one is
        the caller's next question (``_dealer_allowed_products``)."""
        keys = set(keys) | {key.upper() for key in keys}
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
        return products_sudo, by_key

    @api.model
    def _resolve_rows(self, dealer, rows, division=None):
        """Match parsed rows to the products ``dealer`` may buy (in
        ``division``: a dealer.division, or None for the dealer's own tier).

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
        # SKUs are matched over the whole catalog (sudo) so the dealer learns
        # "not in your catalog" rather than "unknown" for a real product.
        products_sudo, by_key = self._dealer_products_by_key_sudo({sku for __, sku, __ in parsed})
        allowed = (
            dealer._dealer_allowed_products(products_sudo, division)._dealer_filter_published()
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
                errors.append(
                    {"row": row_no, "sku": sku[:40], "message": product._dealer_not_in_catalog_message(sku[:40])}
                )
                continue
            whole_error = product.uom_id._dealer_whole_units_error(qty, sku[:40])
            if whole_error:
                errors.append({"row": row_no, "sku": sku[:40], "message": whole_error})
                continue
            totals[product] = totals.get(product, 0.0) + qty
        entries = [(product.with_env(self.env), qty) for product, qty in totals.items()]
        return {"entries": entries, "errors": sorted(errors, key=lambda e: e["row"])}


def _split_x(line):
    """``(a, b)`` of "a x b" or "5x b", or None; one pass over the line's
    tokens (the regular expression it replaces backtracked quadratically on
    long runs of spaces)."""
    tokens = list(_TOKEN.finditer(line))
    if len(tokens) < 2:
        return None
    # "5x SKU": a count glued to the x, then the rest.
    if _LEADING_COUNT.fullmatch(tokens[0].group()):
        return tokens[0].group()[:-1], line[tokens[1].start() :].strip()
    # "SKU x 5", "SKU x5": the first token after the first that starts with
    # an x and is followed by something.
    for i, token in enumerate(tokens[1:], start=1):
        text = token.group()
        if text[0] in X_CHARS and (len(text) > 1 or i + 1 < len(tokens)):
            return line[: token.start()].strip(), line[token.start() + 1 :].strip()
    return None


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
