import base64
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.dealer_pricing.tests.common_brand import LOGO_SVG, create_brand_division

# What a dealer must never see on a division's pages: vendor promotion and
# Odoo's sample content.
PLACEHOLDERS = (
    "Powered by",
    "YourLogo",
    "Company name",
    "We are a team of passionate people",
    "+1 555-555-5556",
    "info@yourcompany.example.com",
)
PALETTE_URL = "/website/static/src/scss/options/colors/user_color_palette.scss"


@tagged("post_install", "-at_install")
class TestDivisionBrandHttp(HttpCase):
    """Each division's website, requested on its own domain, shows the
    division's brand (name, logo, favicon, palette in the page CSS) and no
    vendor promotion or placeholder content."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.north = create_brand_division(cls.env, company)
        cls.south = create_brand_division(
            cls.env,
            company,
            name="Southbay Batteries",
            code="SBB",
            color_primary="#1565c0",
            color_secondary="#ffb300",
            logo=base64.b64encode(LOGO_SVG.replace(b"Northline", b"Southbay")),
            email_from="Southbay Batteries <orders@southbay.example.com>",
            footer="<p>Southbay Batteries is a brand of the test manufacturer.</p>",
        )
        Website = cls.env["website"]
        last = Website.search([], order="sequence desc", limit=1).sequence
        cls.site_north = Website.create(
            {
                "name": "Test site",
                "domain": "http://northline.localhost",
                "sequence": last + 10,
                "company_id": company.id,
                "dealer_division_id": cls.north.id,
            }
        )
        cls.site_south = Website.create(
            {
                "name": "Test site",
                "domain": "http://southbay.localhost",
                "sequence": last + 20,
                "company_id": company.id,
                "dealer_division_id": cls.south.id,
            }
        )

    def _get(self, host, url="/"):
        response = self.url_open(url, headers={"Host": f"{host}:{self.http_port()}"})
        self.assertEqual(response.status_code, 200, f"{host}{url}")
        return response

    def _assert_no_placeholders(self, html, where):
        for text in PLACEHOLDERS:
            self.assertNotIn(text, html, f"{text!r} on {where}")

    def test_each_domain_shows_its_division_brand(self):
        for site, division, other in (
            (self.site_north, self.north, self.south),
            (self.site_south, self.south, self.north),
        ):
            host = site.domain.split("//")[1]
            with self.subTest(division=division.name):
                self.assertEqual(site.name, division.name)
                self.assertEqual(base64.b64decode(site.logo), base64.b64decode(division.logo))
                for url in ("/", "/web/login"):
                    html = self._get(host, url).text
                    self.assertIn("<title>", html)
                    self.assertRegex(html, rf"<title>[^<]*{division.name}</title>")
                    self.assertIn(f"/web/image/website/{site.id}/logo", html)
                    self.assertIn(f"Copyright &copy; {division.name}", html)
                    self.assertIn("o_dealer_brand_footer", html)
                    self.assertIn("is a brand of the test manufacturer", html)
                    self.assertNotIn(other.name, html)
                    self._assert_no_placeholders(html, f"{host}{url}")
                logo = self._get(host, f"/web/image/website/{site.id}/logo").content
                self.assertIn(division.name.split()[0].encode(), logo)
                self.assertNotIn(b"YourLogo", logo)
                # The palette is the website's own theme colours, compiled into its CSS.
                css_url = re.search(r'href="(/web/assets/[^"]*web\.assets_frontend[^"]*\.css)"', html).group(1)
                css = self._get(host, css_url).text
                self.assertIn(f"--o-color-1: {division.color_primary}", css)
                self.assertIn(f"--o-color-2: {division.color_secondary}", css)

    def test_brand_logo_route_is_public(self):
        response = self._get("northline.localhost", f"/dealer/brand/{self.north.id}/logo")
        self.assertEqual(response.content, LOGO_SVG)
        self.north.active = False
        response = self.url_open(f"/dealer/brand/{self.north.id}/logo")
        self.assertEqual(response.status_code, 404)

    def test_changing_the_division_rebrands_its_website(self):
        self.north.write({"name": "Northline Air", "color_primary": "#123456"})
        self.assertEqual(self.site_north.name, "Northline Air")
        palette = (
            self.env["web_editor.assets"]
            .with_context(website_id=self.site_north.id)
            ._get_content_from_url(
                self.env["web_editor.assets"]._make_custom_asset_url(PALETTE_URL, "web.assets_frontend")
            )
            .decode()
        )
        self.assertIn("'o-color-1': #123456", palette)
        self.assertIn("Copyright &copy; Northline Air", self._get("northline.localhost").text)

    def test_vendor_promotion_comes_back_only_when_the_setting_is_off(self):
        self.site_north.dealer_hide_vendor_promotion = False
        html = self._get("northline.localhost").text
        self.assertIn("Powered by", html)
        self.assertNotIn("o_dealer_brand_footer", html)
        self._assert_no_placeholders(self._get("southbay.localhost").text, "southbay.localhost")

    def test_only_a_manager_of_websites_applies_the_brand(self):
        user = new_test_user(self.env, login="dc_brand_sales", groups="sales_team.group_sale_manager")
        with self.assertRaises(AccessError):
            self.north.with_user(user).action_apply_brand_to_website()
        self.assertTrue(self.north.action_apply_brand_to_website())
