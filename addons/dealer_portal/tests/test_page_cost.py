import re
from unittest.mock import patch

from odoo.models import BaseModel
from odoo.tests import tagged

from .common import DealerPortalHttpCommon

EDITOR_ATTRIBUTES = ("data-is-published", "data-can-publish", "data-can-optimize-seo", "data-editable-in-backend")


@tagged("post_install", "-at_install")
class TestPageCost(DealerPortalHttpCommon):
    """What every page of a signed-in dealer costs the server, beyond its
    own content."""

    def _html_tag(self, url, login):
        """The ``<html>`` tag of ``url`` as ``login`` sees it, and the models
        whose every field the request described (``fields_get()`` without a
        field list: the costly one; mail's tracking asks for a few)."""
        called = []
        fields_get = BaseModel.fields_get

        def counting_fields_get(records, *args, **kwargs):
            if not args and not kwargs.get("allfields"):
                called.append(records._name)
            return fields_get(records, *args, **kwargs)

        with patch.object(BaseModel, "fields_get", counting_fields_get):
            res = self._get(url, login)
        self.assertEqual(res.status_code, 200, url)
        return re.search(r"<html[^>]*>", res.text).group(0), called

    def test_no_editor_data_for_dealers(self):
        """The website layout computes the editor's attributes of the page's
        main record (four ``fields_get``, a quarter of a product page) for
        every signed-in user; only back-office users' editor reads them."""
        product_url = self.p_drill.product_tmpl_id.website_url
        for url in (product_url, "/my/catalog", "/my/dealer/orders"):
            tag, called = self._html_tag(url, self.user_a_desk.login)
            for attribute in EDITOR_ATTRIBUTES:
                self.assertNotIn(attribute, tag, url)
            self.assertEqual(called, [], f"{url}: no model described whole for a dealer")

    def test_editor_data_for_back_office_users(self):
        """The website editor still gets them, on the same product page."""
        admin = self.env.ref("base.user_admin")
        admin.password = "admin-page-cost"
        self.authenticate(admin.login, "admin-page-cost")
        res = self.url_open(self.p_drill.product_tmpl_id.website_url, allow_redirects=False)
        self.assertEqual(res.status_code, 200)
        tag = re.search(r"<html[^>]*>", res.text).group(0)
        self.assertIn('data-can-publish="True"', tag)
        self.assertIn('data-editable-in-backend="True"', tag)
        self.assertIn("data-is-published=", tag)
