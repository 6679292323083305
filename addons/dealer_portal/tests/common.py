"""Shared fixture of the dealer portal tests: the top layer of the dealer
fixtures (``DealerCommon`` -> ``DealerCreditCommon`` and ``DealerDeliveryCommon``
-> ``DealerPortalCommon``).

On top of the lower layers' company (its chart of accounts and its own
warehouse, to which the website is bound), currency and Gold and Silver
tiers (which get the storefront's price lists and assortment), it adds a
storefront catalog with fixed tier prices, stock and two dealer companies
(A on the Gold tier, B on the Silver tier), each with one portal user per
role. Never relies on demo records. Passwords equal logins.

The credit and delivery layers both name some records alike (``dealer``,
``dealer_contact``, ``tier``, ``categ``, ``pricelist``, ``_confirm``): here
the credit layer's win (method resolution order); the portal tests use
neither.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.dealer_credit.tests.common import DealerCreditCommon
from odoo.addons.dealer_delivery.tests.common import DealerDeliveryCommon

ROLE_GROUPS = {
    "desk": "dealer_portal.dealer_portal_group_order_desk",
    "ware": "dealer_portal.dealer_portal_group_warehouse",
    "fin": "dealer_portal.dealer_portal_group_finance",
    "admin": "dealer_portal.dealer_portal_group_admin",
}


class DealerPortalCommon(DealerCreditCommon, DealerDeliveryCommon):
    """The portal layer; see the module's docstring."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer_portal_data()

    @classmethod
    def _setup_dealer_portal_data(cls):
        env = cls.env
        cls.website = env.ref("website.default_website")
        # The company's own warehouse (created with it), not the delivery layer's.
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.website.write({"company_id": cls.company.id, "warehouse_id": cls.warehouse.id})

        # Price lists: one per tier, with fixed dealer prices. The tiers are
        # the base layer's: they get these price lists and the storefront
        # categories below.
        cls.pl_gold = env["product.pricelist"].create(
            {
                "name": "DC Gold storefront prices",
                "currency_id": cls.currency.id,
                "company_id": cls.company.id,
                "selectable": False,
                "website_id": False,
            }
        )
        cls.pl_silver = env["product.pricelist"].create(
            {
                "name": "DC Silver storefront prices",
                "currency_id": cls.currency.id,
                "company_id": cls.company.id,
                "selectable": False,
                "website_id": False,
            }
        )

        # Categories: tools (Gold and Silver), parts (Gold only), other (nobody).
        Categ = env["product.category"]
        cls.categ_root = Categ.create({"name": "DC Catalog"})
        cls.categ_tools = Categ.create({"name": "DC Tools", "parent_id": cls.categ_root.id})
        cls.categ_catalog_parts = Categ.create({"name": "DC Parts", "parent_id": cls.categ_root.id})
        cls.categ_other = Categ.create({"name": "DC Other"})

        unit = env.ref("uom.product_uom_unit")

        def product(code, name, categ, price, barcode=None, **extra):
            vals = {
                "name": name,
                "default_code": code,
                "barcode": barcode,
                "categ_id": categ.id,
                "list_price": price,
                "type": "consu",
                "is_storable": True,
                "sale_ok": True,
                "is_published": True,
                "uom_id": unit.id,
                "uom_po_id": unit.id,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
            vals.update(extra)
            return env["product.product"].create(vals)

        cls.p_drill = product("DC-DRILL", "DC Cordless Drill", cls.categ_tools, 200.0, "4006381333931")
        cls.p_saw = product("DC-SAW", "DC Circular Saw", cls.categ_tools, 300.0, "4006381333948")
        cls.p_bolt = product("DC-BOLT", "DC Hex Bolt M8", cls.categ_catalog_parts, 1.0, "4006381333955")
        cls.p_gear = product("DC-GEAR", "DC Gearbox", cls.categ_catalog_parts, 150.0)
        cls.p_secret = product("DC-SECRET", "DC Prototype Laser", cls.categ_other, 999.0)
        cls.p_special = product("DC-SPECIAL", "DC Gold Exclusive Kit", cls.categ_other, 500.0)
        cls.products = cls.p_drill | cls.p_saw | cls.p_bolt | cls.p_gear | cls.p_secret | cls.p_special

        Item = env["product.pricelist.item"]
        for pricelist, prices in (
            (
                cls.pl_gold,
                {cls.p_drill: 150.0, cls.p_saw: 240.0, cls.p_bolt: 0.5, cls.p_gear: 120.0, cls.p_special: 400.0},
            ),
            (cls.pl_silver, {cls.p_drill: 180.0, cls.p_saw: 270.0, cls.p_bolt: 0.8, cls.p_gear: 140.0}),
        ):
            Item.create(
                [
                    {
                        "pricelist_id": pricelist.id,
                        "applied_on": "0_product_variant",
                        "product_id": prod.id,
                        "compute_price": "fixed",
                        "fixed_price": price,
                    }
                    for prod, price in prices.items()
                ]
            )

        # Tiers: Gold buys tools, parts and the exclusive kit; Silver only
        # tools. The storefront's assortment replaces the base layer's (the
        # portal tests count what a catalog page lists).
        cls.tier_gold.write(
            {
                "pricelist_id": cls.pl_gold.id,
                "categ_ids": [Command.set((cls.categ_tools | cls.categ_catalog_parts).ids)],
                "include_product_tmpl_ids": [Command.set(cls.p_special.product_tmpl_id.ids)],
            }
        )
        cls.tier_silver.write(
            {
                "pricelist_id": cls.pl_silver.id,
                "categ_ids": [Command.set(cls.categ_tools.ids)],
                "exclude_product_tmpl_ids": [Command.clear()],
            }
        )
        # The website lists the storefront catalog only: the lower layers'
        # products stay off it (the tests count and page what it lists).
        (
            cls.pad
            | cls.disc
            | cls.filter
            | cls.cover
            | cls.oil
            | cls.product
            | cls.product_a
            | cls.product_b
            | cls.product_c
            | cls.service
        ).write({"is_published": False})
        # Bolts come in boxes of 10, at least 20.
        env["dealer.quantity.rule"].create(
            {
                "tier_id": cls.tier_gold.id,
                "product_tmpl_id": cls.p_bolt.product_tmpl_id.id,
                "min_qty": 20,
                "multiple_qty": 10,
            }
        )
        # A Gold scheme: the saw at 199 until next month.
        cls.scheme_end = fields.Date.today() + timedelta(days=30)
        cls.scheme = env["dealer.scheme"].create(
            {
                "name": "DC Saw Spring Deal",
                "tier_ids": [Command.set(cls.tier_gold.ids)],
                "date_start": fields.Date.today() - timedelta(days=1),
                "date_end": cls.scheme_end,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.p_saw.id,
                            "product_tmpl_id": cls.p_saw.product_tmpl_id.id,
                            "compute_price": "fixed",
                            "fixed_price": 199.0,
                        }
                    )
                ],
            }
        )

        # Stock: drills plenty, saws a few, gears none.
        Quant = env["stock.quant"]
        for prod, qty in ((cls.p_drill, 500), (cls.p_saw, 3), (cls.p_bolt, 10000), (cls.p_special, 20)):
            Quant._update_available_quantity(prod, cls.stock_location, qty)

        # Dealers and their users.
        Partner = env["res.partner"]
        cls.dealer_a = Partner.create(
            {
                "name": "DC Alpha Tools Ltd",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier_gold.id,
                "email": "orders@alpha.example.com",
                "street": "1 Alpha Road",
                "city": "Lyon",
                "country_id": env.ref("base.fr").id,
                "zip": "69001",
            }
        )
        cls.dealer_b = Partner.create(
            {
                "name": "DC Beta Hardware",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier_silver.id,
                "email": "orders@beta.example.com",
                "street": "2 Beta Street",
                "city": "Gent",
                "country_id": env.ref("base.be").id,
                "zip": "9000",
            }
        )
        cls.dealer_a_depot = Partner.create(
            {
                "name": "Alpha North Depot",
                "type": "delivery",
                "parent_id": cls.dealer_a.id,
                "street": "9 Depot Lane",
                "city": "Lille",
                "country_id": env.ref("base.fr").id,
                "zip": "59000",
            }
        )
        cls.dealer_b_depot = Partner.create(
            {
                "name": "Beta Warehouse",
                "type": "delivery",
                "parent_id": cls.dealer_b.id,
                "street": "5 Dock Road",
                "city": "Antwerp",
                "country_id": env.ref("base.be").id,
                "zip": "2000",
            }
        )
        for letter, dealer in (("a", cls.dealer_a), ("b", cls.dealer_b)):
            for role, group in ROLE_GROUPS.items():
                login = f"dc_{letter}_{role}"
                contact = Partner.create(
                    {
                        "name": f"{dealer.name} {role}",
                        "parent_id": dealer.id,
                        "type": "contact",
                        "email": f"{login}@example.com",
                    }
                )
                user = new_test_user(
                    env,
                    login=login,
                    password=login,
                    groups=f"base.group_portal,{group}",
                    partner_id=contact.id,
                    name=contact.name,
                    email=contact.email,
                )
                setattr(cls, f"user_{letter}_{role}", user)
        # A second order-desk clerk of dealer A, to prove orders are shared company-wide.
        contact = Partner.create(
            {"name": "Alpha clerk 2", "parent_id": cls.dealer_a.id, "email": "dc_a_desk2@example.com"}
        )
        cls.user_a_desk2 = new_test_user(
            env,
            login="dc_a_desk2",
            password="dc_a_desk2",
            groups=f"base.group_portal,{ROLE_GROUPS['desk']}",
            partner_id=contact.id,
            name=contact.name,
        )
        # A portal customer that is no dealer at all.
        cls.retail_partner = Partner.create({"name": "DC Retail Buyer", "email": "retail@example.com"})
        cls.user_retail = new_test_user(
            env,
            login="dc_retail",
            password="dc_retail",
            groups="base.group_portal",
            partner_id=cls.retail_partner.id,
            name="DC Retail Buyer",
        )

    @classmethod
    def _dealer_cart(cls, user, lines, **vals):
        """A draft website order of ``user``'s contact, ``lines`` = [(product, qty)]."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": user.partner_id.id,
                "website_id": cls.website.id,
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
                **vals,
            }
        )
        return order


class DealerPortalHttpCommon(HttpCase, DealerPortalCommon):
    """The portal layer for tests that call routes or run tours."""

    def _get(self, url, login):
        """GET ``url`` signed in as ``login`` (password = login), no redirects followed."""
        self.authenticate(login, login)
        return self.url_open(url, allow_redirects=False)
