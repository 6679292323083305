from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestPricingSecurity(DealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.agreement_gold = cls._create_agreement(cls.dealer_gold, [(cls.pad, 33.0)])
        cls.agreement_gold_2 = cls._create_agreement(cls.dealer_gold_2, [(cls.pad, 31.0)])
        cls.agreement_silver = cls._create_agreement(cls.dealer_silver, [(cls.pad, 41.0)])
        cls.scheme_gold = cls._create_scheme(cls.tier_gold, [(cls.disc, 90.0)], today, today + timedelta(days=9))
        cls.scheme_silver = cls._create_scheme(cls.tier_silver, [(cls.pad, 39.0)], today, today + timedelta(days=9))
        cls.rule_silver = cls.env["dealer.quantity.rule"].create({"tier_id": cls.tier_silver.id, "min_qty": 2})

    def test_portal_reads_only_its_own_tier_agreements_and_schemes(self):
        env = self.env(user=self.user_gold)
        self.assertEqual(env["dealer.tier"].search([("code", "like", "DC")]), self.tier_gold)
        self.assertEqual(env["dealer.price.agreement"].search([]), self.agreement_gold)
        self.assertEqual(env["dealer.scheme"].search([]), self.scheme_gold)
        self.assertEqual(
            env["dealer.quantity.rule"].search([("tier_id", "in", (self.tier_gold | self.tier_silver).ids)]),
            self.rule_pad_gold | self.rule_filters_gold,
        )
        forbidden = [
            (env["dealer.tier"], self.tier_silver, ["name", "pricelist_id"]),
            (env["dealer.price.agreement"], self.agreement_gold_2, ["name"]),
            (env["dealer.price.agreement"], self.agreement_silver, ["name"]),
            (env["dealer.scheme"], self.scheme_silver, ["name"]),
            (env["dealer.quantity.rule"], self.rule_silver, ["min_qty"]),
        ]
        for model, record, fields in forbidden:
            with self.subTest(model=model._name, record=record.display_name), self.assertRaises(AccessError):
                model.browse(record.id).read(fields)

    def test_portal_never_reads_other_price_rules(self):
        env = self.env(user=self.user_gold)
        Item = env["product.pricelist.item"]
        visible = Item.search([("product_tmpl_id", "=", self.pad.product_tmpl_id.id)])
        self.assertEqual(visible, self.agreement_gold.item_ids)
        self.assertFalse(Item.search([("pricelist_id", "=", self.pricelist_silver.id)]))
        self.assertTrue(Item.search([("pricelist_id", "=", self.pricelist_gold.id)]))
        for item in (self.agreement_gold_2.item_ids, self.scheme_silver.item_ids, self.pricelist_silver.item_ids):
            with self.subTest(item=item.display_name), self.assertRaises(AccessError):
                Item.browse(item.id).read(["fixed_price"])
        Pricelist = env["product.pricelist"]
        self.assertFalse(Pricelist.search([("id", "=", self.pricelist_silver.id)]))
        with self.assertRaises(AccessError):
            Pricelist.browse(self.pricelist_silver.id).read(["name"])
        # Pricing still works for the dealer, with its own rules only.
        self.assertAlmostEqual(self.pricelist_gold.with_user(self.user_gold)._get_product_price(self.pad, 1.0), 33.0)
        self.assertAlmostEqual(
            self.pricelist_silver.with_user(self.user_silver)._get_product_price(self.pad, 1.0), 41.0
        )

    def test_portal_cannot_write(self):
        env = self.env(user=self.user_gold)
        with self.assertRaises(AccessError):
            env["dealer.tier"].browse(self.tier_gold.id).write({"name": "Platinum"})
        with self.assertRaises(AccessError):
            env["dealer.price.agreement"].browse(self.agreement_gold.id).write({"date_end": date(2099, 1, 1)})
        with self.assertRaises(AccessError):
            env["dealer.order.attempt"].create(
                {"order_id": 1, "partner_id": self.dealer_gold.id, "outcome": "confirmed"}
            )

    def test_salespeople_cannot_forge_the_attempt_log(self):
        """The attempts are the audit trail and KPI log of submissions
        (overrides name the manager and the reason): only the pipeline
        writes them, elevated. A salesperson forging an override by a
        manager over RPC is refused."""
        order = self._create_order(self.dealer_gold, [(self.pad, 4)], user_id=self.user_salesman.id)
        with self.assertRaises(AccessError):
            self.env["dealer.order.attempt"].with_user(self.user_salesman).create(
                {
                    "order_id": order.id,
                    "partner_id": self.dealer_gold.id,
                    "user_id": self.user_manager.id,
                    "outcome": "overridden",
                    "reason": "Agreed by phone",
                }
            )
        # Submitting still logs the salesperson's own attempt.
        order.with_user(self.user_salesman).action_dealer_submit_backoffice()
        self.assertEqual(order.dealer_attempt_ids.mapped("outcome"), ["blocked"])
        self.assertEqual(order.dealer_attempt_ids.user_id, self.user_salesman)

    def test_submission_lock_is_the_pipelines_own(self):
        """Each submission locks and stamps the dealer's row of
        ``dealer.submission.lock``; no dealer, salesperson or sales manager
        reads or writes those rows."""
        order = self._create_order(self.dealer_gold, [(self.pad, 4)], user_id=self.user_salesman.id)
        order.with_user(self.user_salesman).action_dealer_submit_backoffice()
        lock = self.env["dealer.submission.lock"].search([("partner_id", "=", self.dealer_gold.id)])
        self.assertEqual(len(lock), 1)
        self.assertTrue(lock.locked_at)
        for user in (self.user_gold, self.user_salesman, self.user_manager):
            Lock = self.env["dealer.submission.lock"].with_user(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Lock.search([])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Lock.browse(lock.id).write({"locked_at": False})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Lock.create({"partner_id": self.dealer_silver.id})

    def test_salespeople_read_managers_configure(self):
        sales = self.env(user=self.user_salesman)
        self.assertEqual(sales["dealer.tier"].search([("code", "like", "DC")]), self.tier_gold | self.tier_silver)
        self.assertTrue(sales["dealer.price.agreement"].search([("id", "=", self.agreement_silver.id)]))
        with self.assertRaises(AccessError):
            sales["dealer.tier"].browse(self.tier_gold.id).write({"name": "Platinum"})
        with self.assertRaises(AccessError):
            sales["dealer.scheme"].create(
                {
                    "name": "Rogue",
                    "tier_ids": [(6, 0, self.tier_gold.ids)],
                    "date_start": date.today(),
                    "date_end": date.today(),
                }
            )
        with self.assertRaises(AccessError):
            sales["res.partner"].browse(self.dealer_silver.id).write({"dealer_tier_id": self.tier_gold.id})
        with self.assertRaises(AccessError):
            sales["res.partner"].create(
                {"name": "New dealer", "is_company": True, "is_dealer": True, "dealer_tier_id": self.tier_gold.id}
            )
        # Salespeople still add contacts to dealers; the tier follows.
        contact = sales["res.partner"].create({"name": "Desk", "parent_id": self.dealer_silver.id})
        self.assertEqual(contact.dealer_tier_id, self.tier_silver)

        manager = self.env(user=self.user_manager)
        manager["res.partner"].browse(self.dealer_silver.id).write({"dealer_tier_id": self.tier_gold.id})
        self.assertEqual(contact.dealer_tier_id, self.tier_gold)
        manager["dealer.tier"].browse(self.tier_gold.id).write({"name": "Platinum"})
        scheme = manager["dealer.scheme"].create(
            {
                "name": "Spring",
                "tier_ids": [(6, 0, self.tier_gold.ids)],
                "date_start": date.today(),
                "date_end": date.today(),
                "item_ids": [(0, 0, self._item_vals((self.filter, 9.0)))],
            }
        )
        self.assertTrue(scheme.item_ids.pricelist_id.dealer_is_special)

    def test_rules_attached_by_form_default_pricelist_are_moved_to_the_technical_list(self):
        """The agreement form sends the default price list with each new rule:
        the rule must never land on a real price list."""
        agreement = self._create_agreement(
            self.dealer_gold,
            [
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.filter.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": 1.0,
                    "pricelist_id": self.pricelist_public.id,
                }
            ],
        )
        self.assertTrue(agreement.item_ids.pricelist_id.dealer_is_special)
        self.assertFalse(self.pricelist_public.item_ids)
        self.assertAlmostEqual(self.pricelist_public._get_product_price(self.filter, 1.0), 15.0)

    def test_salesperson_cannot_configure_a_dealer_through_contacts(self):
        """F9: the rights check runs on the partners as saved, so a new
        company under a dealer, or a contact turned company, is checked."""
        sales = self.env(user=self.user_salesman)
        contact = sales["res.partner"].create({"name": "Desk", "parent_id": self.dealer_silver.id})
        attempts = {
            "company under a dealer": lambda: sales["res.partner"].create(
                {
                    "name": "Rogue Gold",
                    "parent_id": self.dealer_silver.id,
                    "is_company": True,
                    "dealer_tier_id": self.tier_gold.id,
                }
            ),
            "contact turned company with a tier": lambda: contact.write(
                {"is_company": True, "dealer_tier_id": self.tier_gold.id}
            ),
            "contact turned company": lambda: contact.write({"is_company": True}),
            "contact detached": lambda: contact.write({"parent_id": False}),
            "tier removed": lambda: sales["res.partner"].browse(self.dealer_silver.id).write({"dealer_tier_id": False}),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaises(AccessError), self.cr.savepoint():
                attempt()
            self.env.invalidate_all()
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Rogue Gold")]))
        self.assertEqual(contact.commercial_partner_id, self.dealer_silver)
        # Plain contact and company work is untouched.
        contact.write({"phone": "+32 9 000 00 00", "parent_id": self.dealer_gold.id})
        self.assertEqual(contact.dealer_tier_id, self.tier_gold)
        company = sales["res.partner"].create({"name": "Walk-in Ltd", "is_company": True})
        sales["res.partner"].create({"name": "Walk-in buyer", "parent_id": company.id, "is_company": False})
        # A manager may do all of it.
        manager = self.env(user=self.user_manager)
        manager["res.partner"].browse(contact.id).write({"is_company": True, "dealer_tier_id": self.tier_silver.id})
        self.assertEqual(contact.commercial_partner_id, contact)

    def test_attempts_stay_in_their_company(self):
        """F13: a salesperson of another company reads no attempt (amounts,
        credit figures) of this one."""
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        attempt = self.env["dealer.order.attempt"].create(
            {"order_id": order.id, "partner_id": self.dealer_gold.id, "outcome": "blocked", "amount_total": 500.0}
        )
        other_company = self.env["res.company"].create({"name": "DC Other Maker"})
        seller = new_test_user(
            self.env,
            login="dc_other_company_seller",
            groups="sales_team.group_sale_salesman",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        Attempt = self.env["dealer.order.attempt"].with_user(seller).with_context(allowed_company_ids=other_company.ids)
        self.assertFalse(Attempt.search([("id", "=", attempt.id)]))
        with self.assertRaises(AccessError):
            Attempt.browse(attempt.id).read(["amount_total"])
        own_seller = self.env["dealer.order.attempt"].with_user(self.user_salesman)
        self.assertEqual(own_seller.search([("id", "=", attempt.id)]), attempt)
