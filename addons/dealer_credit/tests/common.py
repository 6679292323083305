from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.dealer_pricing.tests.common import DealerCommon, publish


class DealerCreditCommon(DealerCommon):
    """The credit layer, on top of ``DealerCommon``: its company (with a
    chart of accounts: these tests invoice), currency and list-price price
    list; a tier of its own with the credit policies set, dealers with
    credit limits, a product, back-office users and a portal buyer. No
    demo record is used, and the database's approval rules (other
    companies) never route these orders."""

    chart_template = "generic_coa"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The approvals' chatter and notifications are part of what is tested.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls._build_credit_fixture()

    @classmethod
    def _build_credit_fixture(cls):
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.company.write({"dealer_credit_hold_days": 0, "dealer_credit_contact": "Credit desk, credit@test.example"})
        # List prices: the base layer's public price list.
        cls.pricelist = cls.pricelist_public
        cls.categ = cls.env["product.category"].create({"name": "Credit Test Category"})
        cls.tier = cls.env["dealer.tier"].create(
            {
                "name": "Credit Test Tier",
                "code": "CRTEST",
                "pricelist_id": cls.pricelist.id,
                "categ_ids": [Command.set(cls.categ.ids)],
                "dealer_credit_policy": "block",
                "dealer_credit_hold_policy": "block",
            }
        )
        cls.other_tier = cls.env["dealer.tier"].create(
            {
                "name": "Credit Test Other Tier",
                "code": "CROTHER",
                "pricelist_id": cls.pricelist.id,
                "categ_ids": [Command.set(cls.categ.ids)],
            }
        )
        cls.product = publish(
            cls.env["product.product"].create(
                {
                    "name": "Credit Test Widget",
                    "default_code": "CRW",
                    "categ_id": cls.categ.id,
                    "type": "service",
                    "list_price": 100.0,
                    "taxes_id": [Command.clear()],
                    "sale_ok": True,
                    "invoice_policy": "order",
                }
            )
        )
        cls.dealer = cls._make_dealer("Credit Test Dealer", limit=10000.0)
        cls.dealer_contact = cls.env["res.partner"].create(
            {
                "name": "Dana Buyer",
                "parent_id": cls.dealer.id,
                "email": "dana@dealer.example",
                "type": "contact",
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="cr_salesman",
            groups="sales_team.group_sale_salesman",
            name="Sam Salesman",
            email="sam@test.example",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="cr_manager",
            groups="sales_team.group_sale_manager",
            name="Mia Manager",
            email="mia@test.example",
        )
        cls.other_manager = new_test_user(
            cls.env,
            login="cr_manager2",
            groups="sales_team.group_sale_manager",
            name="Otto Manager",
            email="otto@test.example",
        )
        cls.finance = new_test_user(
            cls.env,
            login="cr_finance",
            groups="account.group_account_manager",
            name="Fay Finance",
            email="fay@test.example",
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="cr_portal",
            groups="base.group_portal",
            name="Dana Buyer (portal)",
            partner_id=cls.dealer_contact.id,
        )

    @classmethod
    def _make_dealer(cls, name, limit=0.0, tier=None):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": (tier or cls.tier).id,
                "credit_limit": limit,
                "email": f"{name.lower().replace(' ', '.')}@dealer.example",
            }
        )

    @classmethod
    def _rule(cls, condition, level=1, users=None, group=None, amount=0.0, tiers=None, name=None):
        return cls.env["dealer.approval.rule"].create(
            {
                "name": name or f"Test rule {condition}",
                "condition": condition,
                "level": level,
                "amount": amount,
                "user_ids": [Command.set(users.ids)] if users else [],
                "group_id": group.id if group else False,
                "tier_ids": [Command.set(tiers.ids)] if tiers else [],
                "company_id": cls.company.id,
            }
        )

    def _order(self, qty, partner=None, price=None, **vals):
        line = {"product_id": self.product.id, "product_uom_qty": qty}
        if price is not None:
            line["price_unit"] = price
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.dealer_contact).id,
                "order_line": [Command.create(line)],
                **vals,
            }
        )

    def _confirm(self, order):
        """Confirm a dealer order the one way there is: submitted, and
        approved by a sales manager when it needs approval."""
        result = order.action_dealer_submit(channel="backoffice")
        self.assertNotEqual(result["outcome"], "blocked", result["issues"])
        if order.dealer_approval_state == "pending":
            order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.state, "sale")
        return order

    def _invoice(self, amount, partner=None, due_days=0, move_type="out_invoice", post=True):
        """A posted customer invoice (or credit note) due ``due_days`` from today
        (negative: already overdue)."""
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or self.dealer).id,
                "invoice_date": self.today + timedelta(days=min(due_days, 0)),
                "invoice_date_due": self.today + timedelta(days=due_days),
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create({"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": [Command.clear()]})
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _payment(self, amount, partner=None):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": (partner or self.dealer).id,
                "amount": amount,
            }
        )
        payment.action_post()
        return payment

    def _issue(self, issues, code):
        found = [i for i in issues if i["code"] == code]
        return found[0] if found else None


class DealerCreditHttpCommon(HttpCase, DealerCreditCommon):
    """The credit layer for tests that drive the web client or call routes."""
