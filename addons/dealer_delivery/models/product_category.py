from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    dealer_low_stock_threshold = fields.Float(
        help="At or below this free quantity the category's products show as low "
        "stock to dealers. 0: use the parent category's, else the company's.",
    )
