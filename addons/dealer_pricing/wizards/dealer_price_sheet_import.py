import base64
import binascii
import re

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.price_sheet_file import MAX_CELL_CHARS, MAX_COLUMNS, cell_text, parse_date, parse_price, read_table

# What a column of the file may hold. "Tier or dealer" is one column naming
# either (a tier when one matches, else a dealer).
TARGETS = [
    ("ignore", "Ignore"),
    ("target", "Tier or Dealer"),
    ("tier", "Tier"),
    ("dealer", "Dealer"),
    ("sku", "SKU"),
    ("price", "Price"),
    ("date_start", "Valid From"),
    ("date_end", "Valid To"),
]
# Header names (lower case, words only) proposed for each target, first match wins.
HEADER_NAMES = {
    "target": {"tier or dealer", "tier dealer", "dealer or tier", "dealer tier", "price group", "customer group"},
    "tier": {"tier", "tier code", "tier name", "level", "segment", "price level"},
    "dealer": {"dealer", "dealer code", "dealer ref", "dealer reference", "dealer name", "customer", "customer code"},
    "sku": {
        "sku",
        "code",
        "product code",
        "item",
        "item code",
        "article",
        "part",
        "part number",
        "part no",
        "reference",
        "internal reference",
        "default code",
    },
    "price": {"price", "unit price", "net price", "dealer price", "tier price", "amount"},
    "date_start": {"valid from", "from", "start", "start date", "date from", "effective", "effective from", "begin"},
    "date_end": {"valid to", "to", "until", "valid until", "end", "end date", "date to", "expiry", "expires"},
}
# Row errors quoted in one refusal; the rest is counted.
MAX_ERRORS_SHOWN = 20


class DealerPriceSheetImport(models.TransientModel):
    """Import a manufacturer's price sheet in two steps: read the header row
    and propose a column for each field from its name, then (once the user
    checked the mapping) import every row, or nothing at all."""

    _name = "dealer.price.sheet.import"
    _description = "Import Dealer Price Sheet"

    state = fields.Selection([("upload", "Upload"), ("map", "Map Columns")], default="upload", required=True)
    file_data = fields.Binary("File", required=True, attachment=False)
    file_name = fields.Char()
    name = fields.Char("Sheet Name", help="Defaults to the file name.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(
        "res.currency", "Currency of the Prices", required=True, default=lambda self: self.env.company.currency_id
    )
    audit_id = fields.Many2one(
        "dealer.pricing.audit", ondelete="cascade", help="The imported sheet is reconciled by this audit."
    )
    column_ids = fields.One2many("dealer.price.sheet.import.column", "wizard_id", string="Columns")

    @api.model
    def _action_open(self, audit=None):
        context = {"default_audit_id": audit.id, "default_company_id": audit.company_id.id} if audit else {}
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Price Sheet"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Price Sheet"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_read_columns(self):
        """Read the header row and propose a field for each column."""
        self.ensure_one()
        self.env["dealer.price.sheet"].check_access("create")
        table = self._read_table()
        header_row, header = table[0]
        samples = table[1][1] if len(table) > 1 else []
        taken = set()
        columns = []
        for index, title in enumerate(header):
            title = cell_text(title)[:MAX_CELL_CHARS]
            target = _propose_target(title, taken)
            taken.add(target)
            columns.append(
                {
                    "sequence": index,
                    "header": title or self.env._("Column %(number)s", number=index + 1),
                    "sample": cell_text(samples[index])[:60] if index < len(samples) else "",
                    "target": target,
                }
            )
        self.column_ids.unlink()
        self.write(
            {
                "state": "map",
                "name": self.name or self.file_name or self.env._("Price sheet"),
                "column_ids": [fields.Command.create(vals) for vals in columns],
            }
        )
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.write({"state": "upload"})
        return self._reopen()

    def action_import(self):
        """Import every row of the file with the chosen mapping as a new
        ``dealer.price.sheet``, or nothing: a row that cannot be read is
        named with its number and the file is refused."""
        self.ensure_one()
        self.env["dealer.price.sheet"].check_access("create")
        mapping = self._get_mapping()
        table = self._read_table()
        rows = self._parse_rows(table[1:], mapping)
        sheet = self._create_sheet(rows)
        if self.audit_id:
            self.audit_id.write({"sheet_ids": [fields.Command.link(sheet.id)]})
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.price.sheet",
            "res_id": sheet.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _read_table(self):
        try:
            content = base64.b64decode(self.file_data or b"", validate=True)
        except (binascii.Error, ValueError):
            raise UserError(self.env._("The file could not be read; upload it again.")) from None
        return read_table(self.env, self.file_name, content)

    def _get_mapping(self):
        """``{target: column index}`` of the chosen mapping, checked."""
        mapping = {}
        labels = dict(self.env["dealer.price.sheet.import.column"]._fields["target"]._description_selection(self.env))
        for column in self.column_ids.sorted("sequence"):
            if column.target == "ignore":
                continue
            if not 0 <= column.sequence < MAX_COLUMNS:
                raise UserError(self.env._("Read the file's columns again: the mapping does not fit it."))
            if column.target in mapping:
                raise UserError(
                    self.env._("Two columns are mapped to %(field)s; keep one.", field=labels[column.target])
                )
            mapping[column.target] = column.sequence
        missing = [labels[target] for target in ("sku", "price") if target not in mapping]
        if missing:
            raise UserError(self.env._("Map a column to each of: %(fields)s.", fields=", ".join(missing)))
        if not {"target", "tier", "dealer"} & set(mapping):
            raise UserError(self.env._("Map a column to the tier, the dealer, or the tier or dealer."))
        return mapping

    def _parse_rows(self, table, mapping):
        """Values of ``dealer.price.sheet.line`` for the data rows of the
        file, or a ``UserError`` naming every wrong row (the first ones)."""
        lang = self.env["res.lang"]._get_data(code=self.env.user.lang or "en_US")
        date_formats = [lang.date_format] if lang.date_format else []
        rows, errors = [], []

        def cell(cells, target):
            index = mapping.get(target)
            return cells[index] if index is not None and index < len(cells) else ""

        for number, cells in table:
            if any(isinstance(c, str) and len(c) > MAX_CELL_CHARS for c in cells):
                errors.append(
                    self.env._("Row %(row)s: a cell is longer than %(max)s characters.", row=number, max=MAX_CELL_CHARS)
                )
                continue
            texts = {target: cell_text(cell(cells, target)) for target in ("target", "tier", "dealer", "sku")}
            row_errors = []
            if not texts["sku"]:
                row_errors.append(self.env._("Row %(row)s: no SKU.", row=number))
            if not (texts["target"] or texts["tier"] or texts["dealer"]):
                row_errors.append(self.env._("Row %(row)s: no tier or dealer.", row=number))
            raw_price = cell(cells, "price")
            price = parse_price(raw_price)
            if price is None:
                row_errors.append(
                    self.env._(
                        'Row %(row)s: the price "%(value)s" is not a number of zero or more.',
                        row=number,
                        value=cell_text(raw_price)[:40],
                    )
                )
            dates = {}
            for target in ("date_start", "date_end"):
                try:
                    dates[target] = parse_date(cell(cells, target), date_formats)
                except ValueError as exc:
                    dates[target] = None
                    row_errors.append(
                        self.env._(
                            'Row %(row)s: "%(value)s" is not a date (write it as 2026-12-31).',
                            row=number,
                            value=str(exc)[:40],
                        )
                    )
            if dates["date_start"] and dates["date_end"] and dates["date_end"] < dates["date_start"]:
                row_errors.append(self.env._("Row %(row)s: it ends before it starts.", row=number))
            if row_errors:
                errors.extend(row_errors)
                continue
            rows.append(
                {
                    "row": number,
                    "target_text": texts["target"] or False,
                    "tier_text": texts["tier"] or False,
                    "dealer_text": texts["dealer"] or False,
                    "sku": texts["sku"],
                    "price": price,
                    "date_start": dates["date_start"] or False,
                    "date_end": dates["date_end"] or False,
                }
            )
        if errors:
            shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
            if len(errors) > MAX_ERRORS_SHOWN:
                shown += "\n" + self.env._("… and %(count)s more.", count=len(errors) - MAX_ERRORS_SHOWN)
            raise UserError(
                self.env._("Nothing was imported; correct the file and import it again.\n%(errors)s", errors=shown)
            )
        if not rows:
            raise UserError(self.env._("The file has no price rows under its header."))
        return rows

    def _create_sheet(self, rows):
        """The sheet with its rows, matched to tiers, dealers and products."""
        matches = self.env["dealer.price.sheet.line"]._dealer_resolve_texts(self.company_id, rows)
        return self.env["dealer.price.sheet"].create(
            {
                "name": self.name or self.file_name or self.env._("Price sheet"),
                "file_name": self.file_name,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "line_ids": [fields.Command.create({**row, **match}) for row, match in zip(rows, matches)],
            }
        )


class DealerPriceSheetImportColumn(models.TransientModel):
    _name = "dealer.price.sheet.import.column"
    _description = "Price Sheet Import Column"
    _order = "sequence, id"

    wizard_id = fields.Many2one("dealer.price.sheet.import", required=True, ondelete="cascade")
    sequence = fields.Integer("Column", help="Position of the column in the file, from 0.")
    header = fields.Char("Column in File", readonly=True)
    sample = fields.Char("First Value", readonly=True)
    target = fields.Selection(TARGETS, string="Import As", required=True, default="ignore")


def _propose_target(title, taken):
    words = " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())
    for target, names in HEADER_NAMES.items():
        if target not in taken and words in names:
            return target
    return "ignore"
