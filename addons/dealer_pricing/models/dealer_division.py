from odoo import api, fields, models


class DealerDivision(models.Model):
    """A brand or division of the manufacturer: its own branded environment.

    The brand (name, logo, colours, sender and footer) is read by the emails
    and PDFs of its orders; the website of the division (``website.
    dealer_division_id``, dealer_portal) carries its domain and theme. The
    catalog scope limits what the division sells. A dealer's terms in the
    division (tier and what follows from it) are ``dealer.terms`` rows, or the
    dealer's own tier when that tier belongs to the division or to none.
    A manufacturer with one brand needs no division at all."""

    _name = "dealer.division"
    _description = "Dealer Division"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char("Brand Name", required=True, tracking=True)
    code = fields.Char(required=True, tracking=True, help="Short code, e.g. APEX.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The legal entity that sells under this brand. Credit is per legal entity.",
    )
    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        tracking=True,
        help="Orders of this division are handled by this team; an order whose team is this one belongs to "
        "this division.",
    )
    order_prefix = fields.Char(
        "Order Number Prefix",
        tracking=True,
        help="When set, this division's orders are numbered with their own sequence, e.g. APX/00042.",
    )
    sequence_id = fields.Many2one("ir.sequence", "Order Sequence", readonly=True, copy=False)
    categ_ids = fields.Many2many(
        "product.category",
        "dealer_division_product_category_rel",
        "division_id",
        "categ_id",
        string="Catalog Categories",
        help="The products this division sells: these categories and their child categories. Empty: every product.",
    )
    logo = fields.Image("Logo", max_width=1024, max_height=1024)
    color_primary = fields.Char("Primary Colour", default="#1f4e79", help="Hex colour, e.g. #c8102e.")
    color_secondary = fields.Char("Secondary Colour", default="#f2f2f2")
    email_from = fields.Char("Sender", help="Sender of this division's emails, e.g. Apex Brakes <orders@apex.example>.")
    footer = fields.Html("Document Footer", help="Footer of this division's emails and PDFs.")
    terms_ids = fields.One2many("dealer.terms", "division_id", string="Dealer Terms")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The division code must be unique per company."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        divisions = super().create(vals_list)
        divisions.filtered("order_prefix")._dealer_ensure_sequence()
        return divisions

    def write(self, vals):
        res = super().write(vals)
        if "order_prefix" in vals:
            self.filtered("order_prefix")._dealer_ensure_sequence()
        return res

    @api.model
    def _dealer_request_division(self):
        """Hook: the division (sudo, possibly empty) of the current request,
        whose terms price a signed-in portal user that prices for itself.
        Empty here; dealer_portal answers with the website's division. Never
        read from the browser's parameters or context."""
        return self.sudo().browse()

    def _dealer_ensure_sequence(self):
        # ir.sequence is configuration the sales manager does not manage.
        for division in self:
            if division.sequence_id:
                division.sequence_id.sudo().prefix = division.order_prefix
                continue
            division.sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Orders of %(division)s", division=division.name),
                        "code": f"dealer.division.{division.code}",
                        "prefix": division.order_prefix,
                        "padding": 5,
                        "company_id": division.company_id.id,
                    }
                )
            )
