"""Cells written to CSV files that dealers open in a spreadsheet."""

# A spreadsheet runs a cell starting with one of these as a formula (or DDE
# call): ``=HYPERLINK(...)`` typed as a PO reference would run on the finance
# colleague's machine that opens the export.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value):
    """``value`` as a CSV cell that no spreadsheet evaluates: text starting
    with a formula character is prefixed with a quote (OWASP's advice).
    Numbers and other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_safe_row(values):
    return [csv_safe_cell(value) for value in values]
