from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DealerRolloutCommon


@tagged("post_install", "-at_install")
class TestRolloutWave(DealerRolloutCommon):
    """Waves: the go-live gate, its override, the go-live date and the batch
    invitation."""

    # ------------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------------
    def test_gate_blocks_with_errors_and_passes_when_clean(self):
        self.dealer_untiered.dealer_rollout_wave_id = self.wave
        wave = self._wave_as(self.user_manager)
        action = wave.action_go_live()
        # Still planned: the dialog tells why.
        self.assertEqual(self.wave.state, "planned")
        self.assertEqual(action["res_model"], "dealer.rollout.wave.gate")
        gate = self.env["dealer.rollout.wave.gate"].browse(action["res_id"])
        self.assertIn("DC Untiered Dealer is a dealer without a tier.", gate.message)
        # The audit ran on the wave's dealers only, and is linked.
        audit = self.wave.gate_audit_id
        self.assertTrue(audit)
        self.assertEqual(audit.partner_ids, self.dealer_a | self.dealer_untiered)
        self.assertEqual(set(audit.overview_ids.partner_id.ids), {self.dealer_a.id, self.dealer_untiered.id})
        self.assertGreaterEqual(self.wave.gate_error_count, 1)
        self.assertEqual(audit.finding_ids.filtered(lambda f: f.severity == "error").partner_id, self.dealer_untiered)
        # Any path that moves the state meets the same gate.
        with self.assertRaisesRegex(UserError, "DC Untiered Dealer is a dealer without a tier"):
            wave._dealer_set_state("pilot")
        with self.assertRaises(AccessError):
            wave.write({"state": "live"})
        self.assertEqual(self.wave.state, "planned")
        self.assertFalse(self.dealer_a.dealer_live_date)
        # Fixed (the dealer gets its tier): the gate opens.
        self.dealer_untiered.dealer_tier_id = self.tier_silver
        self.assertIs(wave.action_start_pilot(), True)
        self.assertEqual(self.wave.state, "pilot")
        self.assertEqual(self.wave.gate_audit_id, audit)
        self.assertEqual(self.wave.gate_error_count, 0)
        self.assertEqual(self.wave.opened_by_id, self.user_manager)
        self.assertEqual(self.wave.live_date, fields.Date.context_today(self._wave_as(self.user_manager)))

    def test_audit_without_dealers_keeps_auditing_everyone(self):
        audit = self.env["dealer.pricing.audit"].create({"company_id": self.company.id})
        audit.action_run()
        self.assertTrue(
            {self.dealer_a.id, self.dealer_b.id, self.dealer_untiered.id} <= set(audit.overview_ids.partner_id.ids)
        )
        audit.partner_ids = [Command.set(self.dealer_b.ids)]
        audit.action_run()
        self.assertEqual(audit.overview_ids.partner_id, self.dealer_b)
        # Only dealer B's tier is judged.
        self.assertFalse(audit.line_ids.tier_id - self.tier_silver)

    def test_override_needs_a_manager_and_a_reason_and_is_logged(self):
        self.dealer_untiered.dealer_rollout_wave_id = self.wave
        salesman_wave = self._wave_as(self.user_salesman)
        with self.assertRaises(AccessError):
            salesman_wave.action_override_gate("The audit is wrong", "live")
        with self.assertRaises(AccessError):
            salesman_wave.action_go_live()
        with self.assertRaises(AccessError):
            self.env["dealer.rollout.wave.gate"].with_user(self.user_salesman).create(
                {"wave_id": self.wave.id, "target_state": "live"}
            )
        wave = self._wave_as(self.user_manager)
        with self.assertRaisesRegex(UserError, "reason"):
            wave.action_override_gate("  ", "live")
        # The forged record is refused: only the action writes it.
        with self.assertRaises(AccessError):
            wave.write({"gate_override_reason": "forged", "gate_override_user_id": self.user_manager.id})
        self.assertEqual(self.wave.state, "planned")
        # Through the gate dialog, as the button opens it.
        action = wave.action_go_live()
        gate = self.env["dealer.rollout.wave.gate"].with_user(self.user_manager).browse(action["res_id"])
        self.assertTrue(gate.can_override)
        gate.reason = "The untiered dealer only reorders by phone until March."
        gate.action_override()
        self.assertEqual(self.wave.state, "live")
        self.assertEqual(self.wave.gate_override_user_id, self.user_manager)
        self.assertEqual(self.wave.gate_override_reason, "The untiered dealer only reorders by phone until March.")
        self.assertTrue(self.wave.gate_override_date)
        self.assertEqual(self.wave.live_by_id, self.user_manager)
        log = self.wave.message_ids.filtered(lambda m: "overridden" in (m.body or ""))
        self.assertIn("reorders by phone until March", log.body)
        self.assertEqual(log.author_id, self.user_manager.partner_id)

    # ------------------------------------------------------------------
    # The go-live date
    # ------------------------------------------------------------------
    def test_live_date_is_set_once(self):
        earlier = date(2025, 6, 1)
        self.dealer_b.write({"dealer_rollout_wave_id": self.wave.id, "dealer_live_date": earlier})
        today = fields.Date.context_today(self._wave_as(self.user_manager))
        wave = self._wave_as(self.user_manager)
        wave.action_start_pilot()
        self.assertEqual(self.dealer_a.dealer_live_date, today)
        self.assertEqual(self.dealer_b.dealer_live_date, earlier, "never overwritten")
        # Going live after the pilot changes no date.
        self.dealer_a.sudo().dealer_live_date = date(2030, 1, 1)
        wave.action_go_live()
        self.assertEqual(self.wave.state, "live")
        self.assertEqual(self.dealer_a.dealer_live_date, date(2030, 1, 1))
        self.assertEqual(self.wave.live_date, today)
        # A dealer added to an open wave goes live with it.
        self.dealer_untiered.with_user(self.user_manager).dealer_rollout_wave_id = self.wave
        self.assertEqual(self.dealer_untiered.dealer_live_date, today)
        # Nobody writes the date by hand, nor plans waves without being a sales manager.
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.user_manager).write({"dealer_live_date": today})
        with self.assertRaises(AccessError):
            self.dealer_b.with_user(self.user_salesman).write({"dealer_rollout_wave_id": False})
        with self.assertRaises(UserError):
            wave.action_start_pilot()

    def test_add_matching_dealers_by_domain(self):
        other = self.env["dealer.rollout.wave"].create({"name": "DC Wave 2", "company_id": self.company.id})
        wave = other.with_user(self.user_manager)
        wave.dealer_domain = f"[('dealer_tier_id', '=', {self.tier_silver.id}), ('country_id.code', '=', 'BE')]"
        wave.action_add_matching_dealers()
        self.assertEqual(other.partner_ids, self.dealer_b)
        # A dealer of another wave stays there: one wave per dealer.
        wave.dealer_domain = "[('is_dealer', '=', True)]"
        wave.action_add_matching_dealers()
        self.assertNotIn(self.dealer_a, other.partner_ids)
        self.assertEqual(self.dealer_a.dealer_rollout_wave_id, self.wave)
        self.assertIn(self.dealer_untiered, other.partner_ids)
        self.assertFalse(other.partner_ids.filtered("parent_id"), "contacts are never wave members")
        # A wave without dealers has nothing to audit, nor to open.
        empty = self.env["dealer.rollout.wave"].create({"name": "DC Empty", "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "no dealers"):
            empty.with_user(self.user_manager).action_go_live()
        self.assertEqual(empty.state, "planned")

    # ------------------------------------------------------------------
    # The invitation
    # ------------------------------------------------------------------
    def test_going_live_invites_the_contacts_in_one_batch(self):
        Partner = self.env["res.partner"]
        new_contacts = Partner.create(
            [
                {"name": "Alpha Buyer One", "parent_id": self.dealer_a.id, "email": "buyer1@alpha.example.com"},
                {"name": "Alpha Buyer Two", "parent_id": self.dealer_a.id, "email": "buyer2@alpha.example.com"},
            ]
        )
        Partner.create(
            [
                {"name": "Alpha No Mail", "parent_id": self.dealer_a.id},
                {"name": "Alpha Buyer One Again", "parent_id": self.dealer_a.id, "email": "BUYER1@alpha.example.com"},
            ]
        )
        existing_logins = ("dc_a_desk", "dc_a_ware", "dc_a_fin", "dc_a_admin")
        Mail = self.env["mail.mail"]
        before = Mail.search([]).ids
        self._wave_as(self.user_manager).action_go_live()
        users = new_contacts.with_context(active_test=False).user_ids
        self.assertEqual(len(users), 2)
        for user in users:
            self.assertTrue(user.share and user.active)
            self.assertTrue(user.has_group("base.group_portal"))
            self.assertTrue(user.has_group("dealer_portal.dealer_portal_group_order_desk"))
        mails = Mail.search([("id", "not in", before)])
        invitations = mails.filtered(lambda m: "dealer portal" in (m.subject or ""))
        self.assertEqual(len(invitations), 2)
        self.assertEqual(
            sorted(m.email_to.split("<")[-1].rstrip(">") for m in invitations),
            ["buyer1@alpha.example.com", "buyer2@alpha.example.com"],
        )
        body = invitations[0].body_html
        self.assertIn(self.company.name, body)
        self.assertIn("Activate your account", body)
        self.assertIn("token=", body, "the link activates the account")
        self.assertIn(fields.Date.context_today(self._wave_as(self.user_manager)).strftime("%m/%d/%Y"), body)
        self.assertTrue(all(m.state == "outgoing" for m in invitations), "queued, sent by the mail queue")
        # Existing portal users are not invited again.
        self.assertFalse(mails.filtered(lambda m: any(login in (m.email_to or "") for login in existing_logins)))
        self.assertEqual(self.wave.invited_by_id, self.user_manager)
        self.assertTrue(self.wave.invited_at)
        self.assertEqual(self.wave.invited_count, 2)
        self.assertIn("2 contact(s) invited", self.wave.message_ids[0].body)
        # Inviting again invites nobody twice.
        after = Mail.search([]).ids
        self._wave_as(self.user_manager).action_invite_contacts()
        self.assertFalse(Mail.search([("id", "not in", after)]))
        self.assertEqual(self.wave.invited_count, 2)

    def test_invitation_speaks_for_the_wave_division(self):
        division = self.env["dealer.division"].create(
            {
                "name": "Wave Brand Co",
                "code": "WAVEBR",
                "company_id": self.company.id,
                "email_from": "Wave Brand Co <orders@wavebrand.example.com>",
                "color_primary": "#c8102e",
                "footer": "<p>Wave Brand Co, 1 Brand Street</p>",
            }
        )
        self.dealer_a.dealer_tier_id.division_id = division
        self.wave.division_id = division
        self.env["res.partner"].create(
            {"name": "Alpha Brand Buyer", "parent_id": self.dealer_a.id, "email": "brandbuyer@alpha.example.com"}
        )
        Mail = self.env["mail.mail"]
        before = Mail.search([]).ids
        self._wave_as(self.user_manager).action_go_live()
        invitation = Mail.search([("id", "not in", before), ("email_to", "ilike", "brandbuyer@alpha")])
        self.assertEqual(len(invitation), 1)
        self.assertEqual(invitation.email_from, "Wave Brand Co <orders@wavebrand.example.com>")
        self.assertIn("Wave Brand Co", invitation.subject)
        self.assertIn("o_dealer_brand_header", invitation.body_html)
        self.assertIn("#c8102e", invitation.body_html)
        self.assertIn("1 Brand Street", invitation.body_html)

    def test_invitation_wave_from_the_context_only_when_readable(self):
        """The wave named in the context (an RPC caller sets the context) is
        believed only for a user who may read the wave: anyone else sends
        Odoo's own invitation, neither the wave's text nor its brand."""
        Wizard = self.env["portal.wizard.user"]
        clerk = new_test_user(self.env, login="dc_partner_clerk", groups="base.group_user,base.group_partner_manager")
        ctx = {"dealer_rollout_wave_id": self.wave.id}
        self.assertEqual(Wizard.with_user(self.user_salesman).with_context(**ctx)._dealer_invitation_wave(), self.wave)
        as_clerk = Wizard.with_user(clerk).with_context(**ctx)
        self.assertFalse(as_clerk._dealer_invitation_wave())
        self.assertFalse(as_clerk._dealer_invitation_queued())
        for forged in (str(self.wave.id), [self.wave.id], True, 999999):
            self.assertFalse(
                Wizard.with_user(self.user_manager)
                .with_context(dealer_rollout_wave_id=forged)
                ._dealer_invitation_wave(),
                repr(forged),
            )


@tagged("post_install", "-at_install")
class TestRolloutWaveUi(HttpCase, DealerRolloutCommon):
    def test_jsonrpc_invitation_cannot_borrow_a_wave(self):
        """A back-office user who may invite contacts but not read roll-out
        waves sends an invitation over JSON-RPC with a wave in the context:
        Odoo's own invitation goes out, not the wave's."""
        new_test_user(self.env, login="dc_partner_clerk", groups="base.group_user,base.group_partner_manager")
        contact = self.env["res.partner"].create(
            {"name": "Borrowed Wave Buyer", "parent_id": self.dealer_a.id, "email": "borrowed@alpha.example.com"}
        )
        self.authenticate("dc_partner_clerk", "dc_partner_clerk")

        def call(model, method, args, context=None):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": {"context": context or {}}},
            )

        wizard_id = call("portal.wizard", "create", [{"partner_ids": [[6, 0, [contact.id]]]}])
        (wizard,) = call("portal.wizard", "read", [[wizard_id], ["user_ids"]])
        Mail = self.env["mail.mail"]
        before = Mail.search([]).ids
        call(
            "portal.wizard.user", "action_grant_access", [wizard["user_ids"]], {"dealer_rollout_wave_id": self.wave.id}
        )
        self.assertTrue(contact.user_ids, "the contact was invited")
        sent = Mail.search([("id", "not in", before), ("email_to", "ilike", "borrowed@alpha")])
        self.assertEqual(len(sent), 1)
        self.assertNotIn("order online on our dealer portal", sent.subject, "not the wave's invitation")

    def test_tour_manager_overrides_the_gate(self):
        self.dealer_untiered.dealer_rollout_wave_id = self.wave
        self.start_tour(
            f"/odoo/dealer.rollout.wave/{self.wave.id}", "rollout_wave_gate_override", login="dc_sales_manager"
        )
        self.assertEqual(self.wave.state, "live")
        self.assertEqual(self.wave.gate_override_reason, "Untiered dealer orders by phone until March")
        self.assertEqual(self.wave.gate_override_user_id, self.user_manager)
