import json

from odoo.tests import tagged

from odoo.addons.dealer_rollout.tests.common_dispute import DisputeCommon


@tagged("post_install", "-at_install")
class TestOutboxDisputes(DisputeCommon):
    """A resolved pricing dispute is sent as ``dispute.resolved``, with the
    credit note that settled it, to the endpoints subscribed to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        types = cls.env["dealer.integration.event.type"].search([("code", "=", "dispute.resolved")])
        cls.endpoint = cls.env["dealer.integration.endpoint"].create(
            {
                "name": "Legacy ERP",
                "url": "http://127.0.0.1:9/erp",
                "company_id": cls.a_invoice.company_id.id,
                "event_type_ids": [(6, 0, types.ids)],
            }
        )

    def _resolved_events(self, dispute):
        return self.env["dealer.integration.event"].search(
            [("res_model", "=", dispute._name), ("res_id", "=", dispute.id), ("event_type", "=", "dispute.resolved")]
        )

    def test_accepted_dispute_is_sent_with_its_credit_note(self):
        dispute = self._raise(self.user_a_fin, self.a_line)
        self.assertFalse(self._resolved_events(dispute), "raising is not resolving")
        dispute.with_user(self.user_manager).action_accept()
        event = self._resolved_events(dispute)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.endpoint_id, self.endpoint)
        data = json.loads(event.payload)["data"]
        self.assertEqual(data["dispute"]["state"], "accepted")
        self.assertEqual(data["dispute"]["credit_note"], dispute.credit_move_id.name)
        self.assertAlmostEqual(data["dispute"]["credited_amount"], 50.0)
        self.assertEqual(data["dealer"]["id"], self.dealer_a.id)

    def test_rejected_dispute_is_sent_with_the_reason(self):
        dispute = self._raise(self.user_a_fin, self.a_line)
        dispute.with_user(self.user_manager)._dealer_reject("The agreement ended in June.")
        data = json.loads(self._resolved_events(dispute).payload)["data"]
        self.assertEqual(
            (data["dispute"]["state"], data["dispute"]["reject_reason"]), ("rejected", "The agreement ended in June.")
        )
        self.assertIsNone(data["dispute"]["credit_note"])
