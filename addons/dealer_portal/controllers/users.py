from odoo import http
from odoo.http import request, route

from ..models.res_users import DEALER_ROLES
from .mixins import DEALER_ERRORS, DealerControllerMixin


class DealerUsersController(DealerControllerMixin, http.Controller):
    """/my/dealer/users: a dealer administrator invites, deactivates and sets
    the roles of its own company's portal users. The checks live in
    ``res.partner._dealer_check_user_admin`` and the model methods called;
    other addons add actions through ``_dealer_users_update_action``."""

    def _dealer_admin_company(self):
        user = request.env.user
        dealer_sudo = user._dealer_commercial_partner()
        if not dealer_sudo or not user._dealer_has_role("admin"):
            return None
        return dealer_sudo

    @route("/my/dealer/users", type="http", auth="user", methods=["GET"], website=True, sitemap=False)
    def dealer_users(self, **kw):
        dealer_sudo = self._dealer_admin_company()
        if not dealer_sudo:
            self._dealer_flash(request.env._("Only your company's portal administrator may manage its users."))
            return request.redirect("/my")
        users_sudo = dealer_sudo.with_env(request.env)._dealer_portal_users()
        return request.render(
            "dealer_portal.dealer_users",
            {
                "dealer_sudo": dealer_sudo,
                "users_sudo": users_sudo,
                "roles": [(key, request.env.user._dealer_role_label(key)) for key in DEALER_ROLES],
                "dealer_error": self._dealer_pop_flash(),
                "dealer_notice": request.session.pop("dealer_flash_notice", None),
            },
        )

    def _posted_roles(self):
        return request.httprequest.form.getlist("roles")

    @route("/my/dealer/users/invite", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def dealer_users_invite(self, name="", email="", **kw):
        dealer_sudo = self._dealer_admin_company()
        if not dealer_sudo:
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                user_sudo = dealer_sudo.with_env(request.env)._dealer_invite_user(name, email, self._posted_roles())
            request.session["dealer_flash_notice"] = request.env._(
                "%(name)s was invited; an email with a sign-up link is on its way.", name=user_sudo.name
            )
        except DEALER_ERRORS as exc:
            self._dealer_flash(exc)
        return request.redirect("/my/dealer/users")

    @route(
        "/my/dealer/users/<int:user_id>/update", type="http", auth="user", methods=["POST"], website=True, sitemap=False
    )
    def dealer_users_update(self, user_id, action="roles", **kw):
        dealer_sudo = self._dealer_admin_company()
        if not dealer_sudo:
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                self._dealer_users_update_action(dealer_sudo.with_env(request.env), user_id, action, **kw)
            request.session["dealer_flash_notice"] = request.env._("Saved.")
        except DEALER_ERRORS as exc:
            self._dealer_flash(exc)
        return request.redirect("/my/dealer/users")

    def _dealer_users_update_action(self, dealer, user_id, action, **kw):
        """Apply the posted ``action`` to ``user_id`` as the administrator of
        ``dealer`` (its commercial partner, in the request's environment),
        through one model method that checks it. Extend with super() to add
        an action; any other action sets the posted roles."""
        if action == "deactivate":
            dealer._dealer_update_user(user_id, active=False)
        elif action == "activate":
            dealer._dealer_update_user(user_id, active=True)
        else:
            dealer._dealer_update_user(user_id, roles=self._posted_roles())
