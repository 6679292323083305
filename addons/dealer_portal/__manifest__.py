{
    "name": "Dealer Portal",
    "summary": "Dealer ordering portal: tier catalog, quick order, validated submission, "
    "tracking, documents and account page",
    "version": "18.0.1.1.1",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": [
        "dealer_pricing",
        "dealer_credit",
        "dealer_delivery",
        "sale_management",
        "website_sale",
        "website_sale_stock",
    ],
    # Run once per process, when the module is first imported: sizes the
    # prefork server's accept queue (tools/listen_queue.py).
    "post_load": "post_load",
    "data": [
        "security/dealer_portal_groups.xml",
        "security/dealer_portal_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "views/portal_orders_templates.xml",
        "views/portal_documents_templates.xml",
        "views/portal_account_templates.xml",
        "views/portal_home_templates.xml",
        "views/shop_templates.xml",
        "views/cart_templates.xml",
        "views/quick_order_templates.xml",
        "views/users_templates.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/website_layout_templates.xml",
        "views/light_assets_templates.xml",
        "views/division_brand_templates.xml",
        "views/division_brand_views.xml",
        "views/division_templates.xml",
    ],
    "demo": [
        "demo/dealer_portal_demo.xml",
        "demo/dealer_division_website_demo.xml",
    ],
    "assets": {
        # Fonts from the site itself, none from Google Fonts (see the file).
        "web._assets_primary_variables": [
            (
                "before",
                "website/static/src/scss/primary_variables.scss",
                "dealer_portal/static/src/scss/primary_variables.scss",
            ),
        ],
        "web.assets_frontend": [
            "dealer_portal/static/src/js/dealer_pages.js",
            "dealer_portal/static/src/js/dealer_storefront.js",
        ],
        # The dealer pages' JavaScript for a dealer on a phone, instead of Odoo's
        # 2.3 MB web.assets_frontend_lazy (views/light_assets_templates.xml):
        # Bootstrap's own components (menus, off-canvas header, alerts), in the
        # order web.assets_frontend loads them, and the dealer pages' scripts.
        "dealer_portal.assets_dealer_light": [
            "web/static/lib/popper/popper.js",
            "web/static/lib/bootstrap/js/dist/util/index.js",
            "web/static/lib/bootstrap/js/dist/dom/data.js",
            "web/static/lib/bootstrap/js/dist/dom/event-handler.js",
            "web/static/lib/bootstrap/js/dist/dom/manipulator.js",
            "web/static/lib/bootstrap/js/dist/dom/selector-engine.js",
            "web/static/lib/bootstrap/js/dist/util/config.js",
            "web/static/lib/bootstrap/js/dist/util/component-functions.js",
            "web/static/lib/bootstrap/js/dist/util/backdrop.js",
            "web/static/lib/bootstrap/js/dist/util/focustrap.js",
            "web/static/lib/bootstrap/js/dist/util/scrollbar.js",
            "web/static/lib/bootstrap/js/dist/base-component.js",
            "web/static/lib/bootstrap/js/dist/alert.js",
            "web/static/lib/bootstrap/js/dist/collapse.js",
            "web/static/lib/bootstrap/js/dist/dropdown.js",
            "web/static/lib/bootstrap/js/dist/modal.js",
            "web/static/lib/bootstrap/js/dist/offcanvas.js",
            "dealer_portal/static/src/js/dealer_pages.js",
            "dealer_portal/static/src/js/dealer_light_cart.js",
        ],
        "web.assets_tests": [
            "dealer_portal/static/tests/tours/storefront_*.js",
            "dealer_portal/static/tests/tours/selfservice_*.js",
            "dealer_portal/static/tests/tours/division_*.js",
        ],
    },
    "installable": True,
}
