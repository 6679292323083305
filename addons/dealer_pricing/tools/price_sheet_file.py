"""Reading a manufacturer's price sheet (CSV or XLSX) as a bounded table.

The file comes from outside and may be of any size or shape: every limit is
checked before the work it protects, and every refusal is a ``UserError``
whose message says what to change. Reading never writes.
"""

import csv
import io
import logging
import re
import zipfile
from datetime import date, datetime

from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
# Data rows of one sheet (the header and empty rows aside): a manufacturer's
# whole price file for every tier fits; more is a mistake or an attack.
MAX_ROWS = 20000
MAX_COLUMNS = 30
MAX_CELL_CHARS = 256
# An .xlsx is a zip: openpyxl inflates shared strings and styles whole, so
# the archive is checked before it is opened (a zip bomb fits in 10 MB).
MAX_XLSX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 200
# Excel's "CSV UTF-8" (with a BOM), plain UTF-8, then the Windows code page
# most spreadsheets still save in. Both are decoded strictly: a file in
# neither is refused rather than read as garbage SKUs.
ENCODINGS = ("utf-8-sig", "cp1252")
# A price is a plain decimal number: "1234.5", "1,234.50", "1.234,50", "12,5".
# Nothing else (no sign, exponent or currency) is guessed at.
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
MAX_PRICE = 1e12


def read_table(env, file_name, content):
    """``[(row_number, [cell, ...]), ...]`` of the file's non-empty rows, the
    header first. Cells are text (CSV) or text, numbers and dates (XLSX);
    a formula is read as its text, never computed."""
    if not content:
        raise UserError(env._("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise UserError(
            env._(
                "The file is larger than %(size)s MB; split it into smaller files.",
                size=MAX_FILE_BYTES // (1024 * 1024),
            )
        )
    name = (file_name or "").lower()
    if name.endswith(".xls"):
        raise UserError(env._("Old Excel files (.xls) cannot be read; save the file as .xlsx or .csv."))
    if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        table = _read_xlsx(env, content)
    else:
        table = _read_csv(env, content)
    if not table:
        raise UserError(env._("The file is empty."))
    if len(table) - 1 > MAX_ROWS:
        raise UserError(
            env._(
                "The file has more than %(max)s price rows; split it into smaller files.",
                max=f"{MAX_ROWS:,}",
            )
        )
    return table


def _decode(env, content):
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(env._('The file is neither UTF-8 nor Windows-1252 text; save it as "CSV UTF-8" and try again.'))


def _read_csv(env, content):
    text = _decode(env, content)
    if "\x00" in text:
        raise UserError(env._("The file is not a CSV text file; upload a .csv or .xlsx file."))
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = []
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            # One more row than allowed is enough to refuse the file.
            if len(table) > MAX_ROWS + 1:
                break
            if len(row) > MAX_COLUMNS:
                raise UserError(env._("Row %(row)s has more than %(max)s columns.", row=number, max=MAX_COLUMNS))
            table.append((number, row))
    except csv.Error as exc:
        _logger.info("Unreadable price sheet CSV at line %s: %s", number + 1, exc)
        raise UserError(
            env._("Row %(row)s of the file cannot be read (badly quoted or too long).", row=number + 1)
        ) from None
    return table


def _check_xlsx_archive(env, content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        _logger.info("Unreadable price sheet workbook: %s", exc)
        raise UserError(env._("The file is not a readable Excel (.xlsx) file.")) from None
    total = sum(m.file_size for m in members)
    if (
        len(members) > MAX_XLSX_MEMBERS
        or total > MAX_XLSX_UNCOMPRESSED
        or any(m.file_size > 1024 * 1024 and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1) for m in members)
    ):
        _logger.info("Price sheet workbook refused: %s members, %s bytes uncompressed", len(members), total)
        raise UserError(env._("The Excel file is too large once unpacked; keep only the price rows, or upload a CSV."))


def _read_xlsx(env, content):
    import openpyxl  # declared in the manifest's external dependencies

    _check_xlsx_archive(env, content)
    try:
        # data_only=False: a formula comes back as its text, never a computed value.
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken or hostile file
        _logger.info("Unreadable price sheet workbook: %s", exc)
        raise UserError(env._("The file is not a readable Excel (.xlsx) file.")) from None
    table = []
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return []
        # Bounded rows and columns: the sheet's own dimension is not trusted.
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        for number, values in enumerate(rows, start=1):
            cells = ["" if value is None else value for value in values]
            if not any(str(cell).strip() for cell in cells):
                # Styled but empty rows: bounded too, or a sheet formatted down
                # to row 1,048,576 would be walked to its end.
                if number > 4 * MAX_ROWS:
                    break
                continue
            if len(table) > MAX_ROWS + 1:
                break
            table.append((number, cells))
    except Exception as exc:  # the sheet is parsed lazily, by the same library
        _logger.info("Unreadable price sheet workbook: %s", exc)
        raise UserError(env._("The file is not a readable Excel (.xlsx) file.")) from None
    finally:
        workbook.close()
    return table


# ----------------------------------------------------------------------
# Cells
# ----------------------------------------------------------------------
def cell_text(value):
    """A cell as text: numbers without a trailing ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_price(value):
    """The price in a cell as a float, or None when it is not a plain
    non-negative number (text, a formula, infinity, "1e400")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value or "").strip().replace("\u00a0", "").replace(" ", "")
        if not _NUMBER.match(text):
            return None
        if "," in text and "." in text:
            # Both: the last separator is the decimal one.
            thousands = "," if text.rfind(".") > text.rfind(",") else "."
            text = text.replace(thousands, "").replace(",", ".")
        else:
            # One: once is a decimal separator ("12,5"), more are thousands ("1.234.567").
            for sep in ",.":
                if text.count(sep) > 1:
                    text = text.replace(sep, "")
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
    if number != number or number < 0 or number > MAX_PRICE:
        return None
    return number


def parse_date(value, date_formats):
    """The date in a cell, or None when empty. Raises ``ValueError`` when
    the cell holds something that is not a date in ISO form or one of
    ``date_formats`` (strptime formats)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", *date_formats):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
