from unittest.mock import patch

from lxml import html as lxml_html

from odoo.http import Request
from odoo.tests import tagged

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin


@tagged("post_install", "-at_install")
class TestStorefrontCatalogPage(StorefrontHttpMixin, DealerPortalHttpCommon):
    """The catalog page as a phone gets it: light rows that work with and
    without JavaScript."""

    def _rows(self):
        self._login(self.user_a_desk)
        res = self.url_open("/my/catalog")
        self.assertEqual(res.status_code, 200)
        return lxml_html.fromstring(res.text).xpath("//li[contains(@class, 'o_dealer_catalog_item')]")

    def _form_data(self, form, button):
        """What a browser posts for ``form`` submitted with ``button``."""
        data = {i.get("name"): i.get("value") for i in form.xpath(".//input[@name]")}
        data[button.get("name")] = button.get("value")
        return data

    def test_catalog_rows_are_light_and_labelled(self):
        rows = self._rows()
        self.assertGreater(len(rows), 4, "the fixture lists more rows than fit on a phone screen")
        for index, row in enumerate(rows):
            sku = row.get("data-sku")
            img = row.xpath(".//img")[0]
            self.assertTrue(img.get("width") and img.get("height"), f"{sku}: the image reserves its box")
            self.assertEqual(img.get("loading"), "eager" if index < 4 else "lazy", sku)
            form = row.xpath(".//form[contains(@class, 'o_dealer_add_form')]")[0]
            self.assertFalse(form.xpath(".//input[@name='product_id']"), f"{sku}: the button carries the product")
            button = form.xpath(".//button[@type='submit']")[0]
            self.assertEqual((button.get("name"), button.get("value")), ("product_id", row.get("data-product-id")))
            qty = form.xpath(".//input[@name='add_qty']")[0]
            self.assertEqual(qty.get("aria-label"), "Quantity", f"{sku}: the quantity has an accessible name")
        scheme = rows[0].getparent().xpath(".//*[contains(@class, 'o_dealer_scheme')]")
        self.assertTrue(scheme)
        self.assertIn("text-success-emphasis", scheme[0].get("class"), "AA contrast on white")

    def test_catalog_add_without_javascript(self):
        rows = self._rows()
        drill = next(r for r in rows if r.get("data-sku") == "DC-DRILL")
        form = drill.xpath(".//form[contains(@class, 'o_dealer_add_form')]")[0]
        data = self._form_data(form, form.xpath(".//button[@type='submit']")[0])
        data["add_qty"] = "2"
        res = self.url_open(form.get("action"), data=data, allow_redirects=False)
        self.assertIn(res.status_code, (302, 303))
        self.assertEqual(self._cart().order_line.filtered(lambda l: l.product_id == self.p_drill).product_uom_qty, 2)

    def test_one_csrf_token_signs_every_add_form_of_the_page(self):
        """A CSRF token is an HMAC of the session: the page's add forms share
        one, instead of signing again for each product (the test above posts
        it, so it is a valid one)."""
        calls = []
        csrf_token = Request.csrf_token

        def counting_csrf_token(request, *args, **kwargs):
            calls.append(args or kwargs)
            return csrf_token(request, *args, **kwargs)

        with patch.object(Request, "csrf_token", counting_csrf_token):
            rows = self._rows()
        tokens = {row.xpath(".//form//input[@name='csrf_token']")[0].get("value") for row in rows}
        self.assertGreater(len(rows), 4)
        self.assertEqual(len(tokens), 1, "every add form carries the page's token")
        self.assertTrue(next(iter(tokens)))
        # The layout signs its own (the session info of the page's scripts).
        self.assertLess(len(calls), 4, f"{len(calls)} signatures for {len(rows)} products")

    def test_catalog_form_with_a_product_outside_the_assortment_is_refused(self):
        rows = self._rows()
        form = rows[0].xpath(".//form[contains(@class, 'o_dealer_add_form')]")[0]
        data = self._form_data(form, form.xpath(".//button[@type='submit']")[0])
        data["product_id"] = str(self.p_secret.id)
        res = self.url_open(form.get("action"), data=data, allow_redirects=False)
        self.assertIn(res.status_code, (302, 303))
        self.assertNotIn(self.p_secret, self._cart().order_line.product_id)

    def test_tour_catalog_add(self):
        self.start_tour("/my/catalog", "dealer_storefront_catalog_add", login="dc_a_desk")
        self._login(self.user_a_desk)
        lines = self._cart().order_line
        self.assertEqual({l.product_id: l.product_uom_qty for l in lines}, {self.p_drill: 3, self.p_bolt: 20})
