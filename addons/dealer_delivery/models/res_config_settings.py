from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_stock_mode = fields.Selection(related="company_id.dealer_stock_mode", readonly=False)
    dealer_stock_snapshot_interval = fields.Integer(related="company_id.dealer_stock_snapshot_interval", readonly=False)
    dealer_stock_snapshot_at = fields.Datetime(related="company_id.dealer_stock_snapshot_at")
    dealer_low_stock_threshold = fields.Float(related="company_id.dealer_low_stock_threshold", readonly=False)
    dealer_async_fulfilment = fields.Boolean(related="company_id.dealer_async_fulfilment", readonly=False)

    def set_values(self):
        res = super().set_values()
        self._dealer_sync_snapshot_cron()
        return res

    @api.model
    def _dealer_sync_snapshot_cron(self):
        """The cron runs at the shortest interval any company asks for; each
        run refreshes only the companies whose snapshot is due."""
        cron = self.env.ref("dealer_delivery.ir_cron_dealer_stock_snapshot", raise_if_not_found=False)
        if not cron:
            return
        companies = self.env["res.company"].sudo().search([("dealer_stock_mode", "=", "scheduled")])
        intervals = [c.dealer_stock_snapshot_interval for c in companies if c.dealer_stock_snapshot_interval > 0]
        vals = {"active": bool(companies)}
        if intervals:
            vals.update(interval_number=min(intervals), interval_type="minutes")
        cron.sudo().write(vals)
