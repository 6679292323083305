from datetime import date

from odoo import fields, http
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal


class DealerAccountPortal(CustomerPortal):
    """The dealer's account page (credit, ageing, payments, pricing) and its
    statement of account PDF. Finance and dealer administrators only."""

    def _dealer_account_partner_sudo(self):
        """The current user's dealer company, elevated: credit figures come
        from the journal, which portal users cannot read. None when the user's
        role may not see the account."""
        user = request.env.user
        if not user._dealer_sees_account():
            return None
        return user.partner_id.commercial_partner_id.sudo()

    def _dealer_statement_period(self, date_from=None, date_to=None):
        """The statement period from the query string, defaulting to the
        current year to date; a reversed or unreadable range falls back."""
        today = fields.Date.context_today(request.env.user)
        try:
            date_to = fields.Date.to_date(date_to) or today
            date_from = fields.Date.to_date(date_from) or date(date_to.year, 1, 1)
        except (TypeError, ValueError):
            date_from, date_to = date(today.year, 1, 1), today
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return date_from, date_to

    @http.route("/my/dealer/account", type="http", auth="user", website=True)
    def dealer_portal_account(self, date_from=None, date_to=None, **kw):
        partner_sudo = self._dealer_account_partner_sudo()
        if partner_sudo is None:
            return request.redirect("/my")
        date_from, date_to = self._dealer_statement_period(date_from, date_to)
        values = self._prepare_portal_layout_values()
        values.update(partner_sudo._dealer_account_values())
        values.update(
            {
                "page_name": "dealer_account",
                "statement_date_from": date_from,
                "statement_date_to": date_to,
            }
        )
        return request.render("dealer_portal.portal_my_dealer_account", values)

    @http.route("/my/dealer/account/statement", type="http", auth="user", website=True)
    def dealer_portal_statement(self, date_from=None, date_to=None, **kw):
        partner_sudo = self._dealer_account_partner_sudo()
        if partner_sudo is None:
            return request.redirect("/my")
        date_from, date_to = self._dealer_statement_period(date_from, date_to)
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "dealer_credit.action_report_dealer_statement",
                [partner_sudo.id],
                data={"date_from": fields.Date.to_string(date_from), "date_to": fields.Date.to_string(date_to)},
            )
        )
        filename = f"statement-{partner_sudo.ref or partner_sudo.id}-{date_from}-{date_to}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
