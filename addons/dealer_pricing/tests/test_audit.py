import base64
import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.dealer_pricing.models.dealer_pricing_audit_line import INVENTORY_CODES
from odoo.addons.dealer_pricing.tests.common import publish

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestPricingAudit(DealerCommon):
    """Every finding of the pricing audit, on the fixture's own dealers and
    tiers (the database may hold other dealers: lines are filtered)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["dealer.pricing.audit"])
        cls.fixture_dealers = cls.dealer_gold | cls.dealer_gold_2 | cls.dealer_silver
        cls.fixture_tiers = cls.tier_gold | cls.tier_silver

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _run(self, **vals):
        audit = self.env["dealer.pricing.audit"].create({"name": "Test audit", **vals})
        audit.action_run()
        return audit

    def _lines(self, audit, code, partner=None, tier=None, product=None):
        lines = audit.line_ids.filtered(lambda l: l.code == code)
        if partner is not None:
            lines = lines.filtered(lambda l: l.partner_id == partner)
        if tier is not None:
            lines = lines.filtered(lambda l: l.tier_id == tier)
        if product is not None:
            lines = lines.filtered(lambda l: l.product_id == product)
        return lines

    def _fixture_findings(self, audit):
        return audit.line_ids.filtered(
            lambda l: (
                l.code not in ("overview", *INVENTORY_CODES)
                and (l.partner_id in self.fixture_dealers or (not l.partner_id and l.tier_id in self.fixture_tiers))
            )
        )

    # ------------------------------------------------------------------
    # Overview and clean baseline
    # ------------------------------------------------------------------
    def test_clean_fixture_has_no_findings_and_one_overview_per_dealer(self):
        audit = self._run()
        self.assertEqual(audit.state, "done")
        self.assertFalse(self._fixture_findings(audit), "The fixture's pricing is sound: no finding expected.")
        for dealer in self.fixture_dealers:
            overview = self._lines(audit, "overview", partner=dealer)
            self.assertEqual(len(overview), 1)
            self.assertEqual(overview.tier_id, dealer.dealer_tier_id)
            self.assertEqual(overview.pricelist_id, dealer.dealer_tier_id.pricelist_id)
            self.assertEqual(overview.severity, "info")
        self.assertEqual(audit.dealer_count, len(audit.line_ids.filtered(lambda l: l.code == "overview")))

    def test_overview_lists_agreements_and_schemes_in_force_only(self):
        current = self._create_agreement(
            self.dealer_gold, [(self.pad, 30.0)], name="Current", date_start=self.today - timedelta(days=10)
        )
        old = self._create_agreement(
            self.dealer_gold,
            [(self.filter, 10.0)],
            name="Old",
            date_start=self.today - timedelta(days=100),
            date_end=self.today - timedelta(days=50),
        )
        scheme = self._create_scheme(
            self.tier_gold,
            [(self.disc, 90.0)],
            self.today - timedelta(days=1),
            self.today + timedelta(days=60),
            name="Autumn",
        )
        later = self._create_scheme(
            self.tier_gold,
            [(self.disc, 95.0)],
            self.today + timedelta(days=10),
            self.today + timedelta(days=60),
            name="Later",
        )
        audit = self._run()
        overview = self._lines(audit, "overview", partner=self.dealer_gold)
        self.assertEqual(overview.agreement_ids, current)
        self.assertNotIn(old, overview.agreement_ids)
        self.assertEqual(overview.scheme_ids, scheme)
        self.assertNotIn(later, overview.scheme_ids)
        self.assertFalse(self._lines(audit, "overview", partner=self.dealer_silver).scheme_ids)
        self.assertFalse(self._lines(audit, "overview", partner=self.dealer_gold_2).agreement_ids)

    def test_run_again_rebuilds_lines(self):
        audit = self._run()
        first = audit.line_ids
        audit.action_run()
        self.assertFalse(first.exists(), "Running again replaces the previous lines.")
        self.assertEqual(len(audit.line_ids), len(first))

    # ------------------------------------------------------------------
    # Findings
    # ------------------------------------------------------------------
    def test_dealer_without_tier(self):
        newcomer = self.env["res.partner"].create({"name": "Tierless Garage", "is_company": True, "is_dealer": True})
        audit = self._run()
        finding = self._lines(audit, "no_tier", partner=newcomer)
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.severity, "error")
        self.assertIn("Tierless Garage", finding.message)
        self.assertFalse(self._lines(audit, "no_tier", partner=self.dealer_gold))
        # A contact of a tierless dealer is not a second dealer.
        self.env["res.partner"].create({"name": "Contact", "parent_id": newcomer.id})
        self.assertEqual(len(self._lines(self._run(), "no_tier").filtered(lambda l: "Tierless" in l.message)), 1)

    def test_tier_without_pricelist(self):
        self.tier_silver.pricelist_id = False
        audit = self._run()
        finding = self._lines(audit, "tier_no_pricelist", tier=self.tier_silver)
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.severity, "error")
        self.assertIn("1 dealer", finding.message)
        self.assertFalse(self._lines(audit, "tier_no_pricelist", tier=self.tier_gold))
        self.assertFalse(self._lines(audit, "overview", partner=self.dealer_silver).pricelist_id)

    def test_zero_price_for_tier(self):
        self.pricelist_gold.item_ids = [
            Command.create(
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.filter.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": 0.0,
                }
            )
        ]
        audit = self._run()
        finding = self._lines(audit, "zero_price", tier=self.tier_gold, product=self.filter)
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.severity, "error")
        self.assertFalse(finding.partner_id, "A tier price problem is reported once for the tier.")
        self.assertEqual(finding.dealer_price, 0.0)
        self.assertEqual(finding.list_price, 15.0)
        self.assertFalse(self._lines(audit, "zero_price", tier=self.tier_gold, product=self.pad))
        self.assertFalse(self._lines(audit, "zero_price", tier=self.tier_silver))

    def test_no_price_for_tier(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Bronze prices",
                "currency_id": self.currency.id,
                "company_id": self.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": self.pad.product_tmpl_id.id,
                            "compute_price": "fixed",
                            "fixed_price": 40.0,
                        }
                    )
                ],
            }
        )
        bronze = self.env["dealer.tier"].create(
            {
                "name": "Bronze",
                "code": "DCBRONZE",
                "pricelist_id": pricelist.id,
                "categ_ids": [Command.set(self.categ_brakes.ids)],
            }
        )
        audit = self._run()
        finding = self._lines(audit, "no_price", tier=bronze)
        self.assertEqual(finding.product_id, self.disc, "The disc has no rule: it would sell at its public price.")
        self.assertEqual(finding.severity, "warning")
        self.assertEqual(finding.dealer_price, 120.0)
        self.assertFalse(self._lines(audit, "no_price", tier=self.tier_gold), "Gold's global rule prices everything.")

    def test_price_break_at_minimum_quantity_counts_as_price(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Bulk prices",
                "currency_id": self.currency.id,
                "company_id": self.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": self.pad.product_tmpl_id.id,
                            "min_quantity": 10,
                            "compute_price": "fixed",
                            "fixed_price": 40.0,
                        }
                    )
                ],
            }
        )
        bulk = self.env["dealer.tier"].create(
            {
                "name": "Bulk",
                "code": "DCBULK",
                "pricelist_id": pricelist.id,
                "include_product_tmpl_ids": [Command.set(self.pad.product_tmpl_id.ids)],
            }
        )
        audit = self._run()
        self.assertTrue(
            self._lines(audit, "no_price", tier=bulk, product=self.pad),
            "Without a minimum, one pad is priced at the public price.",
        )
        self.env["dealer.quantity.rule"].create(
            {
                "tier_id": bulk.id,
                "product_tmpl_id": self.pad.product_tmpl_id.id,
                "min_qty": 10,
            }
        )
        audit = self._run()
        self.assertFalse(
            self._lines(audit, "no_price", tier=bulk, product=self.pad),
            "The tier orders at least 10, and 10 pads have a price.",
        )

    def test_price_above_public_price(self):
        self.pricelist_gold.item_ids = [
            Command.create(
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.filter.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": 18.0,
                }
            )
        ]
        audit = self._run()
        finding = self._lines(audit, "price_above_list", tier=self.tier_gold, product=self.filter)
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.dealer_price, 18.0)
        self.assertEqual(finding.list_price, 15.0)
        self.assertIn("above the public price", finding.message)
        self.assertFalse(self._lines(audit, "price_above_list", tier=self.tier_gold, product=self.pad))

    def test_agreement_price_problem_names_the_dealer(self):
        self._create_agreement(
            self.dealer_gold, [(self.filter, 0.0), (self.pad, 70.0)], date_start=self.today - timedelta(days=5)
        )
        audit = self._run()
        zero = self._lines(audit, "zero_price", product=self.filter)
        self.assertEqual(zero.partner_id, self.dealer_gold, "Only the dealer with the agreement gets it free.")
        self.assertEqual(zero.tier_id, self.tier_gold)
        above = self._lines(audit, "price_above_list", product=self.pad)
        self.assertEqual(above.partner_id, self.dealer_gold)
        self.assertEqual(above.dealer_price, 70.0)
        self.assertFalse(self._lines(audit, "zero_price", partner=self.dealer_gold_2))

    def test_scheme_price_problem_is_found_for_the_tier(self):
        self._create_scheme(
            self.tier_silver, [(self.pad, 0.0)], self.today - timedelta(days=1), self.today + timedelta(days=90)
        )
        audit = self._run()
        finding = self._lines(audit, "zero_price", tier=self.tier_silver, product=self.pad)
        self.assertEqual(len(finding), 1, "Schemes are part of the tier's price.")
        self.assertFalse(self._lines(audit, "zero_price", tier=self.tier_gold, product=self.pad))

    def test_expired_agreement(self):
        expired = self._create_agreement(
            self.dealer_gold,
            [(self.pad, 30.0)],
            name="Expired one",
            date_start=self.today - timedelta(days=60),
            date_end=self.today - timedelta(days=1),
        )
        current = self._create_agreement(
            self.dealer_gold_2,
            [(self.pad, 30.0)],
            name="Current one",
            date_start=self.today - timedelta(days=60),
            date_end=self.today,
        )
        audit = self._run()
        finding = self._lines(audit, "agreement_expired", partner=self.dealer_gold)
        self.assertEqual(finding.agreement_id, expired)
        self.assertEqual(finding.date_end, expired.date_end)
        self.assertFalse(
            self._lines(audit, "agreement_expired").filtered(lambda l: l.agreement_id == current),
            "An agreement ending today is still in force.",
        )
        expired.action_archive()
        self.assertFalse(
            self._lines(self._run(), "agreement_expired", partner=self.dealer_gold),
            "An archived agreement is dealt with.",
        )

    def test_overlapping_agreements(self):
        first = self._create_agreement(
            self.dealer_gold,
            [(self.pad, 30.0)],
            name="First",
            date_start=self.today - timedelta(days=30),
            date_end=self.today + timedelta(days=30),
        )
        second = self._create_agreement(
            self.dealer_gold,
            [(self.pad, 32.0), (self.filter, 9.0)],
            name="Second",
            date_start=self.today + timedelta(days=20),
        )
        audit = self._run()
        finding = self._lines(audit, "agreement_overlap", partner=self.dealer_gold)
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.agreement_ids, first | second)
        self.assertEqual(finding.product_id, self.pad)
        self.assertEqual(finding.severity, "error")

        # Consecutive dates: no overlap.
        second.date_start = first.date_end + timedelta(days=1)
        self.assertFalse(self._lines(self._run(), "agreement_overlap", partner=self.dealer_gold))

    def test_overlapping_agreements_category_covers_product(self):
        self._create_agreement(
            self.dealer_gold,
            [
                {
                    "applied_on": "2_product_category",
                    "categ_id": self.categ_brakes.id,
                    "compute_price": "percentage",
                    "percent_price": 25.0,
                }
            ],
            name="Brakes",
            date_start=self.today - timedelta(days=5),
        )
        self._create_agreement(
            self.dealer_gold, [(self.pad, 30.0)], name="Pads", date_start=self.today - timedelta(days=5)
        )
        self._create_agreement(
            self.dealer_gold_2, [(self.filter, 9.0)], name="Other dealer", date_start=self.today - timedelta(days=5)
        )
        audit = self._run()
        self.assertEqual(
            len(self._lines(audit, "agreement_overlap", partner=self.dealer_gold)),
            1,
            "Pad BP-220 is in the Brakes category both agreements price.",
        )
        self.assertFalse(self._lines(audit, "agreement_overlap", partner=self.dealer_gold_2))

    def test_agreements_on_different_products_do_not_overlap(self):
        self._create_agreement(self.dealer_gold, [(self.pad, 30.0)], date_start=self.today - timedelta(days=5))
        self._create_agreement(self.dealer_gold, [(self.filter, 9.0)], date_start=self.today - timedelta(days=5))
        self.assertFalse(self._lines(self._run(), "agreement_overlap", partner=self.dealer_gold))

    def test_scheme_ending_within_configured_days(self):
        ending = self._create_scheme(
            self.tier_gold | self.tier_silver,
            [(self.pad, 40.0)],
            self.today - timedelta(days=20),
            self.today + timedelta(days=5),
            name="Ending",
        )
        self._create_scheme(
            self.tier_gold,
            [(self.filter, 12.0)],
            self.today - timedelta(days=20),
            self.today + timedelta(days=30),
            name="Running",
        )
        audit = self._run()
        self.assertEqual(audit.expiry_days, 14, "Default warning window.")
        findings = self._lines(audit, "scheme_ending").filtered(lambda l: l.scheme_id == ending)
        self.assertEqual(findings.tier_id, self.tier_gold | self.tier_silver, "Once per tier.")
        self.assertTrue(all(f.severity == "warning" for f in findings))
        self.assertIn("in 5 day(s)", findings[0].message)
        self.assertFalse(self._lines(audit, "scheme_ending").filtered(lambda l: l.scheme_id.name == "Running"))

        short = self._run(expiry_days=3)
        self.assertFalse(self._lines(short, "scheme_ending").filtered(lambda l: l.scheme_id == ending))
        wide = self._run(expiry_days=45)
        self.assertEqual(
            len(self._lines(wide, "scheme_ending").filtered(lambda l: l.scheme_id.name in ("Ending", "Running"))), 3
        )

    def test_negative_warning_window_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["dealer.pricing.audit"].create({"name": "Bad", "expiry_days": -1})

    def test_price_checks_query_count_does_not_grow_with_products(self):
        """The assortment is priced in batches: 40 more products in the tier
        cost no additional query."""
        audit = self.env["dealer.pricing.audit"].create({"name": "Queries"})
        data = audit._audit_prepare_data()
        data["tiers"] = self.tier_gold
        data["dealers"] = self.dealer_gold | self.dealer_gold_2
        self.env.flush_all()
        self.env.invalidate_all()
        # Same cold ormcaches for both measurements: creating products clears some.
        self.env.registry.clear_cache()
        before = self.cr.sql_log_count
        audit._audit_check_prices(data)
        small = self.cr.sql_log_count - before
        publish(
            self.env["product.product"].create(
                [
                    {
                        "name": f"Filter {i}",
                        "default_code": f"OF-X{i}",
                        "categ_id": self.categ_filters.id,
                        "list_price": 10.0 + i,
                        "type": "consu",
                    }
                    for i in range(40)
                ]
            )
        )
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        before = self.cr.sql_log_count
        lines = audit._audit_check_prices(data)
        large = self.cr.sql_log_count - before
        self.assertFalse(lines)
        self.assertLessEqual(large, small, f"{small} queries for the small catalog, {large} for the large one.")

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
    def test_salesperson_reads_but_cannot_run(self):
        audit = self._run()
        as_salesman = audit.with_user(self.user_salesman)
        self.assertTrue(as_salesman.line_ids.mapped("message"))
        with self.assertRaises(AccessError):
            as_salesman.action_run()
        with self.assertRaises(AccessError):
            self.env["dealer.pricing.audit"].with_user(self.user_salesman).create({"name": "Mine"})
        manager_audit = self.env["dealer.pricing.audit"].with_user(self.user_manager).create({"name": "Manager's"})
        manager_audit.action_run()
        self.assertEqual(manager_audit.state, "done")

    def test_audit_skips_the_dealers_of_another_company(self):
        """A dealer without a company of its own, on another company's tier,
        is that company's dealer: a manager who works in this company only
        runs the audit (another company's tier is not even readable), and
        the dealer is not listed."""
        other_company = self.env["res.company"].create({"name": "DC Other Manufacturer"})
        other_tier = self.env["dealer.tier"].create(
            {"name": "Other Gold", "code": "OTHER-GOLD", "company_id": other_company.id}
        )
        other_dealer = self.env["res.partner"].create(
            {
                "name": "DC Other Company's Dealer",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": other_tier.id,
            }
        )
        self.assertNotIn(other_company, self.user_manager.company_ids)
        audit = self.env["dealer.pricing.audit"].with_user(self.user_manager).create({"name": "This company"})
        audit.action_run()
        self.assertEqual(audit.state, "done")
        listed = audit.sudo().line_ids.partner_id
        self.assertIn(self.dealer_gold, listed)
        self.assertNotIn(other_dealer, listed)

    def test_portal_user_cannot_read_audit(self):
        audit = self._run()
        with self.assertRaises(AccessError):
            audit.with_user(self.user_gold).read(["name"])
        with self.assertRaises(AccessError):
            audit.line_ids[:1].with_user(self.user_gold).read(["message"])

    def test_backend_views_open_for_salesperson(self):
        audit = self._run()
        Audit = self.env["dealer.pricing.audit"].with_user(self.user_salesman)
        views = Audit.get_views([(False, "list"), (False, "form"), (False, "search")])
        self.assertNotIn("action_run", views["views"]["form"]["arch"], "Salespeople do not get the Run button.")
        self.assertIn("action_open_export", views["views"]["form"]["arch"])
        manager_views = Audit.with_user(self.user_manager).get_views([(False, "form")])
        self.assertIn("action_run", manager_views["views"]["form"]["arch"])
        Line = self.env["dealer.pricing.audit.line"].with_user(self.user_salesman)
        Line.get_views([(False, "list"), (False, "pivot"), (False, "graph"), (False, "search")])
        action = audit.with_user(self.user_salesman).action_view_findings()
        self.assertEqual(action["res_model"], "dealer.pricing.audit.line")
        findings = [("code", "not in", ["overview", *INVENTORY_CODES])]
        groups = Line.read_group(action["domain"] + findings, ["code"], ["code"])
        self.assertEqual(sum(g["code_count"] for g in groups), audit.finding_count)
        menu = self.env.ref("dealer_pricing.dealer_pricing_audit_menu")
        self.assertEqual(menu.action, self.env.ref("dealer_pricing.dealer_pricing_audit_action"))
        self.assertEqual(menu.parent_id, self.env.ref("sale.menu_sale_report"))

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def _export(self, audit, file_format, user=None):
        Wizard = self.env["dealer.pricing.audit.export"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create({"audit_id": audit.id, "file_format": file_format})
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/{wizard.id}/file_data/", action["url"])
        self.assertTrue(wizard.file_name.endswith(f".{file_format}"))
        return base64.b64decode(wizard.file_data)

    def _setup_findings(self):
        newcomer = self.env["res.partner"].create({"name": "Tierless Garage", "is_company": True, "is_dealer": True})
        self.pricelist_gold.item_ids = [
            Command.create(
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.filter.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": 18.0,
                }
            )
        ]
        self._create_agreement(
            self.dealer_gold, [(self.pad, 30.0)], name="Pad deal", date_start=self.today - timedelta(days=5)
        )
        return newcomer

    def test_export_xlsx(self):
        self._setup_findings()
        audit = self._run()
        content = self._export(audit, "xlsx", user=self.user_salesman)
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual(header[:3], ("Finding", "Severity", "Dealer"))
        records = [dict(zip(header, row)) for row in rows[1:]]
        self.assertEqual(len(records), len(audit.line_ids))
        self.assertEqual(records[0]["Severity"], "Error", "Findings come first, errors first.")
        no_tier = [r for r in records if r["Dealer"] == "Tierless Garage" and r["Finding"] == "Dealer without tier"]
        self.assertEqual(len(no_tier), 1)
        above = [
            r
            for r in records
            if r["Finding"] == "Dealer price above public price"
            and r["Tier"] == "Gold"
            and r["Internal Reference"] == "OF-10"
        ]
        self.assertEqual(len(above), 1)
        self.assertEqual(above[0]["Dealer Price"], 18.0)
        self.assertEqual(above[0]["Public Price"], 15.0)
        overview = [r for r in records if r["Finding"] == "Dealer overview" and r["Dealer"] == "Gold Motors"]
        self.assertEqual(overview[0]["Agreements in Force"], "Pad deal")
        self.assertEqual(overview[0]["Price List"], self.pricelist_gold.display_name)
        summary = {row[0]: row for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}
        self.assertEqual(summary["Dealers"][1], audit.dealer_count)

    def test_export_csv(self):
        self._setup_findings()
        audit = self._run()
        content = self._export(audit, "csv")
        self.assertTrue(content.startswith("\ufeff".encode()))
        records = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        self.assertEqual(len(records), len(audit.line_ids))
        no_tier = [r for r in records if r["Dealer"] == "Tierless Garage" and r["Finding"] == "Dealer without tier"]
        self.assertEqual(no_tier[0]["Severity"], "Error")
        above = [r for r in records if r["Internal Reference"] == "OF-10" and r["Tier"] == "Gold"]
        self.assertEqual(float(above[0]["Dealer Price"]), 18.0)


@tagged("post_install", "-at_install")
class TestPricingAuditDownload(HttpCase):
    """The export reaches the browser through the standard download route,
    for its own user only."""

    def test_salesperson_downloads_the_export(self):
        manager = new_test_user(self.env, login="dc_audit_mgr", groups="sales_team.group_sale_manager")
        new_test_user(self.env, login="dc_audit_sales", groups="sales_team.group_sale_salesman")
        new_test_user(self.env, login="dc_audit_sales2", groups="sales_team.group_sale_salesman")
        salesman = self.env["res.users"].search([("login", "=", "dc_audit_sales")])
        self.env["res.partner"].create({"name": "Download Tierless", "is_company": True, "is_dealer": True})
        audit = self.env["dealer.pricing.audit"].with_user(manager).create({"name": "Download"})
        audit.action_run()
        wizard = self.env["dealer.pricing.audit.export"].with_user(salesman).create({"audit_id": audit.id})
        url = wizard.action_export()["url"]

        self.authenticate("dc_audit_sales", "dc_audit_sales")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
        rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
        self.assertTrue(any(row[2] == "Download Tierless" and row[0] == "Dealer without tier" for row in rows))

        self.authenticate("dc_audit_sales2", "dc_audit_sales2")
        self.assertNotEqual(self.url_open(url).status_code, 200, "Another user cannot fetch someone's export.")
