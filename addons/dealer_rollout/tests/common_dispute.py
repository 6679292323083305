"""Price-dispute fixture on top of the portal's self-service data: dealer
A's invoice of 5 drills at 150.00 (``a_invoice``), dealer B's own invoice,
and the users who resolve disputes."""

from odoo.tests import new_test_user

from odoo.addons.dealer_portal.tests.common_selfservice import (
    DealerPortalSelfServiceCommon,
    DealerPortalSelfServiceHttpCommon,
)


class DisputeFixture:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Dispute = cls.env["dealer.price.dispute"]
        # The disputes of this fixture's dealers (a database with demo data
        # has disputes of its own).
        cls.fixture_disputes = [("partner_id", "in", (cls.dealer_a | cls.dealer_b).ids)]
        cls.a_line = cls.a_invoice.invoice_line_ids.filtered(lambda line: line.product_id == cls.p_drill)
        cls.b_line = cls.b_invoice.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        assert cls.a_line.price_unit == 150.0 and cls.a_line.quantity == 5, "fixture: 5 drills at 150.00"
        cls.billing_user = new_test_user(
            cls.env, login="dsp_billing", groups="account.group_account_invoice", name="Bill Billing"
        )

    def _raise(self, user, line, expected="140", reason="Our agreement says 140.00", attachment=None):
        return self.Dispute.with_user(user)._dealer_raise(
            line.with_user(user), {"expected_price": expected, "reason": reason, "attachment": attachment}
        )


class DisputeCommon(DisputeFixture, DealerPortalSelfServiceCommon):
    pass


class DisputeHttpCommon(DisputeFixture, DealerPortalSelfServiceHttpCommon):
    pass
