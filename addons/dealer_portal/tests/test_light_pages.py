import json
import re

from odoo.tests import tagged

from .common import DealerPortalHttpCommon
from .test_storefront_cart_quantity import CartQuantityMixin

LIGHT = "dealer_portal.assets_dealer_light"
FULL = "web.assets_frontend_lazy"
# In test mode the full bundle (Odoo's tour harness) is the default: this
# cookie asks for the light pages as dealers get them in production.
LIGHT_COOKIE = {"dealer_light_assets": "1"}

# Plain JavaScript run in the page by browser_js: no tour harness exists on a
# light page. Any error is logged with console.error, which fails the test.
JS_HELPERS = """
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(predicate, what, timeout = 15000) {
    const start = Date.now();
    let value;
    while (!(value = predicate())) {
        if (Date.now() - start > timeout) {
            throw new Error("timed out waiting for " + what);
        }
        await sleep(50);
    }
    return value;
}
function assertLight() {
    const scripts = [...document.querySelectorAll("script")].map((s) => s.src || s.dataset.src || "");
    if (scripts.some((src) => src.includes("web.assets_frontend_lazy"))) {
        throw new Error("Odoo's full bundle is on a light page");
    }
    if (!scripts.some((src) => src.includes("dealer_portal.assets_dealer_light"))) {
        throw new Error("the light bundle is missing");
    }
    if (window.odoo && window.odoo.loader && window.odoo.loader.modules.has("@web/legacy/js/public/public_root")) {
        throw new Error("Odoo's public root runs on a light page");
    }
}
function setValue(input, value) {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
}
function catalogRow(sku) {
    return waitFor(
        () => [...document.querySelectorAll(".o_dealer_catalog_item")].find((r) => r.dataset.sku === sku),
        "the row of " + sku
    );
}
function run(steps) {
    steps().then(
        () => console.log("test successful"),
        (error) => console.error("light page test failed: " + (error && error.message ? error.message : error))
    );
}
"""


def _script_urls(html, bundle):
    return re.findall(r'(?:src|data-src)="([^"]*' + re.escape(bundle) + r'[^"]*\.js)"', html)


@tagged("post_install", "-at_install")
class TestLightPages(CartQuantityMixin, DealerPortalHttpCommon):
    """The dealer catalog, quick order and cart load a small bundle instead
    of Odoo's full front-end bundle for dealers, and still do everything in a
    real browser."""

    def _run_light(self, url, steps, ready="!!window.dealerPages", **kw):
        """Run ``steps`` (the body of an async JavaScript function) on ``url``
        as the dealer's order desk, light, in Chromium."""
        code = JS_HELPERS + "run(async () => {\n    assertLight();\n" + steps + "});\n"
        self.browser_js(url, code, ready=ready, login=self.user_a_desk.login, cookies=LIGHT_COOKIE, **kw)

    def _page(self, url, user, light_cookie=True):
        self._login(user)
        if light_cookie:
            self.opener.cookies.set("dealer_light_assets", "1")
        res = self.url_open(url)
        self.assertEqual(res.status_code, 200, url)
        return res.text

    # ------------------------------------------------------------------
    # Which pages are light, for whom
    # ------------------------------------------------------------------
    def test_dealer_pages_load_the_light_bundle_only(self):
        for url in ("/my/catalog", "/my/quick-order", "/shop/cart"):
            html = self._page(url, self.user_a_desk)
            self.assertTrue(_script_urls(html, LIGHT), f"{url}: the light bundle")
            self.assertFalse(_script_urls(html, FULL), f"{url}: not Odoo's full bundle")
            self.assertIn('data-src="', html.split(LIGHT)[0][-300:], f"{url}: loaded lazily, after the page")

    def test_other_pages_and_users_keep_the_full_bundle(self):
        # A dealer's pages that are not light (order history, with its chatter).
        html = self._page("/my/orders", self.user_a_desk)
        self.assertTrue(_script_urls(html, FULL))
        self.assertFalse(_script_urls(html, LIGHT))
        # Another customer's cart is the native one.
        html = self._page("/shop/cart", self.user_retail)
        self.assertTrue(_script_urls(html, FULL), "a retail customer's cart keeps website_sale's widgets")
        self.assertFalse(_script_urls(html, LIGHT))
        # Back-office users get Odoo's editor on every page.
        html = self._page("/shop/cart", self.env.ref("base.user_admin"))
        self.assertTrue(_script_urls(html, FULL))
        self.assertFalse(_script_urls(html, LIGHT))

    def test_cookie_bar_keeps_the_full_bundle(self):
        """Odoo's cookie bar needs Odoo's widget for its consent buttons."""
        self.website.cookies_bar = True
        html = self._page("/my/catalog", self.user_a_desk)
        self.assertTrue(_script_urls(html, FULL))
        self.assertFalse(_script_urls(html, LIGHT))

    def test_test_mode_default_is_the_full_bundle(self):
        """Without the cookie, test mode serves the full bundle (the tours
        need Odoo's tour harness); the cookie means nothing to a back-office
        user."""
        html = self._page("/my/catalog", self.user_a_desk, light_cookie=False)
        self.assertTrue(_script_urls(html, FULL))
        self.assertFalse(_script_urls(html, LIGHT))

    def test_header_logo_loads_first(self):
        """The website's logo (the largest element of a phone's first screen)
        is neither lazy nor late; other images stay as the website made them."""
        html = self._page("/my/catalog", self.user_a_desk)
        logos = re.findall(r'<img[^>]*src="/web/image/website/\d+/logo[^"]*"[^>]*>', html)
        self.assertTrue(logos)
        for tag in logos:
            self.assertIn('loading="eager"', tag)
            self.assertIn('fetchpriority="high"', tag)
        self.assertIn('loading="lazy"', html, "the catalog's images below the fold stay lazy")

    def test_light_bundle_is_small_and_holds_no_odoo_framework(self):
        html = self._page("/my/catalog", self.user_a_desk)
        url = _script_urls(html, LIGHT)[0]
        res = self.url_open(url)
        self.assertEqual(res.status_code, 200)
        body = res.content
        self.assertLess(len(body), 150 * 1024, "Bootstrap's components and the dealer scripts, minified")
        text = body.decode()
        for needle in ("/web/static/lib/owl/", "@web/legacy/js/public/public_widget", "/web/static/lib/jquery/"):
            self.assertFalse(needle in text, f"{needle} is not in the light bundle")
        for needle in ("dealerPages", "dealerLightCart", "global.Dropdown", "global.Offcanvas"):
            self.assertTrue(needle in text, f"{needle} is in the light bundle")

    # ------------------------------------------------------------------
    # The pages in a real browser, light
    # ------------------------------------------------------------------
    def test_browser_light_catalog_add_and_header_menu(self):
        steps = """
    const row = await catalogRow("DC-BOLT");
    setValue(row.querySelector("input[name='add_qty']"), "30");
    row.querySelector(".o_dealer_add_form button[type='submit']").click();
    const added = row.querySelector(".o_dealer_added");
    const refused = row.querySelector(".o_dealer_add_error");
    await waitFor(
        () => !added.classList.contains("d-none") || !refused.classList.contains("d-none"),
        "an answer"
    );
    if (added.classList.contains("d-none")) {
        throw new Error("refused: " + refused.textContent);
    }
    if (location.pathname !== "/my/catalog") {
        throw new Error("the page was left: " + location.pathname);
    }
    // Bootstrap's own menus work without Odoo's bundle (the signed-in user's menu).
    const toggle = await waitFor(
        () => document.querySelector("header [data-bs-toggle='dropdown']"),
        "a header menu"
    );
    toggle.click();
    await waitFor(() => toggle.getAttribute("aria-expanded") === "true", "the header menu open");
    // And the phone's menu button (Bootstrap's off-canvas header).
    const burger = await waitFor(
        () => document.querySelector("header [data-bs-toggle='offcanvas']"),
        "the phone's menu button"
    );
    burger.click();
    await waitFor(
        () => document.querySelector(burger.dataset.bsTarget).classList.contains("show"),
        "the phone's menu open"
    );
"""
        self._run_light("/my/catalog", steps)
        self._login(self.user_a_desk)
        self.assertEqual(self._line(self.p_bolt).product_uom_qty, 30)

    def test_browser_light_catalog_refusal_is_shown(self):
        """A refused quantity (from a browser that does not check the
        field's step) gets its message in the row, and nothing is added."""
        steps = """
    const row = await catalogRow("DC-DRILL");
    row.querySelector(".o_dealer_add_form").noValidate = true;
    setValue(row.querySelector("input[name='add_qty']"), "1.5");
    row.querySelector(".o_dealer_add_form button[type='submit']").click();
    const error = row.querySelector(".o_dealer_add_error");
    await waitFor(
        () => !error.classList.contains("d-none") && error.textContent.includes("1.5 is not a whole number"),
        "the refusal"
    );
    if (!row.querySelector(".o_dealer_added").classList.contains("d-none")) {
        throw new Error("shown as added");
    }
"""
        self._run_light("/my/catalog", steps)
        self._login(self.user_a_desk)
        self.assertFalse(self._line(self.p_drill), "nothing was added")

    def test_browser_light_quick_order_suggests_skus(self):
        steps = """
    const input = document.querySelector(".o_dealer_sku_input");
    setValue(input, "DC-B");
    const list = document.querySelector(".o_dealer_sku_suggestions");
    await waitFor(() => [...list.options].some((o) => o.value === "DC-BOLT"), "the bolt suggested");
    if ([...list.options].some((o) => o.value === "DC-SECRET")) {
        throw new Error("a product outside the assortment was suggested");
    }
"""
        self._run_light("/my/quick-order", steps)

    def test_browser_light_cart_quantities(self):
        """The cart's quantity field, - and +, decimals, a refusal and
        remove, on the light cart: the same native route, the same
        server-rendered lines."""
        self._login(self.user_a_desk)
        self._add(self.p_flour, 1)
        self._add(self.p_drill, 2)
        self._add(self.p_bolt, 10)
        steps = """
    const lines = () => [...document.querySelectorAll(".o_cart_product")];
    const line = (name) => lines().find((el) => el.textContent.includes(name));
    const qty = (name) => line(name) && line(name).querySelector("input.js_quantity");
    const belowMin = (name) => line(name).querySelector(".o_dealer_issue_qty_below_min");
    await waitFor(() => line("DC Bulk Flour").querySelector(".o_dealer_issue_qty_below_min"), "the 2 kg minimum");
    setValue(qty("DC Bulk Flour"), "2,5");
    await waitFor(
        () => qty("DC Bulk Flour").value === "2.5" && !belowMin("DC Bulk Flour"),
        "2.5 kg kept, the minimum issue gone"
    );
    line("DC Bulk Flour").querySelector("a.js_add_cart_json .fa-minus").closest("a").click();
    await waitFor(
        () => qty("DC Bulk Flour").value === "1.5" && belowMin("DC Bulk Flour"),
        "1.5 kg, below the minimum again"
    );
    line("DC Bulk Flour").querySelector("a.js_add_cart_json .fa-plus").closest("a").click();
    await waitFor(() => qty("DC Bulk Flour").value === "2.5", "back to 2.5 kg");
    setValue(qty("DC Cordless Drill"), "2.5");
    await waitFor(
        () => (document.querySelector("#data_warning") || {}).textContent?.includes("DC-DRILL is sold in whole units"),
        "the whole-units refusal"
    );
    await waitFor(() => qty("DC Cordless Drill").value === "2", "the drill line keeps 2");
    line("DC Hex Bolt M8").querySelector(".js_delete_product").click();
    await waitFor(() => !line("DC Hex Bolt M8"), "the bolt removed");
"""
        self._run_light("/shop/cart", steps, ready="!!window.dealerLightCart", timeout=120)
        cart = self._cart()
        cart.invalidate_recordset()
        got = {l.product_id.default_code: l.product_uom_qty for l in cart.order_line}
        self.assertEqual(got, {"DC-FLOUR": 2.5, "DC-DRILL": 2.0}, json.dumps(got))
