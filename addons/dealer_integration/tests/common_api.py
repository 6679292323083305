import json

from odoo.addons.dealer_portal.tests.common_selfservice import DealerPortalSelfServiceHttpCommon


class DealerApiHttpCommon(DealerPortalSelfServiceHttpCommon):
    """The self-service fixture, with the dealer API enabled for both
    dealers and one API key per dealer user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("portal.allow_api_keys", True)
        cls.env["ir.config_parameter"].set_param("dealer_integration.api_rate_limit", 1000)
        (cls.dealer_a | cls.dealer_b).write({"dealer_api_enabled": True})
        cls.keys = {}
        for user in (cls.user_a_desk, cls.user_a_ware, cls.user_a_fin, cls.user_a_admin, cls.user_b_desk):
            cls.keys[user.login] = cls._make_key(user)

    @classmethod
    def _make_key(cls, user):
        # As the user, elevated only to skip the expiry the UI asks for.
        return cls.env["res.users.apikeys"].with_user(user).sudo()._generate(None, "ERP link", None)

    def _api(self, method, path, login=None, key=None, body=None, data=None, headers=None):
        headers = dict(headers or {})
        key = key or (self.keys[login] if login else None)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        if body is not None:
            data = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        return self.opener.request(
            method, self.base_url() + "/dealer/api/v1" + path, data=data, headers=headers, timeout=60
        )
