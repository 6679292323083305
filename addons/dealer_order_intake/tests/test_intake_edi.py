import re

from lxml import etree

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon, DealerPortalHttpCommon

from ..tools import ubl
from .intake_common import IntakeTestMixin
from .ubl_common import BILLION_LAUGHS, NOT_AN_ORDER, XXE, ubl_order


class EdiCommonMixin:
    def _alpha_file(self, lines=None, **kw):
        kw.setdefault("buyer_name", self.dealer_a.name)
        kw.setdefault("currency", self.currency.name)
        lines = lines or [
            {"sku": "DC-DRILL", "qty": 2, "unit": "C62", "price": 150.0},
            {"gtin": "4006381333955", "qty": 20, "unit": "EA", "price": 0.5},
        ]
        return ubl_order(lines, **kw)

    def _order_lines(self, order):
        return {l.product_id: l.product_uom_qty for l in order.order_line if not l.display_type}


@tagged("post_install", "-at_install")
class TestEdiIntake(EdiCommonMixin, IntakeTestMixin, DealerPortalCommon):
    """UBL order files from dealers' systems: decoded with Odoo's UBL order
    decoder, submitted through the pipeline on the EDI channel as the dealer
    user, every line answered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Intake = cls.env["dealer.order.intake"]
        for user in (cls.user_a_desk, cls.user_a_ware, cls.user_b_desk):
            user.dealer_order_email = user.email

    def _upload(self, content, user=None, filename="order.xml"):
        return self.Intake._dealer_edi_receive(user or self.user_a_desk, filename, content, source="portal")

    # ------------------------------------------------------------------
    # The three ways in
    # ------------------------------------------------------------------
    def test_emailed_ubl_order_is_an_edi_order_with_its_po_number(self):
        attachment = ("PO-77.xml", self._alpha_file(po="PO-77"))
        raw = self._raw_email(self.user_a_desk.email, "Our order attached.", attachment=attachment)
        intake = self._process_email(raw)
        self.assertTrue(intake.is_edi)
        self.assertEqual(intake.state, "awaiting", intake.reason)
        token = self._link_token(intake)
        result = intake._dealer_confirm_by_link(token, self.env.ref("base.public_user"))
        self.assertEqual(intake.state, "confirmed", result)
        order = intake.order_id
        self.assertEqual((order.state, order.dealer_channel, order.client_order_ref), ("sale", "edi", "PO-77"))
        self.assertEqual(order.dealer_attempt_ids.channel, "edi")
        self.assertEqual(order.dealer_submitted_by, self.user_a_desk)
        self.assertEqual(self._order_lines(order), {self.p_drill: 2, self.p_bolt: 20})
        self.assertEqual(order.order_line.filtered(lambda l: l.product_id == self.p_drill).price_unit, 150.0)

    def test_emailed_ubl_order_through_the_trusted_relay_is_submitted_at_once(self):
        self.company.dealer_intake_relay_authserv_id = "mx.maker.example"
        headers = [("Authentication-Results", "mx.maker.example; dkim=pass header.d=example.com")]
        raw = self._raw_email(
            self.user_a_desk.email, "PO", attachment=("order.xml", self._alpha_file(po="PO-78")), headers=headers
        )
        intake = self._process_email(raw)
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self.assertEqual((intake.order_id.dealer_channel, intake.order_id.client_order_ref), ("edi", "PO-78"))
        reply = intake.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(intake.order_id.name, reply.body)
        self.assertEqual(reply.partner_ids, self.user_a_desk.partner_id, "the answer is emailed to the sender")

    def test_uploaded_ubl_order_is_submitted_as_the_user(self):
        result = self._upload(self._alpha_file(po="PO-79"))
        self.assertEqual(result["outcome"], "confirmed", result["text"])
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual((order.dealer_channel, order.client_order_ref, order.state), ("edi", "PO-79", "sale"))
        self.assertEqual(order.partner_id, self.user_a_desk.partner_id)
        self.assertEqual(self._order_lines(order), {self.p_drill: 2, self.p_bolt: 20})
        intake = self.Intake.browse(result["intake_id"])
        self.assertEqual((intake.channel, intake.user_id, intake.partner_id), ("edi", self.user_a_desk, self.dealer_a))
        mails = self.env["mail.mail"].search([("model", "=", "dealer.order.intake"), ("res_id", "=", intake.id)])
        self.assertFalse(mails, "an upload is answered on the page, not by email")

    def test_the_same_order_number_twice_orders_once(self):
        first = self._upload(self._alpha_file(po="PO-80"))
        self.assertEqual(first["outcome"], "confirmed", first["text"])
        again = self._upload(self._alpha_file(po="PO-80"))
        self.assertEqual(
            (again["outcome"], again["order_id"], again["replayed"]), ("confirmed", first["order_id"], True)
        )
        self.assertIn("already received", again["text"])
        self.assertEqual(self.env["sale.order"].search_count([("client_order_ref", "=", "PO-80")]), 1)
        # Another dealer's order number is its own.
        other = self._upload(self._alpha_file(po="PO-80", buyer_name=self.dealer_b.name), user=self.user_b_desk)
        self.assertEqual(other["outcome"], "confirmed", other["text"])
        self.assertNotEqual(other["order_id"], first["order_id"])

    # ------------------------------------------------------------------
    # Line by line
    # ------------------------------------------------------------------
    def test_unknown_items_wrong_units_and_other_prices_are_answered_per_line(self):
        content = self._alpha_file(
            [
                {"sku": "DC-DRILL", "qty": 2, "unit": "C62", "price": 99.0},  # not the dealer's 150
                {"sku": "NOPE-404", "qty": 1, "unit": "C62", "price": 1.0},  # unknown
                {"sku": "DC-SAW", "qty": 1, "unit": "DZN", "price": 199.0},  # sold per unit, not dozen
                {"sku": "DC-SECRET", "qty": 1},  # outside the catalog
                {"sku": "DC-GEAR", "qty": 1, "unit": "XYZ"},  # no such unit
                {"name": "no id", "qty": 1},  # no item id at all
            ]
        )
        result = self._upload(content)
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(self._order_lines(order), {self.p_drill: 2})
        line = order.order_line.filtered(lambda l: l.product_id == self.p_drill)
        self.assertEqual(line.price_unit, 150.0, "a price in the file never overrides the dealer's price")
        errors = {e["row"]: e["message"] for e in result["row_errors"]}
        self.assertEqual(sorted(errors), [2, 3, 4, 5, 6])
        self.assertIn("Unknown SKU", errors[2])
        self.assertIn("not in Dozens", errors[3])
        self.assertIn("not in your catalog", errors[4])
        self.assertIn("“XYZ” is not known", errors[5])
        self.assertIn("names no item", errors[6])
        self.assertEqual([n["row"] for n in result["line_notes"]], [1])
        self.assertIn("99.00", result["line_notes"][0]["message"])
        self.assertIn("150.00", result["line_notes"][0]["message"])
        for text in ("Line 2:", "Line 3:", "Line 1 (DC-DRILL)"):
            self.assertIn(text, result["text"])

    def test_decoding_and_matching_a_file_costs_the_same_queries_for_5_or_50_lines(self):
        Decoder = self.env["dealer.edi.order"]

        def queries(n):
            skus = ("DC-DRILL", "DC-SAW", "DC-GEAR", "NOPE")
            lines = [{"sku": skus[i % 4], "qty": 1, "unit": "C62", "price": 1.0} for i in range(n)]
            content = self._alpha_file(lines)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Decoder._dealer_edi_rows(Decoder._dealer_edi_decode(content))
            return self.env.cr.sql_log_count - before

        queries(5)  # warms the registry caches (units by XML id)
        self.assertEqual(queries(5), queries(50))

    def test_a_file_with_no_line_taken_orders_nothing(self):
        result = self._upload(self._alpha_file([{"sku": "NOPE", "qty": 1}]))
        self.assertEqual(result["outcome"], "rejected")
        self.assertFalse(result["order_id"])
        self.assertIn("Unknown SKU", result["text"])

    def test_blocking_issues_of_the_pipeline_are_answered(self):
        # Bolts: at least 20, in tens (the Gold quantity rule).
        result = self._upload(self._alpha_file([{"sku": "DC-BOLT", "qty": 5}]))
        self.assertEqual(result["outcome"], "blocked")
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.dealer_attempt_ids.channel, "edi")
        self.assertTrue(result["issues"])
        self.assertIn("could not be submitted", result["text"])

    # ------------------------------------------------------------------
    # Who may send it
    # ------------------------------------------------------------------
    def test_a_file_naming_another_dealer_as_buyer_is_refused(self):
        orders_before = self.env["sale.order"].search_count([])
        for kw in (
            {"buyer_name": self.dealer_b.name},
            {"buyer_name": None, "buyer_email": self.dealer_b.email},
            {"buyer_name": self.dealer_a.name, "buyer_vat": "BE0477472701"},
            {"buyer_name": None},
        ):
            with self.subTest(**kw):
                result = self._upload(self._alpha_file(**kw))
                self.assertEqual(result["outcome"], "rejected")
                self.assertIn("is not your company", result["text"])
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)

    def test_the_buyer_is_recognised_by_vat_or_email(self):
        self.dealer_a.vat = "FR23334175221"
        result = self._upload(self._alpha_file(buyer_name="Alpha (ERP name)", buyer_vat="23334175221"))
        self.assertEqual(result["outcome"], "confirmed", result["text"])
        result = self._upload(self._alpha_file(buyer_name=None, buyer_email=self.user_a_desk.email, po="PO-2"))
        self.assertEqual(result["outcome"], "confirmed", result["text"])

    def test_only_the_order_desk_sends_edi_orders(self):
        result = self._upload(self._alpha_file(), user=self.user_a_ware)
        self.assertEqual(result["outcome"], "rejected")
        self.assertIn("order-desk role", result["text"])
        self.assertFalse(result["order_id"])

    # ------------------------------------------------------------------
    # Hostile files
    # ------------------------------------------------------------------
    def test_hostile_and_foreign_files_are_refused_without_being_expanded(self):
        cases = {
            "billion laughs": (BILLION_LAUGHS, "DOCTYPE"),
            "external entity": (XXE, "DOCTYPE"),
            "an invoice": (NOT_AN_ORDER, "not a UBL order"),
            "not xml": (b"DC-DRILL;2\n", "not well-formed"),
            "empty": (b"", "empty"),
            "too large": (self._alpha_file() + b" " * ubl.MAX_UBL_BYTES, "larger than"),
            "unreadable quantity": (
                self._alpha_file([{"sku": "DC-DRILL", "qty": "lots", "price": 1}]),
                "cannot be read",
            ),
        }
        for label, (content, message) in cases.items():
            with self.subTest(label):
                result = self._upload(content)
                self.assertEqual(result["outcome"], "rejected", result)
                self.assertIn(message, result["text"])
                self.assertFalse(result["order_id"])

    def test_the_parser_never_resolves_entities_even_without_the_doctype_guard(self):
        root = etree.fromstring(XXE, parser=ubl._parser())
        self.assertNotIn("root:", etree.tostring(root).decode())
        root = etree.fromstring(BILLION_LAUGHS, parser=ubl._parser())
        self.assertLess(len(etree.tostring(root)), 2000)

    def test_too_many_lines_are_refused(self):
        content = self._alpha_file([{"sku": "DC-DRILL", "qty": 1}] * (ubl.MAX_UBL_LINES + 1))
        result = self._upload(content)
        self.assertEqual(result["outcome"], "rejected")
        self.assertIn("more than", result["text"])

    @mute_logger("odoo.addons.dealer_order_intake.models.dealer_order_intake")
    def test_an_emailed_hostile_file_is_answered_and_nothing_is_ordered(self):
        raw = self._raw_email(self.user_a_desk.email, "PO", attachment=("order.xml", BILLION_LAUGHS))
        intake = self._process_email(raw)
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id)
        self.assertIn("DOCTYPE", intake.reason)


@tagged("post_install", "-at_install")
class TestEdiUploadPage(EdiCommonMixin, DealerPortalHttpCommon):
    """The portal page where the order desk uploads a UBL order."""

    def _post_file(self, login, content):
        self.authenticate(login, login)
        page = self.url_open("/my/edi-order")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        data = {"csrf_token": csrf.group(1) if csrf else ""}
        return self.url_open(
            "/my/edi-order/upload", data=data, files={"upload": ("order.xml", content, "application/xml")}
        )

    def test_upload_page_submits_and_answers_per_line(self):
        content = self._alpha_file(
            [{"sku": "DC-DRILL", "qty": 3, "unit": "C62", "price": 140.0}, {"sku": "NOPE", "qty": 1}], po="PO-WEB-1"
        )
        response = self._post_file("dc_a_desk", content)
        self.assertEqual(response.status_code, 200)
        order = self.env["sale.order"].search([("client_order_ref", "=", "PO-WEB-1")])
        self.assertEqual((order.dealer_channel, order.state), ("edi", "sale"))
        self.assertEqual(order.partner_id, self.user_a_desk.partner_id)
        self.assertEqual(self._order_lines(order), {self.p_drill: 3})
        self.assertIn(order.name, response.text)
        self.assertIn("Unknown SKU", response.text)
        self.assertIn("140.00", response.text)

    def test_upload_page_is_for_the_order_desk(self):
        response = self._get("/my/edi-order", "dc_a_ware")
        self.assertIn(response.status_code, (302, 303))
        response = self._post_file("dc_a_ware", self._alpha_file(po="PO-WEB-2"))
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-WEB-2")]))

    def test_another_dealers_file_is_refused_on_the_page(self):
        response = self._post_file("dc_a_desk", self._alpha_file(buyer_name=self.dealer_b.name, po="PO-WEB-3"))
        self.assertIn("is not your company", response.text)
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-WEB-3")]))
