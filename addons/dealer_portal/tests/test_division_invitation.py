from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_pricing.tests.common_brand import create_brand_division


@tagged("post_install", "-at_install")
class TestDivisionInvitation(TransactionCase):
    """A contact of a dealer of one division is invited to the portal in the
    division's name; other contacts get Odoo's own invitation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.division = create_brand_division(cls.env, cls.env.company)
        pricelist = cls.env["product.pricelist"].create({"name": "Northline dealers"})
        tier = cls.env["dealer.tier"].create(
            {"name": "Northline", "code": "NLT", "division_id": cls.division.id, "pricelist_id": pricelist.id}
        )
        cls.dealer = cls.env["res.partner"].create(
            {"name": "One-brand Garage", "is_company": True, "is_dealer": True, "dealer_tier_id": tier.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ola Invite", "parent_id": cls.dealer.id, "email": "ola@one-brand.example.com"}
        )
        cls.outsider = cls.env["res.partner"].create({"name": "Walk-in", "email": "walk-in@example.com"})

    def _wizard_user(self, partner):
        return self.env["portal.wizard"].create({"partner_ids": [Command.set(partner.ids)]}).user_ids

    def test_invitation_of_a_division_dealer_is_in_its_name(self):
        wizard_user = self._wizard_user(self.contact)
        wizard_user.action_grant_access()
        self.assertTrue(wizard_user.user_id._is_portal())
        template = wizard_user._dealer_invitation_template()
        self.assertEqual(template, self.env.ref("dealer_portal.mail_template_division_invitation"))
        values = template._generate_template(wizard_user.ids, ["subject", "body_html", "email_from"])[wizard_user.id]
        self.assertEqual(values["email_from"], self.division.email_from)
        self.assertEqual(values["subject"], "Your Northline Filters dealer account")
        body = values["body_html"]
        self.assertIn(f"/dealer/brand/{self.division.id}/logo", body)
        self.assertIn("#0a7d5a", body)
        self.assertIn("a brand of the test manufacturer", body)
        self.assertIn(wizard_user.user_id.login, body)
        self.assertIn("/web/signup", body)
        self.assertNotIn("Powered by", body)

    def test_other_invitations_stay_odoos(self):
        wizard_user = self._wizard_user(self.outsider)
        self.assertIsNone(wizard_user._dealer_invitation_template())
        wizard_user.action_grant_access()
        self.assertTrue(wizard_user.user_id._is_portal())
