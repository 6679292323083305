from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dealer_low_stock_threshold = fields.Float(
        help="At or below this free quantity the product shows as low stock to "
        "dealers. 0: use the category's threshold, else the company's.",
    )
