from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# The issue codes this addon raises; the other dealer addons add their own
# (credit, approval rules) through super(), which these tests leave aside.
PRICING_ISSUE_CODES = {
    "no_tier",
    "empty",
    "not_in_assortment",
    "qty_not_positive",
    "qty_too_large",
    "qty_fractional",
    "qty_below_min",
    "qty_above_max",
    "qty_not_multiple",
    "price_nonstandard",
}


def publish(products):
    """Dealers order only what is published on the website, when the portal
    is installed: test products are published like the real catalog."""
    if "is_published" in products._fields:
        products.write({"is_published": True})
    return products


class DealerCommon(TransactionCase):
    """The base layer of the dealer fixtures (as core's ``SaleCommon``):
    ``DealerCreditCommon`` and ``DealerDeliveryCommon`` build on it, and
    ``DealerPortalCommon`` on both. Each layer adds only its own data.

    Everything lives in a company of its own (``cls.company``, the current
    company of ``cls.env``): the database's records of other companies
    (demo approval rules, warehouses, price lists) cannot reach the tests.
    A layer or test that invoices sets ``chart_template`` (loading a chart
    costs seconds per class, so only those do).

    Two tiers (Gold, Silver), three dealers with contacts and portal users,
    a small parts catalog in nested categories, tier price lists and quantity
    rules. Nothing here depends on demo data.

    Prices (list price in brackets): Gold pays 80 %, Silver 90 %.
      - Brake pad BP-220 (50.0), category Parts / Brakes / Brake pads
      - Brake disc BD-300 (120.0), category Parts / Brakes
      - Oil filter OF-10 (15.0), category Parts / Filters
      - Seat cover AC-1 (30.0), category Accessories
      - Gear oil GO-5 (8.0 per litre), category Parts / Fluids
    Gold sees Brakes (with Brake pads) and Filters, plus Seat cover AC-1.
    Silver sees Brakes, minus Brake disc BD-300.
    """

    chart_template = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One time zone for the tests and every user they create (a user's
        # time zone defaults to the creator's context): "today" is then the
        # same day for both at any hour, also when it is already tomorrow in
        # OdooBot's own time zone.
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.company = cls._create_dealer_company()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        assert cls.env.company == cls.company
        env = cls.env
        cls.currency = cls.company.currency_id
        cls.uom_unit = env.ref("uom.product_uom_unit")
        cls.uom_dozen = env.ref("uom.product_uom_dozen")
        cls.uom_litre = env.ref("uom.product_uom_litre")

        Category = env["product.category"]
        cls.categ_parts = Category.create({"name": "DC Parts"})
        cls.categ_brakes = Category.create({"name": "Brakes", "parent_id": cls.categ_parts.id})
        cls.categ_pads = Category.create({"name": "Brake pads", "parent_id": cls.categ_brakes.id})
        cls.categ_filters = Category.create({"name": "Filters", "parent_id": cls.categ_parts.id})
        cls.categ_fluids = Category.create({"name": "Fluids", "parent_id": cls.categ_parts.id})
        cls.categ_accessories = Category.create({"name": "DC Accessories"})

        Product = env["product.product"]

        def product(name, code, categ, price, **vals):
            return publish(
                Product.create(
                    {
                        "name": name,
                        "default_code": code,
                        "categ_id": categ.id,
                        "list_price": price,
                        "type": "consu",
                        "sale_ok": True,
                        "taxes_id": [Command.clear()],
                        **vals,
                    }
                )
            )

        cls.pad = product("Brake pad", "BP-220", cls.categ_pads, 50.0)
        cls.disc = product("Brake disc", "BD-300", cls.categ_brakes, 120.0)
        cls.filter = product("Oil filter", "OF-10", cls.categ_filters, 15.0)
        cls.cover = product("Seat cover", "AC-1", cls.categ_accessories, 30.0)
        cls.oil = product(
            "Gear oil", "GO-5", cls.categ_fluids, 8.0, uom_id=cls.uom_litre.id, uom_po_id=cls.uom_litre.id
        )

        Pricelist = env["product.pricelist"]
        cls.pricelist_gold = Pricelist.create(
            {
                "name": "DC Gold prices",
                "currency_id": cls.currency.id,
                "company_id": cls.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "formula",
                            "base": "list_price",
                            "price_discount": 20.0,
                        }
                    )
                ],
            }
        )
        cls.pricelist_silver = Pricelist.create(
            {
                "name": "DC Silver prices",
                "currency_id": cls.currency.id,
                "company_id": cls.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "formula",
                            "base": "list_price",
                            "price_discount": 10.0,
                        }
                    )
                ],
            }
        )
        cls.pricelist_public = Pricelist.create(
            {
                "name": "DC Public",
                "currency_id": cls.currency.id,
                "company_id": cls.company.id,
            }
        )

        Tier = env["dealer.tier"]
        cls.tier_gold = Tier.create(
            {
                "name": "Gold",
                "code": "DCGOLD",
                "sequence": 1,
                "pricelist_id": cls.pricelist_gold.id,
                "categ_ids": [Command.set([cls.categ_brakes.id, cls.categ_filters.id])],
                "include_product_tmpl_ids": [Command.set(cls.cover.product_tmpl_id.ids)],
            }
        )
        cls.tier_silver = Tier.create(
            {
                "name": "Silver",
                "code": "DCSILVER",
                "sequence": 2,
                "pricelist_id": cls.pricelist_silver.id,
                "categ_ids": [Command.set(cls.categ_brakes.ids)],
                "exclude_product_tmpl_ids": [Command.set(cls.disc.product_tmpl_id.ids)],
            }
        )

        Partner = env["res.partner"]
        cls.dealer_gold = Partner.create(
            {
                "name": "Gold Motors",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier_gold.id,
            }
        )
        cls.dealer_gold_2 = Partner.create(
            {
                "name": "Gold Garage",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier_gold.id,
            }
        )
        cls.dealer_silver = Partner.create(
            {
                "name": "Silver Spares",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier_silver.id,
            }
        )
        cls.customer = Partner.create({"name": "Walk-in customer", "is_company": True})
        cls.contact_gold = Partner.create({"name": "Gina Gold", "parent_id": cls.dealer_gold.id, "type": "contact"})

        cls.user_gold = new_test_user(env, login="dc_gold_portal", groups="base.group_portal", name="Gold portal")
        cls.user_gold.partner_id.write({"parent_id": cls.dealer_gold.id})
        cls.user_silver = new_test_user(env, login="dc_silver_portal", groups="base.group_portal", name="Silver portal")
        cls.user_silver.partner_id.write({"parent_id": cls.dealer_silver.id})
        # Where the portal addon splits dealer users into roles, these order.
        order_desk = env.ref("dealer_portal.dealer_portal_group_order_desk", raise_if_not_found=False)
        if order_desk:
            (cls.user_gold | cls.user_silver).write({"groups_id": [Command.link(order_desk.id)]})
        cls.user_salesman = new_test_user(
            env,
            login="dc_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Sam Salesman",
        )
        cls.user_manager = new_test_user(
            env, login="dc_sales_manager", groups="sales_team.group_sale_manager", name="Mia Manager"
        )

        Rule = env["dealer.quantity.rule"]
        cls.rule_pad_gold = Rule.create(
            {
                "tier_id": cls.tier_gold.id,
                "product_tmpl_id": cls.pad.product_tmpl_id.id,
                "min_qty": 10,
                "max_qty": 500,
                "multiple_qty": 2,
            }
        )
        cls.rule_filters_gold = Rule.create(
            {
                "tier_id": cls.tier_gold.id,
                "categ_id": cls.categ_filters.id,
                "min_qty": 0,
                "multiple_qty": 6,
            }
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _create_dealer_company(cls):
        """A company of the fixture's own, made the current one of the
        environment's user (same currency and country as the database's:
        amounts read alike). Not through ``allowed_company_ids`` in the
        context: records searched ``with_user`` of another company's user
        must meet that user's companies, not the fixture's."""
        main = cls.env.company
        company = cls.env["res.company"].create(
            {
                "name": f"DC Test Manufacturer ({cls.__name__})",
                "currency_id": main.currency_id.id,
                "country_id": main.country_id.id,
            }
        )
        cls.env.user.company_ids |= company
        cls.env.user.company_id = company
        # The administrator (tours, actions "by the manufacturer") works in every company.
        cls.env.ref("base.user_admin").company_ids |= company
        if cls.chart_template:
            cls.env["account.chart.template"].try_loading(cls.chart_template, company=company, install_demo=False)
        return company

    @classmethod
    def _create_order(cls, partner, lines, **vals):
        """``lines``: [(product, qty)] or [(product, qty, uom)]."""
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": line[0].id,
                            "product_uom_qty": line[1],
                            **({"product_uom": line[2].id} if len(line) > 2 else {}),
                        }
                    )
                    for line in lines
                ],
                **vals,
            }
        )

    @classmethod
    def _create_agreement(cls, partner, items, date_start=None, date_end=None, **vals):
        """``items``: [(product, fixed_price)] or item value dicts."""
        return cls.env["dealer.price.agreement"].create(
            {
                "name": vals.pop("name", f"Agreement {partner.name}"),
                "partner_id": partner.id,
                "date_start": date_start or date(2000, 1, 1),
                "date_end": date_end,
                "item_ids": [Command.create(cls._item_vals(item)) for item in items],
                **vals,
            }
        )

    @classmethod
    def _create_scheme(cls, tiers, items, date_start, date_end, **vals):
        return cls.env["dealer.scheme"].create(
            {
                "name": vals.pop("name", "Scheme"),
                "tier_ids": [Command.set(tiers.ids)],
                "date_start": date_start,
                "date_end": date_end,
                "item_ids": [Command.create(cls._item_vals(item)) for item in items],
                **vals,
            }
        )

    @staticmethod
    def _item_vals(item):
        if isinstance(item, dict):
            return item
        product, price = item
        return {
            "applied_on": "1_product",
            "product_tmpl_id": product.product_tmpl_id.id,
            "compute_price": "fixed",
            "fixed_price": price,
        }

    @staticmethod
    def _dt(day, hour=12):
        return datetime.combine(day, datetime.min.time()).replace(hour=hour)

    def _dealer_price(self, partner, product, qty=1.0, when=None, pricelist=None):
        """The dealer's unit price as the pricing engine gives it."""
        pricelist = pricelist or partner.commercial_partner_id.dealer_tier_id.pricelist_id
        return pricelist.with_context(dealer_partner_id=partner.id)._get_product_price(
            product, qty, date=when or datetime.now()
        )

    def _division_only_product(self, partner, division, tier, code, name):
        """A product in a category of its own that only ``division`` sells,
        through ``tier``, which becomes ``partner``'s terms there."""
        categ = self.env["product.category"].create({"name": f"{name} category"})
        product = self.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "categ_id": categ.id,
                "list_price": 30.0,
                "type": "consu",
                "sale_ok": True,
                "is_published": True,
                "company_id": division.company_id.id,
            }
        )
        tier.categ_ids = [Command.set(categ.ids)]
        division.categ_ids = [Command.set(categ.ids)]
        partner.dealer_terms_ids = [Command.create({"division_id": division.id, "tier_id": tier.id})]
        return product

    @staticmethod
    def _pricing_issues(issues):
        return [i for i in issues if i["code"] in PRICING_ISSUE_CODES]

    @classmethod
    def _codes(cls, issues):
        return sorted(i["code"] for i in cls._pricing_issues(issues))
