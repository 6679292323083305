"""Approvals asked before 18.0.1.1.0 recorded no order total. Without one,
every pending approval would be asked again at finalisation: record the
order's current total (company currency), which is what was being approved."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    approvals = env["dealer.order.approval"].search([("amount_approved", "=", 0)])
    by_amount = {}
    for order in approvals.order_id:
        by_amount.setdefault(order._dealer_amount_company(), []).append(order.id)
    for amount, order_ids in by_amount.items():
        approvals.filtered(lambda a, ids=set(order_ids): a.order_id.id in ids).write({"amount_approved": amount})
