from datetime import datetime, time

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize, float_round, format_amount

from odoo.addons.dealer_delivery.const import IN_TRANSIT_STAGES

from ..tools import request_memoized, to_date_or_none
from .res_users import DEALER_ROLES

# Products named on one agreement or scheme line of the account page.
MAX_PRICING_PRODUCTS = 8


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_role_group_ids = fields.Many2many(
        "res.groups",
        string="Dealer Portal Roles",
        compute="_compute_dealer_role_group_ids",
        inverse="_inverse_dealer_role_group_ids",
        domain=lambda self: [
            (
                "category_id",
                "=",
                self.env.ref("dealer_portal.module_category_dealer_portal_roles", raise_if_not_found=False).id,
            )
        ],
        help="What this contact's portal user may do for its company: order desk, warehouse, "
        "finance, administrator.",
    )
    dealer_portal_user_id = fields.Many2one("res.users", string="Portal User", compute="_compute_dealer_role_group_ids")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("user_ids.groups_id")
    def _compute_dealer_role_group_ids(self):
        role_groups = self._dealer_role_groups()
        for partner in self:
            user = partner.with_context(active_test=False).user_ids.filtered("share")[:1]
            partner.dealer_portal_user_id = user
            partner.dealer_role_group_ids = user.groups_id & role_groups if user else False

    def _inverse_dealer_role_group_ids(self):
        # The roles decide what a dealer's users see and do (the administrator
        # manages users): configuration, like the tier. Contact rights alone
        # (any internal user) do not grant it, whatever the view shows.
        if not (
            self.env.su
            or self.env.user.has_group("sales_team.group_sale_manager")
            or self.env.user.has_group("base.group_erp_manager")
        ):
            raise AccessError(self.env._("Only sales managers may set a dealer's portal roles."))
        role_groups = self._dealer_role_groups()
        for partner in self:
            user = partner.with_context(active_test=False).user_ids.filtered("share")[:1]
            if not user:
                if partner.dealer_role_group_ids:
                    raise UserError(
                        self.env._(
                            "%(name)s has no portal access yet: grant it first (Action > Grant portal access).",
                            name=partner.display_name,
                        )
                    )
                continue
            wanted = partner.dealer_role_group_ids & role_groups
            user.sudo()._dealer_write_role_groups(wanted)

    @api.model
    def _dealer_role_groups(self):
        return self.env["res.groups"].browse(
            filter(None, (self.env.ref(xmlid, raise_if_not_found=False).id for xmlid in DEALER_ROLES.values()))
        )

    # ------------------------------------------------------------------
    # Business: a dealer administrator manages its own users
    # ------------------------------------------------------------------
    def _dealer_check_user_admin(self):
        """The signed-in user must be a dealer administrator of this very
        company (``self``, the commercial partner), or a back-office user."""
        self.ensure_one()
        user = self.env.user
        if not user.share:
            return
        if user._dealer_commercial_partner() != self or not user._dealer_has_role("admin"):
            raise AccessError(self.env._("Only your company's portal administrator may manage its users."))

    def _dealer_portal_users(self):
        """Portal users of this dealer company, archived ones included."""
        self.ensure_one()
        self._dealer_check_user_admin()
        # Users are not readable by portal users; the admin check above allows it.
        return (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "child_of", self.id), ("share", "=", True)], order="active desc, name")
        )

    def _dealer_managed_user(self, user_id):
        """One of this company's portal users, else an AccessError."""
        self.ensure_one()
        users_sudo = self._dealer_portal_users()
        user_sudo = users_sudo.filtered(lambda u: u.id == user_id)
        if not user_sudo:
            raise AccessError(self.env._("This user does not belong to your company."))
        return user_sudo

    def _dealer_invite_user(self, name, email, roles):
        """Create (or reactivate) a portal user for a new contact of this
        company with ``roles`` (keys of ``DEALER_ROLES``) and send the native
        portal invitation. Returns the user (sudo)."""
        self.ensure_one()
        self._dealer_check_user_admin()
        name = (name or "").strip()
        email = email_normalize(email or "")
        if not name or not email:
            raise UserError(self.env._("Enter the person's name and a valid email address."))
        if not roles:
            raise UserError(self.env._("Choose at least one role."))
        if set(roles) - set(DEALER_ROLES):
            raise UserError(self.env._("Unknown role."))
        self._dealer_check_invite_email(email)
        contact_sudo = (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": name[:128],
                    "email": email,
                    "parent_id": self.id,
                    "type": "contact",
                }
            )
        )
        wizard_sudo = self.env["portal.wizard"].sudo().create({"partner_ids": [Command.set(contact_sudo.ids)]})
        wizard_sudo.user_ids.action_grant_access()
        user_sudo = contact_sudo.with_context(active_test=False).user_ids[:1]
        user_sudo._dealer_set_roles(roles)
        return user_sudo

    def _dealer_check_invite_email(self, email):
        """A dealer administrator invites new people of its own company only:
        never an existing login, the address of an internal (manufacturer)
        user, or a contact of another dealer. Identities are matched on
        these addresses elsewhere (email intake), and the invitation is sent
        under the manufacturer's brand."""
        self.ensure_one()
        taken = self.env._(
            "The email %(email)s cannot be invited. Ask the manufacturer if this person needs access.", email=email
        )
        # Logins and addresses are unique over the whole database: checked sudo.
        Users_sudo = self.env["res.users"].sudo().with_context(active_test=False)
        if Users_sudo.search_count(["|", ("login", "=", email), ("partner_id.email_normalized", "=", email)], limit=1):
            raise UserError(taken)
        if (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("email_normalized", "=", email),
                    ("commercial_partner_id", "!=", self.id),
                    *self._dealer_dealer_domain(),
                ],
                limit=1,
            )
        ):
            raise UserError(taken)

    def _dealer_update_user(self, user_id, roles=None, active=None):
        """Set the roles and/or the active flag of one of this company's users."""
        self.ensure_one()
        self._dealer_check_user_admin()
        user_sudo = self._dealer_managed_user(user_id)
        if user_sudo == self.env.user and (active is False or (roles is not None and "admin" not in roles)):
            raise UserError(self.env._("You cannot deactivate yourself or remove your own administrator role."))
        if roles is not None:
            if set(roles) - set(DEALER_ROLES):
                raise UserError(self.env._("Unknown role."))
            if not roles:
                raise UserError(self.env._("Choose at least one role, or deactivate the user."))
            user_sudo._dealer_set_roles(roles)
        if active and not user_sudo.active and not user_sudo._dealer_deactivated_by_company(self):
            raise UserError(
                self.env._(
                    "%(name)s was deactivated by the manufacturer; only the manufacturer can reactivate this user.",
                    name=user_sudo.name,
                )
            )
        if active is not None and user_sudo.active != active:
            user_sudo.active = active
        return user_sudo

    # ------------------------------------------------------------------
    # Business: documents
    # ------------------------------------------------------------------
    def _dealer_terms(self, division):
        """A portal page asks a dealer's terms in the website's division
        several times (price list, catalog, availability, quantity rules):
        for a portal user, whose requests never change terms, they are
        looked up once per request."""
        if not self.env.user.share:
            return super()._dealer_terms(division)
        # Only the memo's key: the dealer company's id (super() reads the terms themselves).
        key = ("terms", self.sudo().commercial_partner_id.id, self._dealer_division_record(division).id)
        return request_memoized(key, lambda: super(ResPartner, self)._dealer_terms(division))

    def _dealer_pricing_keys(self, division=None):
        """Asked for each line of a cart (its assortment check, its price):
        for a portal user, whose requests never change tiers, terms,
        agreements or schemes, looked up once per request per partner and
        division. A copy each time: callers may change what they get."""
        if not self.env.user.share:
            return super()._dealer_pricing_keys(division=division)
        self.ensure_one()
        key = ("pricing_keys", self.id, self._dealer_division_record(division).id)
        keys = request_memoized(key, lambda: super(ResPartner, self)._dealer_pricing_keys(division=division))
        return {name: list(value) if isinstance(value, list) else value for name, value in keys.items()}

    def _dealer_document_search_args(self, doc_type, date_from=None, date_to=None, division=None):
        """(model, domain, order) listing this dealer company's documents of
        ``doc_type`` (``invoice``, ``credit_note`` or ``delivery``), dates
        inclusive, only those of ``division``'s orders when one is given.
        Invalid dates are ignored."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        date_from, date_to = to_date_or_none(date_from), to_date_or_none(date_to)
        if doc_type == "delivery":
            domain = [
                ("picking_type_code", "=", "outgoing"),
                ("state", "!=", "cancel"),
                ("partner_id.commercial_partner_id", "=", commercial.id),
            ]
            if division:
                domain.append(("sale_id.dealer_division_id", "=", division.id))
            if date_from:
                domain.append(("scheduled_date", ">=", datetime.combine(date_from, time.min)))
            if date_to:
                domain.append(("scheduled_date", "<=", datetime.combine(date_to, time.max)))
            return "stock.picking", domain, "scheduled_date desc, id desc"
        move_type = "out_refund" if doc_type == "credit_note" else "out_invoice"
        domain = [
            ("move_type", "=", move_type),
            ("state", "=", "posted"),
            ("commercial_partner_id", "=", commercial.id),
        ]
        if division:
            domain.append(("line_ids.sale_line_ids.order_id.dealer_division_id", "=", division.id))
        if date_from:
            domain.append(("invoice_date", ">=", date_from))
        if date_to:
            domain.append(("invoice_date", "<=", date_to))
        return "account.move", domain, "invoice_date desc, id desc"

    def _dealer_document_orders(self, documents):
        """{document_id: sale.order recordset} linking each invoice, credit
        note or picking of ``documents`` to its orders; prefetched, so one
        query per relation for the whole page."""
        if documents._name == "stock.picking":
            return {picking.id: picking.sale_id for picking in documents}
        return {move.id: move.invoice_line_ids.sale_line_ids.order_id for move in documents}

    # ------------------------------------------------------------------
    # Business: portal home tiles
    # ------------------------------------------------------------------
    def _dealer_home_counters(self, user, counters):
        """Values of the dealer home tiles requested in ``counters``, each
        only for the roles that may open the page behind it (others get 0,
        which hides the tile): ``dealer_to_approve_count`` (orders awaiting
        approval), ``dealer_in_transit_count``, ``dealer_open_invoice_count``
        and ``dealer_available_credit`` (formatted amount). Counts are
        searched as ``user``, so record rules apply."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        SaleOrder = self.env["sale.order"].with_user(user)
        values = {}
        sees_orders = user._dealer_sees_orders()
        base = SaleOrder._dealer_history_base_domain(commercial)
        if "dealer_to_approve_count" in counters:
            count = 0
            if sees_orders:
                count = SaleOrder.search_count(base + [("dealer_approval_state", "=", "pending")])
            values["dealer_to_approve_count"] = count
        if "dealer_in_transit_count" in counters:
            count = 0
            if sees_orders:
                count = SaleOrder.search_count(base + [("dealer_stage", "in", IN_TRANSIT_STAGES)])
            values["dealer_in_transit_count"] = count
        if "dealer_open_invoice_count" in counters:
            count = 0
            if "invoice" in user._dealer_document_types():
                count = (
                    self.env["account.move"]
                    .with_user(user)
                    .search_count(
                        [
                            ("move_type", "=", "out_invoice"),
                            ("state", "=", "posted"),
                            ("commercial_partner_id", "=", commercial.id),
                            ("payment_state", "in", ("not_paid", "partial")),
                        ]
                    )
                )
            values["dealer_open_invoice_count"] = count
        if "dealer_available_credit" in counters:
            amount = 0
            if user._dealer_sees_account():
                # Credit figures come from the journal, which portal users
                # cannot read; the role was checked just above.
                position = commercial.sudo()._dealer_credit_position()
                currency = self.env["res.currency"].browse(position["currency_id"])
                amount = format_amount(self.env, position["available"], currency)
            values["dealer_available_credit"] = amount
        return values

    # ------------------------------------------------------------------
    # Business: account page
    # ------------------------------------------------------------------
    def _dealer_account_values(self, division=None, all_divisions=False):
        """Values of the dealer's account page, from dealer_credit (position,
        payment history) and dealer_pricing (active agreements and schemes).
        Credit is per legal entity: the position is the one with the
        company of ``division`` (the current one without); ``all_divisions``
        adds ``credit_by_company``, one position per company the dealer
        trades with, naming its divisions. Runs elevated (the journal is not
        readable by portal users): callers check the role first."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if division:
            partner = partner.with_company(division.company_id)
        position = partner._dealer_credit_position()
        payments = partner._dealer_payment_history(limit=50)
        pricing = partner._dealer_active_pricing(division)
        currency = (
            self.env["res.currency"].browse(position.get("currency_id")) if position else self.env.company.currency_id
        )
        return {
            "partner": partner,
            "position": position,
            "currency": currency,
            # dealer_credit gives the utilisation in percent already.
            "utilisation_pct": float_round(position.get("utilisation") or 0.0, 1) if position else 0.0,
            "payments": payments,
            "agreements": [_pricing_row(row) for row in pricing["agreements"]],
            "schemes": [_pricing_row(row) for row in pricing["schemes"]],
            "credit_by_company": partner._dealer_credit_by_company() if all_divisions else [],
        }

    def _dealer_credit_by_company(self):
        """``[{"company", "divisions", "position", "currency"}]``: the credit
        position of this dealer with each legal entity of the divisions it
        trades with (one per company, whatever its number of divisions)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        by_company = {}
        for division in partner._dealer_divisions():
            by_company.setdefault(division.company_id, []).append(division.name)
        rows = []
        for company, names in by_company.items():
            position = partner.with_company(company)._dealer_credit_position()
            rows.append(
                {
                    "company": company,
                    "divisions": ", ".join(names),
                    "position": position,
                    "currency": self.env["res.currency"].browse(position.get("currency_id")) or company.currency_id,
                }
            )
        return rows

    # ------------------------------------------------------------------
    # Delivery: the website's warehouse
    # ------------------------------------------------------------------
    @api.model
    def _dealer_default_warehouse(self):
        """The website's warehouse (``website_id`` in context) serves dealers
        that have none of their own, before the company's."""
        website_id = self.env.context.get("website_id")
        if website_id:
            # Portal users cannot read websites or warehouses; only used as a filter.
            website_sudo = self.env["website"].sudo().browse(website_id)
            if website_sudo.exists() and website_sudo.warehouse_id:
                return website_sudo.warehouse_id
        return super()._dealer_default_warehouse()


def _pricing_row(row):
    """An agreement or scheme of ``_dealer_active_pricing`` as the account
    page lists it: {name, products_label, date_end}."""
    products = row["products"]
    label = ", ".join(products[:MAX_PRICING_PRODUCTS])
    if len(products) > MAX_PRICING_PRODUCTS:
        label += " …"
    return {"name": row["name"], "products_label": label, "date_end": row["date_end"]}
