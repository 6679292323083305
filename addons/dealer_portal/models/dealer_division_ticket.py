import hashlib
import hmac
import re
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
# The browser that begins a switch keeps a random nonce in this cookie of
# the target's domain, for the switch's round trip only: the ticket is bound
# to its hash and only signs that browser in.
NONCE_COOKIE = "dealer_division_nonce"
NONCE_COOKIE_PATH = "/dealer/division"
NONCE_LIFETIME = timedelta(minutes=2)
# A state is the SHA-256 (hex) of a nonce.
STATE_FORMAT = re.compile(r"[0-9a-f]{64}")


def _ticket_hash(token):
    return hashlib.sha256((token or "").encode()).hexdigest()


class DealerDivisionTicket(models.Model):
    """A one-time sign-in ticket of the division switcher: issued on the
    domain the dealer user is signed in on, consumed once on the target
    division's domain (``res.users._check_credentials``, credential type
    ``dealer_division_ticket``). Only SHA-256 hashes are stored; a ticket is
    bound to one user, one target website and the browser that asked for it
    (the hash of the nonce that browser keeps in a cookie of the target's
    domain, the OAuth "state"), lives 60 seconds and is refused once used
    or once shown anywhere else. Nobody reads these rows but the system.
    The four hops of a switch are described in controllers/division.py.

    A ticket taken from a URL (logs, history), or one an attacker asked for
    in its own browser and sends a victim to (login CSRF: the victim would
    order in the attacker's account), signs nobody in: the browser that
    presents it does not hold the nonce. What is left: a site that can set
    cookies for a parent domain of the target's (a sibling sub-domain run by
    somebody else) could plant a nonce of its own in the victim's browser."""

    _name = "dealer.division.ticket"
    _description = "Division Switch Ticket"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, index=True, ondelete="cascade")
    website_id = fields.Many2one("website", "Target Website", required=True, ondelete="cascade")
    token_hash = fields.Char(required=True, index=True)
    state_hash = fields.Char(
        required=True,
        help="SHA-256 of the nonce of the browser that asked for the ticket: only that browser may use it.",
    )
    expires_at = fields.Datetime(required=True)
    used_at = fields.Datetime()

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "A ticket is unique."),
    ]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _dealer_check_target(self, website):
        """Raise AccessError unless the current user is a dealer user whose
        company trades with the division of ``website``: the only websites
        the switcher signs it in on."""
        dealer_sudo = self.env.user._dealer_commercial_partner()
        division = website.sudo().dealer_division_id
        if not dealer_sudo or not division or not dealer_sudo._dealer_trades_with(division):
            raise AccessError(self.env._("Your company does not buy from this division."))

    @api.model
    def _dealer_new_state(self):
        """A fresh nonce for the browser beginning a switch (its cookie on
        the target's domain) and its hash, the state a ticket is bound to:
        ``(nonce, state)``."""
        nonce = secrets.token_urlsafe(32)
        return nonce, _ticket_hash(nonce)

    @api.model
    def _dealer_issue(self, website, state):
        """A fresh ticket (the raw token, shown once) that signs the current
        user in on ``website``, in the browser whose nonce hashes to
        ``state``: only for a dealer user whose company trades with the
        website's division. Raises AccessError otherwise, or when ``state``
        is no SHA-256 (hex)."""
        self._dealer_check_target(website)
        if not isinstance(state, str) or not STATE_FORMAT.fullmatch(state):
            raise AccessError(self.env._("This division switch link is not valid. Use the division switcher again."))
        token = secrets.token_urlsafe(32)
        # Tickets are system records: the user never reads them back.
        self.sudo().create(
            {
                "user_id": self.env.user.id,
                "website_id": website.id,
                "token_hash": _ticket_hash(token),
                "state_hash": state,
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
    def _dealer_consume(self, token, user, website_id, nonce):
        """Use the ticket ``token`` up for ``user`` signing in on the website
        ``website_id``, in the browser that holds ``nonce`` (its cookie):
        refused (AccessDenied) when unknown, used, expired, issued to another
        user or for another website, presented without the nonce whose hash
        is its state, or when the user's company no longer trades with that
        website's division.

        A refusal rolls this transaction back: ``_dealer_burn`` then uses the
        ticket up anyway (see ``res.users._login``), as a ticket presented
        anywhere but in its own browser on its own website was exposed."""
        token_hash = _ticket_hash(token)
        # Lock first, then look: two requests with one ticket sign in once.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM dealer_division_ticket WHERE token_hash = %s AND used_at IS NULL FOR UPDATE",
                token_hash,
            )
        )
        row = self.env.cr.fetchone()
        # The row locked above, matched by the token's hash; its user, site, browser and expiry are checked below.
        ticket_sudo = self.sudo().browse(row[0] if row else [])
        refused = self.env._("This sign-in link is not valid any more. Sign in with your password.")
        if not ticket_sudo:
            raise AccessDenied(refused)
        if ticket_sudo.expires_at < fields.Datetime.now():
            raise AccessDenied(refused)
        # No cookie is no nonce: never the hash of an empty string, which anybody can ask a ticket for.
        if not nonce or not hmac.compare_digest(ticket_sudo.state_hash, _ticket_hash(nonce)):
            raise AccessDenied(refused)
        if ticket_sudo.user_id != user or ticket_sudo.website_id.id != website_id:
            raise AccessDenied(refused)
        division = ticket_sudo.website_id.dealer_division_id
        dealer_sudo = user._dealer_commercial_partner()
        if not division or not dealer_sudo or not dealer_sudo._dealer_trades_with(division):
            raise AccessDenied(refused)
        ticket_sudo.used_at = fields.Datetime.now()
        return ticket_sudo

    @api.model
    def _dealer_burn(self, token):
        """Use the ticket ``token`` up without signing anybody in: it was
        refused where it was presented, and is refused everywhere after."""
        # Before sign-in there is no user to search as: only the hash of the presented token matches.
        self.sudo().search([("token_hash", "=", _ticket_hash(token)), ("used_at", "=", False)]).write(
            {"used_at": fields.Datetime.now()}
        )

    @api.autovacuum
    def _gc_dealer_tickets(self):
        # Housekeeping by the system: tickets are readable by administrators only.
        self.sudo().search([("expires_at", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
