from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestAvailability(DealerDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 120)
        cls._set_stock(cls.product_b, cls.wh_1step, 4)

    def _availability(self, products=None, partner=None):
        products = products or (self.product_a | self.product_b | self.product_c)
        return products._dealer_get_availability(partner or self.dealer_contact)

    def test_indicators_and_labels(self):
        result = self._availability()
        a, b, c = result[self.product_a.id], result[self.product_b.id], result[self.product_c.id]
        self.assertEqual((a["qty"], a["indicator"], a["label"]), (120, "in_stock", "In stock (120)"))
        self.assertEqual((b["qty"], b["indicator"], b["label"]), (4, "low", "Low stock (4)"))
        self.assertEqual((c["qty"], c["indicator"], c["label"]), (0, "out", "Out of stock"))
        self.assertFalse(c["incoming_date"])

    def test_threshold_product_then_category_then_company(self):
        self.categ.dealer_low_stock_threshold = 200
        self.assertEqual(
            self._availability()[self.product_a.id]["indicator"],
            "low",
            "the category threshold (200) overrides the company's (5)",
        )
        self.product_a.dealer_low_stock_threshold = 50
        self.assertEqual(
            self._availability()[self.product_a.id]["indicator"],
            "in_stock",
            "the product threshold (50) overrides the category's",
        )
        parent = self.env["product.category"].create({"name": "DD Parent", "dealer_low_stock_threshold": 3})
        self.categ.write({"parent_id": parent.id, "dealer_low_stock_threshold": 0})
        self.assertEqual(
            self._availability()[self.product_b.id]["indicator"],
            "in_stock",
            "4 is above the parent category's threshold of 3",
        )

    def test_reserved_stock_is_not_free(self):
        other = self._make_order([(self.product_a, 30)])
        self._confirm(other)
        self.assertEqual(self._availability()[self.product_a.id]["qty"], 90)

    def test_back_on_date_from_earliest_incoming_receipt(self):
        self._receipt(self.product_c, self.wh_1step, 10, days=20)
        early = self._receipt(self.product_c, self.wh_1step, 5, days=6)
        info = self._availability()[self.product_c.id]
        expected = fields.Date.context_today(self.product_c, early.move_ids.date)
        self.assertEqual(info["indicator"], "incoming")
        self.assertEqual(info["incoming_date"], expected)
        self.assertEqual(info["label"], "Back on " + self.product_c._dealer_format_date(expected))

    def test_receipt_into_another_warehouse_does_not_count(self):
        self._receipt(self.product_c, self.wh_2step, 10, days=3)
        self.assertEqual(self._availability()[self.product_c.id]["indicator"], "out")

    def test_back_on_date_from_manufacturing_move(self):
        production = self.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "=", self.company.id)], limit=1
        )
        date = fields.Datetime.now() + timedelta(days=9)
        move = self.env["stock.move"].create(
            {
                "name": "Finished CV-10",
                "product_id": self.product_c.id,
                "product_uom_qty": 8,
                "product_uom": self.product_c.uom_id.id,
                "location_id": production.id,
                "location_dest_id": self.wh_1step.lot_stock_id.id,
                "date": date,
            }
        )
        move._action_confirm()
        info = self._availability()[self.product_c.id]
        self.assertEqual(info["indicator"], "incoming")
        self.assertEqual(info["incoming_date"], fields.Date.context_today(self.product_c, date))

    def test_warehouse_of_dealer_else_company_default(self):
        self._set_stock(self.product_c, self.wh_2step, 7)
        self.assertEqual(self._availability()[self.product_c.id]["qty"], 0)
        self.dealer.dealer_warehouse_id = self.wh_2step
        self.assertEqual(self._availability()[self.product_c.id]["qty"], 7)
        self.dealer.dealer_warehouse_id = False
        default = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        self._set_stock(self.product_c, default, 11)
        self.assertEqual(self._availability()[self.product_c.id]["qty"], 11)

    def test_products_without_stock_tracking_are_available(self):
        info = self._availability(self.service)[self.service.id]
        self.assertEqual((info["indicator"], info["tracked"]), ("in_stock", False))

    def test_portal_user_gets_availability(self):
        products = (self.product_a | self.product_b).with_user(self.dealer_user)
        result = products._dealer_get_availability(self.dealer_user.partner_id)
        self.assertEqual(result[self.product_a.id]["qty"], 120)

    def test_scheduled_mode_gives_the_same_answer(self):
        self._receipt(self.product_c, self.wh_1step, 10, days=4)
        products = self.product_a | self.product_b | self.product_c | self.service
        realtime = products._dealer_get_availability(self.dealer)
        self.company.dealer_stock_mode = "scheduled"
        self.env["dealer.stock.snapshot"]._refresh_company(self.company)
        scheduled = products._dealer_get_availability(self.dealer)
        self.assertTrue(scheduled[self.product_a.id]["snapshot_at"])
        strip = {pid: {k: v for k, v in info.items() if k != "snapshot_at"} for pid, info in realtime.items()}
        self.assertEqual(
            strip, {pid: {k: v for k, v in info.items() if k != "snapshot_at"} for pid, info in scheduled.items()}
        )
        # The snapshot, not the live stock, answers until the next refresh.
        self._set_stock(self.product_a, self.wh_1step, 5)
        self.assertEqual(products._dealer_get_availability(self.dealer)[self.product_a.id]["qty"], 120)
        self.env["dealer.stock.snapshot"]._refresh_company(self.company)
        self.assertEqual(products._dealer_get_availability(self.dealer)[self.product_a.id]["qty"], 125)
        self.assertLess(self.company._dealer_stock_snapshot_age(), 1)

    def test_snapshot_cron_refreshes_only_due_companies(self):
        self.company.write({"dealer_stock_mode": "scheduled", "dealer_stock_snapshot_interval": 60})
        self.env["dealer.stock.snapshot"]._cron_refresh()
        taken = self.company.dealer_stock_snapshot_at
        self.assertTrue(taken)
        self._set_stock(self.product_a, self.wh_1step, 1)
        self.env["dealer.stock.snapshot"]._cron_refresh()
        self.assertEqual(self.company.dealer_stock_snapshot_at, taken, "not due yet: 60 minute interval")
        self.company.dealer_stock_snapshot_at = fields.Datetime.now() - timedelta(minutes=61)
        self.env["dealer.stock.snapshot"]._cron_refresh()
        self.assertEqual(self.product_a._dealer_get_availability(self.dealer)[self.product_a.id]["qty"], 121)

    def test_settings_adjust_the_snapshot_cron(self):
        settings = self.env["res.config.settings"].create(
            {
                "dealer_stock_mode": "scheduled",
                "dealer_stock_snapshot_interval": 7,
            }
        )
        settings.execute()
        cron = self.env.ref("dealer_delivery.ir_cron_dealer_stock_snapshot")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (7, "minutes"))

    def test_query_count_does_not_grow_with_products(self):
        Product = self.env["product.product"]
        many = Product.create(
            [{"name": f"DD Bulk {i}", "is_storable": True, "categ_id": self.categ.id} for i in range(40)]
        )
        for product in many[:20]:
            self._set_stock(product, self.wh_1step, 3)

        def count(products):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            products._dealer_get_availability(self.dealer)
            return self.env.cr.sql_log_count - before

        few = count(many[:4])
        self.assertEqual(count(many), few)
