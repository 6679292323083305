import re

from odoo.tests import tagged

from .common import DealerPortalHttpCommon

# Font services a page could pull fonts from.
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "use.typekit.net", "fonts.bunny.net")


@tagged("post_install", "-at_install")
class TestStorefrontFonts(DealerPortalHttpCommon):
    """The dealer pages load their fonts from the site: neither the HTML nor
    the stylesheets it links reference a third-party font service (Odoo's
    website bundle imports Inter from Google Fonts by default)."""

    def _assert_no_font_service(self, url):
        response = self._get(url, self.user_a_desk.login)
        self.assertEqual(response.status_code, 200, url)
        html = response.text
        for host in FONT_HOSTS:
            self.assertFalse(host in html, f"{url} references {host}")
        stylesheets = re.findall(r'<link[^>]+href="(/web/assets/[^"]+\.css)"', html)
        self.assertTrue(stylesheets, f"{url} links the site's stylesheets")
        for href in stylesheets:
            css = self.url_open(href).text
            for host in FONT_HOSTS:
                self.assertFalse(host in css, f"{href} (linked by {url}) imports from {host}")
            self.assertFalse(
                re.search(r"""@import\s+url\(\s*["']?(https?:)?//""", css),
                f"{href} (linked by {url}) imports a stylesheet from another site",
            )

    def test_catalog_loads_no_third_party_font(self):
        self._assert_no_font_service("/shop")

    def test_quick_order_loads_no_third_party_font(self):
        self._assert_no_font_service("/my/quick-order")
