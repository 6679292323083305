from odoo.tests import HttpCase, new_test_user, tagged

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestBackendUi(HttpCase, DealerCommon):
    def test_tier_menu_and_form(self):
        self.start_tour(
            "/odoo/action-dealer_pricing.dealer_tier_action", "dealer_pricing_tier_tour", login="dc_sales_manager"
        )

    def test_partner_form_dealer_fields(self):
        self.start_tour(f"/odoo/res.partner/{self.dealer_gold.id}", "dealer_pricing_partner_tour", login="dc_salesman")

    def test_menu_visible_to_salespeople_only(self):
        menu = self.env.ref("dealer_pricing.dealer_tier_menu")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_salesman)._visible_menu_ids())
        employee = new_test_user(self.env, login="dc_employee", groups="base.group_user")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(employee)._visible_menu_ids())
