import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, AccessError
from odoo.tools import SQL

# A ticket carries a signed-in dealer user from one division's domain to
# another's: long enough for one redirect, too short to be worth stealing.
TICKET_LIFETIME = timedelta(seconds=60)
# The credential type of ``res.users._check_credentials`` that consumes one.
TICKET_CREDENTIAL = "dealer_division_ticket"


def _ticket_hash(token):
    return hashlib.sha256((token or "").encode()).hexdigest()


class DealerDivisionTicket(models.Model):
    """A one-time sign-in ticket of the division switcher: issued on the
    domain the dealer user is signed in on, consumed once on the target
    division's domain (``res.users._check_credentials``, credential type
    ``dealer_division_ticket``). Only the SHA-256 of the token is stored; a
    ticket is bound to one user and one target website, lives 60 seconds
    and is refused once used. Nobody reads these rows but the system."""

    _name = "dealer.division.ticket"
    _description = "Division Switch Ticket"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, index=True, ondelete="cascade")
    website_id = fields.Many2one("website", "Target Website", required=True, ondelete="cascade")
    token_hash = fields.Char(required=True, index=True)
    expires_at = fields.Datetime(required=True)
    used_at = fields.Datetime()

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "A ticket is unique."),
    ]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _dealer_issue(self, website):
        """A fresh ticket (the raw token, shown once) that signs the current
        user in on ``website``: only for a dealer user whose company trades
        with the website's division. Raises AccessError otherwise."""
        user = self.env.user
        dealer_sudo = user._dealer_commercial_partner()
        division = website.sudo().dealer_division_id
        if not dealer_sudo or not division or not dealer_sudo._dealer_trades_with(division):
            raise AccessError(self.env._("Your company does not buy from this division."))
        token = secrets.token_urlsafe(32)
        # Tickets are system records: the user never reads them back.
        self.sudo().create(
            {
                "user_id": user.id,
                "website_id": website.id,
                "token_hash": _ticket_hash(token),
                "expires_at": fields.Datetime.now() + TICKET_LIFETIME,
            }
        )
        return token

    @api.model
    def _dealer_ticket_login(self, token):
        """The login of the user a (still valid) ticket was issued to, for
        the authentication layer that looks the user up by login first."""
        # Before sign-in there is no user to search as: only the hash of the presented token matches.
        ticket_sudo = self.sudo().search([("token_hash", "=", _ticket_hash(token)), ("used_at", "=", False)], limit=1)
        if not ticket_sudo or not ticket_sudo.user_id.active:
            raise AccessDenied(self.env._("This sign-in link is not valid."))
        return ticket_sudo.user_id.login

    @api.model
    def _dealer_consume(self, token, user, website_id):
        """Use the ticket ``token`` up for ``user`` signing in on the website
        ``website_id``: refused (AccessDenied) when unknown, used, expired,
        issued to another user or for another website, or when the user's
        company no longer trades with that website's division."""
        token_hash = _ticket_hash(token)
        # Lock first, then look: two requests with one ticket sign in once.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM dealer_division_ticket WHERE token_hash = %s AND used_at IS NULL FOR UPDATE",
                token_hash,
            )
        )
        row = self.env.cr.fetchone()
        # The row locked above, matched by the token's hash; its user, site and expiry are checked below.
        ticket_sudo = self.sudo().browse(row[0] if row else [])
        refused = self.env._("This sign-in link is not valid any more. Sign in with your password.")
        if not ticket_sudo:
            raise AccessDenied(refused)
        if ticket_sudo.expires_at < fields.Datetime.now():
            raise AccessDenied(refused)
        if ticket_sudo.user_id != user or ticket_sudo.website_id.id != website_id:
            raise AccessDenied(refused)
        division = ticket_sudo.website_id.dealer_division_id
        dealer_sudo = user._dealer_commercial_partner()
        if not division or not dealer_sudo or not dealer_sudo._dealer_trades_with(division):
            raise AccessDenied(refused)
        ticket_sudo.used_at = fields.Datetime.now()
        return ticket_sudo

    @api.autovacuum
    def _gc_dealer_tickets(self):
        # Housekeeping by the system: tickets are readable by administrators only.
        self.sudo().search([("expires_at", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
