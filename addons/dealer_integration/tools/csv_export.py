"""The CSV of exported dealer orders: one row per order line.

The columns are documented in the addon's readme (USAGE). Add columns at the
end only: legacy importers often read by position.
"""

import csv
import io

ORDER_COLUMNS = (
    "order_ref",
    "order_date",
    "confirmed_at",
    "dealer_code",
    "dealer_name",
    "dealer_vat",
    "po_ref",
    "channel",
    "currency",
    "line_no",
    "sku",
    "description",
    "quantity",
    "uom",
    "unit_price",
    "discount",
    "subtotal",
    "delivery_name",
    "delivery_street",
    "delivery_zip",
    "delivery_city",
    "delivery_country",
    "commitment_date",
)

INVOICE_COLUMNS = (
    "document_ref",
    "document_type",
    "invoice_date",
    "due_date",
    "order_refs",
    "reversed_ref",
    "dealer_code",
    "dealer_name",
    "dealer_vat",
    "currency",
    "line_no",
    "sku",
    "description",
    "quantity",
    "uom",
    "unit_price",
    "discount",
    "subtotal",
    "total",
)

ACK_COLUMNS = ("order_ref", "erp_order_ref", "status")


def build_csv(rows, columns=ORDER_COLUMNS):
    """``rows``: dicts keyed by ``columns``. UTF-8, comma, header line, CRLF."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="raise", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})
    return buffer.getvalue().encode("utf-8")


def parse_ack(data, max_rows):
    """Read an acknowledgement file. Return (rows, error): rows are
    (line number, dict) for each data row; error is a message when the file
    as a whole is unreadable (not UTF-8, missing columns, too many rows)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], "not UTF-8"
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in ACK_COLUMNS if column not in header]
    if missing:
        return [], "missing columns: " + ", ".join(missing)
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if len(rows) >= max_rows:
                return [], f"more than {max_rows} rows"
            rows.append((reader.line_num, {key: (row.get(key) or "").strip() for key in ACK_COLUMNS}))
    except csv.Error as error:
        return [], str(error)
    return rows, None
