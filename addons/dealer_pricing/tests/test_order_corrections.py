from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DealerCommon


class DealerCorrectionCommon(DealerCommon):
    """Dealer orders submitted through the pipeline, then changed by Sam
    Salesman (``user_salesman``) in the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_qty = cls.env.ref("dealer_pricing.dealer_order_correction_reason_quantity")
        cls.reason_price = cls.env.ref("dealer_pricing.dealer_order_correction_reason_pricing")
        cls.reason_product = cls.env.ref("dealer_pricing.dealer_order_correction_reason_product")
        cls.reason_address = cls.env.ref("dealer_pricing.dealer_order_correction_reason_address")
        cls.reason_duplicate = cls.env.ref("dealer_pricing.dealer_order_correction_reason_duplicate")
        cls.depot = cls.env["res.partner"].create(
            {
                "name": "Gold Motors depot",
                "parent_id": cls.dealer_gold.id,
                "type": "other",
                "street": "1 Depot Road",
                "city": "Springfield",
            }
        )

    def _submitted_order(self, lines=None, **vals):
        """A Gold order submitted on the portal channel and confirmed by the pipeline."""
        order = self._create_order(
            self.dealer_gold, lines or [(self.pad, 10), (self.filter, 6)], user_id=self.user_salesman.id, **vals
        )
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(order.state, "sale")
        return order

    def _pending_order(self):
        """A Gold order submitted with a price of its own, waiting for approval."""
        order = self._create_order(self.dealer_gold, [(self.pad, 10), (self.filter, 6)], user_id=self.user_salesman.id)
        order.order_line[0].price_unit = 35.0
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(order.state, "sent")
        self.assertTrue(order.dealer_submitted_at)
        return order

    def _as_salesman(self, records):
        return records.with_user(self.user_salesman)

    def _rows(self, order):
        return self.env["dealer.order.correction"].search([("order_id", "=", order.id)], order="id")

    def _row_values(self, order):
        return [(r.kind, r.field_name, r.old_value, r.new_value, r.reason_id) for r in self._rows(order)]


@tagged("post_install", "-at_install")
class TestOrderCorrections(DealerCorrectionCommon):
    # ------------------------------------------------------------------
    # What is logged
    # ------------------------------------------------------------------
    def test_quantity_price_and_discount_of_a_line_are_logged_with_old_and_new(self):
        order = self._submitted_order()
        pad_line = order.order_line.filtered(lambda line: line.product_id == self.pad)
        self._as_salesman(order).write(
            {
                "dealer_correction_reason_id": self.reason_qty.id,
                "order_line": [Command.update(pad_line.id, {"product_uom_qty": 12})],
            }
        )
        self._as_salesman(order).dealer_correction_reason_id = self.reason_price
        self._as_salesman(pad_line).write({"price_unit": 38.0, "discount": 5.0})
        self.assertEqual(
            self._row_values(order),
            [
                ("quantity", "product_uom_qty", "10 units", "12 units", self.reason_qty),
                ("price", "price_unit", "40.00", "38.00", self.reason_price),
                ("discount", "discount", "0 %", "5 %", self.reason_price),
            ],
        )
        rows = self._rows(order)
        self.assertEqual(rows.user_id, self.user_salesman)
        self.assertEqual(rows.partner_id, self.dealer_gold)
        self.assertEqual(rows.company_id, self.company)
        self.assertEqual(rows.line_id, pad_line)
        self.assertEqual(rows.product_id, self.pad)
        self.assertEqual(set(rows.mapped("channel")), {"portal"})
        self.assertTrue(all(r.date for r in rows))
        self.assertFalse(order.dealer_correction_reason_id, "a reason is given for one correction only")
        self.assertEqual(self._as_salesman(order).dealer_correction_count, 3)

    def test_unit_is_logged(self):
        order = self._submitted_order()
        filter_line = order.order_line.filtered(lambda line: line.product_id == self.filter)
        self._as_salesman(order).dealer_correction_reason_id = self.reason_qty
        self._as_salesman(filter_line).write({"product_uom": self.uom_dozen.id, "product_uom_qty": 1})
        kinds = {r.kind: (r.old_value, r.new_value) for r in self._rows(order)}
        self.assertEqual(kinds["unit"], ("units", "dozens"))
        self.assertEqual(kinds["quantity"], ("6 units", "1 dozens"))

    def test_product_change_is_logged(self):
        order = self._pending_order()
        line = order.order_line.filtered(lambda line: line.product_id == self.filter)
        self._as_salesman(line).with_context(dealer_correction_reason_id=self.reason_product.id).write(
            {"product_id": self.disc.id}
        )
        product_rows = self._rows(order).filtered(lambda r: r.kind == "product")
        self.assertEqual(
            (product_rows.old_value, product_rows.new_value, product_rows.reason_id),
            ("Oil filter OF-10", "Brake disc BD-300", self.reason_product),
        )

    def test_line_added_is_logged(self):
        order = self._submitted_order([(self.pad, 10)])
        self._as_salesman(order).write(
            {
                "dealer_correction_reason_id": self.reason_qty.id,
                "order_line": [Command.create({"product_id": self.filter.id, "product_uom_qty": 6})],
            }
        )
        added = order.order_line.filtered(lambda line: line.product_id == self.filter)
        self.assertEqual(
            self._row_values(order), [("line_added", False, "", "6 units Oil filter OF-10 at 12.00", self.reason_qty)]
        )
        self.assertEqual(self._rows(order).line_id, added)

    def test_line_removed_is_logged(self):
        order = self._pending_order()
        line = order.order_line.filtered(lambda line: line.product_id == self.filter)
        self._as_salesman(order).dealer_correction_reason_id = self.reason_duplicate
        self._as_salesman(line).unlink()
        self.assertFalse(line.exists())
        self.assertEqual(
            self._row_values(order),
            [("line_removed", False, "6 units Oil filter OF-10 at 12.00", "", self.reason_duplicate)],
        )
        self.assertEqual(self._rows(order).product_id, self.filter)

    def test_sections_and_notes_are_not_corrections(self):
        order = self._submitted_order()
        self._as_salesman(order).write(
            {"order_line": [Command.create({"display_type": "line_note", "name": "Deliver at the back door"})]}
        )
        self.assertFalse(self._rows(order))

    def test_delivery_address_is_logged(self):
        order = self._submitted_order()
        old_address = order.partner_shipping_id
        self._as_salesman(order).write(
            {"partner_shipping_id": self.depot.id, "dealer_correction_reason_id": self.reason_address.id}
        )
        ((kind, fname, old, new, reason),) = self._row_values(order)
        self.assertEqual((kind, fname, reason), ("address", "partner_shipping_id", self.reason_address))
        self.assertEqual(old, old_address.display_name)
        self.assertIn("Gold Motors depot", new)
        self.assertIn("1 Depot Road", new)
        self.assertNotIn("\n", new)

    def test_cancel_is_logged(self):
        order = self._submitted_order()
        self._as_salesman(order).dealer_correction_reason_id = self.reason_duplicate
        self._as_salesman(order).with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(
            self._row_values(order), [("cancel", "state", "Sales Order", "Cancelled", self.reason_duplicate)]
        )
        # A cancelled order is no longer corrected: it may be re-entered.
        self._as_salesman(order).write({"note": "Dealer ordered twice"})
        self.assertEqual(len(self._rows(order)), 1)

    def test_reenter_a_cancelled_order_is_a_correction_of_it(self):
        order = self._submitted_order()
        self._as_salesman(order).dealer_correction_reason_id = self.reason_qty
        self._as_salesman(order).with_context(disable_cancel_warning=True).action_cancel()
        action = self._as_salesman(order).action_dealer_reenter()
        new = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(new.dealer_replaces_order_id, order)
        self.assertEqual(new.state, "draft")
        self.assertFalse(new.dealer_submitted_at)
        self.assertEqual(
            self._row_values(order)[-1], ("reenter", "dealer_replaces_order_id", order.name, new.name, self.reason_qty)
        )
        self.assertFalse(self._rows(new), "the new order is not submitted: it is not corrected")
        # A plain copy of the cancelled order re-enters it too; this time with a reason of its own.
        copy = self._as_salesman(order).with_context(dealer_correction_reason_id=self.reason_duplicate.id).copy()
        self.assertEqual(copy.dealer_replaces_order_id, order)
        self.assertEqual(self._rows(order)[-1].reason_id, self.reason_duplicate)
        # A copy of a live order re-enters nothing.
        live = self._submitted_order()
        self.assertFalse(self._as_salesman(live).copy().dealer_replaces_order_id)
        self.assertFalse(self._rows(live))

    def test_reenter_needs_a_reason_when_the_cancel_had_none(self):
        order = self._submitted_order()
        order._action_cancel()  # the system's: no correction, no reason
        self.assertFalse(self._rows(order))
        with self.assertRaises(UserError) as refused:
            self._as_salesman(order).action_dealer_reenter()
        self.assertIn("Choose a Correction Reason", str(refused.exception))
        self.assertFalse(self.env["sale.order"].search([("dealer_replaces_order_id", "=", order.id)]))
        self._as_salesman(order).dealer_correction_reason_id = self.reason_duplicate
        self._as_salesman(order).action_dealer_reenter()
        self.assertEqual(self._rows(order).kind, "reenter")

    def test_only_a_cancelled_submitted_order_can_be_reentered(self):
        live = self._submitted_order()
        draft = self._create_order(self.dealer_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        with self.assertRaisesRegex(UserError, "can be entered again"):
            self._as_salesman(live).action_dealer_reenter()
        with self.assertRaisesRegex(UserError, "can be entered again"):
            self._as_salesman(draft).copy({"dealer_replaces_order_id": live.id})

    # ------------------------------------------------------------------
    # The reason
    # ------------------------------------------------------------------
    def test_missing_reason_is_refused_and_nothing_is_written(self):
        order = self._submitted_order()
        pad_line = order.order_line.filtered(lambda line: line.product_id == self.pad)
        with self.assertRaisesRegex(UserError, "Choose a Correction Reason for " + order.name):
            self._as_salesman(pad_line).write({"product_uom_qty": 20})
        with self.assertRaisesRegex(UserError, "Choose a Correction Reason"):
            self._as_salesman(order).write({"order_line": [Command.update(pad_line.id, {"price_unit": 1.0})]})
        with self.assertRaisesRegex(UserError, "Choose a Correction Reason"):
            self._as_salesman(order).write({"partner_shipping_id": self.depot.id})
        with self.assertRaisesRegex(UserError, "Choose a Correction Reason"):
            self._as_salesman(order).write({"order_line": [Command.create({"product_id": self.filter.id})]})
        with self.assertRaisesRegex(UserError, "Choose a Correction Reason"):
            self._as_salesman(order).with_context(disable_cancel_warning=True).action_cancel()
        self.env.invalidate_all()
        self.assertEqual(pad_line.product_uom_qty, 10)
        self.assertEqual(pad_line.price_unit, 40.0)
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(order.partner_shipping_id, self.dealer_gold)
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._rows(order))

    def test_unknown_reason_is_refused(self):
        order = self._submitted_order()
        with self.assertRaisesRegex(UserError, "does not exist"):
            self._as_salesman(order.order_line[0]).with_context(dealer_correction_reason_id=999999).write(
                {"product_uom_qty": 20}
            )
        with self.assertRaisesRegex(UserError, "not valid"):
            self._as_salesman(order.order_line[0]).with_context(dealer_correction_reason_id="1").write(
                {"product_uom_qty": 20}
            )

    def test_writing_the_same_values_asks_for_nothing(self):
        order = self._submitted_order()
        self._as_salesman(order.order_line).write({"discount": 0.0})
        self._as_salesman(order).write({"partner_shipping_id": order.partner_shipping_id.id})
        self.assertFalse(self._rows(order))

    def test_form_requires_the_reason_only_for_a_pending_change(self):
        order = self._submitted_order()
        form = Form(self._as_salesman(order))
        self.assertFalse(form.dealer_correction_pending)
        form.note = "Call before delivery"
        form.save()
        self.assertFalse(self._rows(order), "a note is not a correction")
        form = Form(self._as_salesman(order))
        with form.order_line.edit(0) as line:
            line.product_uom_qty = 14
        self.assertTrue(form.dealer_correction_pending)
        with self.assertRaises(AssertionError):
            form.save()  # the view requires the reason
        form.dealer_correction_reason_id = self.reason_qty
        form.save()
        ((kind, __, old, new, reason),) = self._row_values(order)
        self.assertEqual((kind, old, new, reason), ("quantity", "10 units", "14 units", self.reason_qty))
        self.assertFalse(order.dealer_correction_reason_id)

    # ------------------------------------------------------------------
    # What is not a correction
    # ------------------------------------------------------------------
    def test_draft_carts_are_edited_freely(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10), (self.filter, 6)], user_id=self.user_salesman.id)
        as_salesman = self._as_salesman(order)
        as_salesman.order_line[0].write({"product_uom_qty": 12, "price_unit": 30.0})
        as_salesman.order_line[1].unlink()
        as_salesman.write(
            {
                "partner_shipping_id": self.depot.id,
                "order_line": [Command.create({"product_id": self.filter.id, "product_uom_qty": 12})],
            }
        )
        self.assertFalse(self._rows(order))

    def test_the_systems_own_writes_are_not_corrections(self):
        # The pipeline confirming as the salesman: no correction.
        order = self._create_order(self.dealer_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        self._as_salesman(order).dealer_channel = "phone"
        self._as_salesman(order).action_dealer_submit_backoffice()
        self.assertEqual(order.state, "sale")
        # Superuser and elevated writes: no correction, no reason asked.
        order.order_line.write({"product_uom_qty": 12})
        self._as_salesman(order).sudo().order_line.write({"price_unit": 39.0})
        self._as_salesman(order).sudo().write({"partner_shipping_id": self.depot.id})
        # A special price applied by the approval, as whoever confirms.
        order.order_line.sudo().dealer_requested_price = 36.0
        self._as_salesman(order.order_line)._dealer_apply_requested_prices()
        self.assertEqual(order.order_line.price_unit, 36.0)
        # The dealer's own changes on the portal are not back-office corrections.
        self.assertFalse(self.env["sale.order"].with_user(self.user_gold)._dealer_tracks_corrections())
        self.assertFalse(self._rows(order))

    def test_down_payment_lines_are_not_corrections(self):
        order = self._submitted_order()
        self._as_salesman(order).write(
            {
                "order_line": [
                    Command.create(
                        {"name": "Down payment", "is_downpayment": True, "price_unit": 10.0, "product_uom_qty": 0}
                    )
                ]
            }
        )
        self.assertFalse(self._rows(order))

    # ------------------------------------------------------------------
    # Who sees the log
    # ------------------------------------------------------------------
    def test_salesman_reads_and_creates_only_through_the_order_and_not_for_others(self):
        order = self._submitted_order()
        self._as_salesman(order).dealer_correction_reason_id = self.reason_qty
        self._as_salesman(order.order_line[0]).write({"product_uom_qty": 20})
        Correction = self.env["dealer.order.correction"]
        self.assertEqual(len(Correction.with_user(self.user_salesman).search([("order_id", "=", order.id)])), 1)
        self.assertEqual(len(Correction.with_user(self.user_manager).search([("order_id", "=", order.id)])), 1)
        # A row created directly names its real author.
        row = Correction.with_user(self.user_salesman).create(
            {
                "order_id": order.id,
                "partner_id": self.dealer_gold.id,
                "company_id": self.company.id,
                "kind": "quantity",
                "reason_id": self.reason_qty.id,
                "user_id": self.user_manager.id,
            }
        )
        self.assertEqual(row.user_id, self.user_salesman)
        with self.assertRaises(AccessError):
            row.with_user(self.user_salesman).write({"new_value": "forged"})
        # Another company's user sees none of them.
        other = self.env["res.company"].create({"name": "DC Other manufacturer"})
        stranger = self.user_manager.copy(
            {"login": "dc_other_manager", "company_id": other.id, "company_ids": other.ids}
        )
        self.assertFalse(Correction.with_user(stranger).search([("order_id", "=", order.id)]))

    def test_portal_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["dealer.order.correction"].with_user(self.user_gold).search([])
        with self.assertRaises(AccessError):
            self.env["dealer.order.correction.reason"].with_user(self.user_gold).search([])

    # ------------------------------------------------------------------
    # Batching
    # ------------------------------------------------------------------
    def _write_queries(self, n_lines, sudo):
        order = self._submitted_order([(self.pad, 10)] * n_lines)
        order.dealer_correction_reason_id = self.reason_price
        lines = order.order_line if sudo else self._as_salesman(order.order_line)
        if sudo:
            lines = lines.sudo()
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        lines.write({"discount": 5.0})
        self.env.flush_all()
        count = self.env.cr.sql_log_count - start
        self.assertEqual(len(self._rows(order)), 0 if sudo else n_lines)
        return count

    def test_query_count_of_a_corrected_write_does_not_grow_with_lines(self):
        logged = {n: self._write_queries(n, sudo=False) for n in (5, 20)}
        native = {n: self._write_queries(n, sudo=True) for n in (5, 20)}
        # 15 more lines: one query per line would add 15.
        self.assertLess(logged[20] - logged[5], 3, f"logged by the salesman {logged}, elevated and unlogged {native}")

    def test_log_hook_completes_rows(self):
        order = self._submitted_order()
        rows = self._as_salesman(self.env["sale.order"])._dealer_log_corrections(
            [order._dealer_correction_row("cancel", "state", "a", "b", reason=self.reason_qty)]
        )
        self.assertEqual(
            (rows.user_id, rows.partner_id, rows.company_id), (self.user_salesman, self.dealer_gold, self.company)
        )
        self.assertLessEqual(rows.date, fields.Datetime.now())
