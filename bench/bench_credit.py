"""Dealer credit positions against native Odoo receivable figures.

Generates 500 dealers with 20,000 posted customer invoices (some paid,
some credit notes, due dates spread over six months), 400 confirmed orders
and 100 orders pending approval, then prints the time and SQL query count of
``res.partner._dealer_credit_positions()`` for 50 and 500 dealers, the same
for the native ``credit`` (total receivable) and ``credit_to_invoice`` figures
of the same partners, and what a per-dealer computation would cost.

    python bench/bench_credit.py -c odoo.conf [--db NAME] [--template DB] [--reuse]

Target: the query count of the credit positions does not depend on the number
of dealers (same count at 50 and 500).
"""

import os
import random
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

N_DEALERS = 500
N_INVOICES = 20_000
N_ORDERS = 400
N_PENDING = 100
BATCH = 500


def ensure_accounting(env):
    """A fresh database without demo data may have no chart of accounts yet."""
    company = env.company
    if not env["account.journal"].search_count([("company_id", "=", company.id), ("type", "=", "sale")], limit=1):
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    company.account_use_credit_limit = True


def generate(env, n_dealers, n_invoices):
    rnd = random.Random(7)
    Command = common.import_odoo().fields.Command
    today = env.cr.now().date()
    pricelist = env["product.pricelist"].create({"name": "Bench credit list"})
    categ = env["product.category"].create({"name": "Bench credit"})
    tier = env["dealer.tier"].create(
        {
            "name": "Bench credit tier",
            "code": "BCRED",
            "pricelist_id": pricelist.id,
            "categ_ids": [Command.set(categ.ids)],
            "dealer_credit_policy": "approval",
        }
    )
    product = env["product.product"].create(
        {
            "name": "Bench credit part",
            "categ_id": categ.id,
            "type": "service",
            "list_price": 25.0,
            "taxes_id": [Command.clear()],
            "invoice_policy": "order",
        }
    )
    dealers = env["res.partner"].create(
        [
            {
                "name": f"Bench credit dealer {i:03d}",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": tier.id,
                "ref": f"BCD-{i:03d}",
            }
            for i in range(n_dealers)
        ]
    )
    for dealer in dealers:
        dealer.credit_limit = rnd.choice([20_000, 50_000, 100_000, 250_000])
    env.flush_all()

    started = time.perf_counter()
    # Two real invoices through the ORM (an invoice and a credit note), then
    # cloned in SQL with other dealers, amounts and dates: posting 20,000
    # invoices through the ORM takes most of an hour on a small machine.
    templates = env["account.move"].create(
        [
            {
                "move_type": move_type,
                "partner_id": dealers[0].id,
                "invoice_date": today,
                "invoice_date_due": today,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Bench goods", "quantity": 1, "price_unit": 100.0, "tax_ids": [Command.clear()]}
                    )
                ],
            }
            for move_type in ("out_invoice", "out_refund")
        ]
    )
    templates.action_post()
    env.flush_all()
    rows = []
    for i in range(n_invoices - 2):
        age = rnd.randint(0, 180)
        rows.append(
            (
                dealers[i % n_dealers].id,
                float(rnd.randint(50, 5000)),
                today - timedelta(days=age),
                today - timedelta(days=age - 30),
                "out_refund" if rnd.random() < 0.05 else "out_invoice",
                f"BENCH/{i:06d}",
            )
        )
    for template in templates:
        clone_moves(env, template, [r for r in rows if r[4] == template.move_type])
    env.invalidate_all()
    print(f"  {n_invoices} posted invoices and credit notes ({time.perf_counter() - started:.0f} s)", flush=True)

    # Some invoices paid through native payment registration (reconciled, residual 0).
    to_pay = env["account.move"].search(
        [("partner_id", "in", dealers.ids), ("move_type", "=", "out_invoice")], limit=50
    )
    for start in range(0, len(to_pay), BATCH):
        batch = to_pay[start : start + BATCH]
        env["account.payment.register"].with_context(
            active_model="account.move",
            active_ids=batch.ids,
            tracking_disable=True,
        ).create({"group_payment": False})._create_payments()
    print(f"  payments registered on {len(to_pay)} invoices ({time.perf_counter() - started:.0f} s)", flush=True)

    orders = (
        env["sale.order"]
        .with_context(tracking_disable=True)
        .create(
            [
                {
                    "partner_id": dealers[i % n_dealers].id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": rnd.randint(1, 80)})],
                }
                for i in range(N_ORDERS + N_PENDING)
            ]
        )
    )
    # Confirmed / pending states written directly: the bench measures the read side only.
    orders[:N_ORDERS].write({"state": "sale"})
    orders[N_ORDERS:].write({"state": "sent", "dealer_approval_state": "pending"})
    env.flush_all()
    print(f"  {N_ORDERS} confirmed and {N_PENDING} pending orders ({time.perf_counter() - started:.0f} s)")
    return dealers


def _columns(env, table):
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
        (table,),
    )
    return [r[0] for r in env.cr.fetchall()]


def clone_moves(env, template, rows):
    """Copy ``template`` (a posted invoice with one product line and one
    receivable line) once per row ``(partner_id, amount, date, due, type, name)``,
    keeping every other column as the ORM wrote it."""
    from psycopg2 import sql

    if not rows:
        return
    sign = 1 if template.move_type == "out_invoice" else -1
    signed = sql.SQL("s.amount * {}").format(sql.Literal(sign))
    move_overrides = {
        "partner_id": sql.SQL("s.partner_id"),
        "commercial_partner_id": sql.SQL("s.partner_id"),
        "name": sql.SQL("s.name"),
        "date": sql.SQL("s.inv_date"),
        "invoice_date": sql.SQL("s.inv_date"),
        "invoice_date_due": sql.SQL("s.due_date"),
        "amount_total": sql.SQL("s.amount"),
        "amount_untaxed": sql.SQL("s.amount"),
        "amount_residual": sql.SQL("s.amount"),
        "amount_total_signed": signed,
        "amount_untaxed_signed": signed,
        "amount_residual_signed": signed,
        "amount_total_in_currency_signed": signed,
        "payment_reference": sql.SQL("s.name"),
    }
    move_cols = _columns(env, "account_move")
    line_cols = _columns(env, "account_move_line")
    move_select = [move_overrides.get(c, sql.SQL("t.") + sql.Identifier(c)) for c in move_cols]
    env.cr.execute(
        sql.SQL(
            """
        CREATE TEMP TABLE bench_src ON COMMIT DROP AS
        SELECT * FROM unnest(%s::int[], %s::numeric[], %s::date[], %s::date[], %s::varchar[])
                 AS s(partner_id, amount, inv_date, due_date, name);
        CREATE TEMP TABLE bench_new ON COMMIT DROP AS SELECT 0 AS move_id, s.* FROM bench_src s LIMIT 0;
        WITH ins AS (
            INSERT INTO account_move ({cols}) SELECT {sel} FROM bench_src s, account_move t WHERE t.id = %s
            RETURNING id, partner_id, amount_total, invoice_date, invoice_date_due, name
        )
        INSERT INTO bench_new SELECT id, partner_id, amount_total, invoice_date, invoice_date_due, name FROM ins;
        """
        ).format(cols=sql.SQL(", ").join(map(sql.Identifier, move_cols)), sel=sql.SQL(", ").join(move_select)),
        (
            [r[0] for r in rows],
            [r[1] for r in rows],
            [r[2] for r in rows],
            [r[3] for r in rows],
            [r[5] for r in rows],
            template.id,
        ),
    )
    # Receivable line: +amount on an invoice; product line: the opposite.
    line_overrides = {
        "move_id": sql.SQL("n.move_id"),
        "partner_id": sql.SQL("n.partner_id"),
        "move_name": sql.SQL("n.name"),
        "date": sql.SQL("n.inv_date"),
        "invoice_date": sql.SQL("n.inv_date"),
        "date_maturity": sql.SQL("CASE WHEN tl.date_maturity IS NULL THEN NULL ELSE n.due_date END"),
        "debit": sql.SQL("CASE WHEN tl.debit > 0 THEN n.amount ELSE 0 END"),
        "credit": sql.SQL("CASE WHEN tl.credit > 0 THEN n.amount ELSE 0 END"),
        "balance": sql.SQL("SIGN(tl.balance) * n.amount"),
        "amount_currency": sql.SQL("SIGN(tl.amount_currency) * n.amount"),
        "amount_residual": sql.SQL("SIGN(tl.amount_residual) * n.amount"),
        "amount_residual_currency": sql.SQL("SIGN(tl.amount_residual_currency) * n.amount"),
        "price_unit": sql.SQL("CASE WHEN tl.price_unit != 0 THEN n.amount ELSE tl.price_unit END"),
        "price_subtotal": sql.SQL("CASE WHEN tl.price_subtotal != 0 THEN n.amount ELSE tl.price_subtotal END"),
        "price_total": sql.SQL("CASE WHEN tl.price_total != 0 THEN n.amount ELSE tl.price_total END"),
    }
    line_select = [line_overrides.get(c, sql.SQL("tl.") + sql.Identifier(c)) for c in line_cols]
    env.cr.execute(
        sql.SQL(
            "INSERT INTO account_move_line ({cols}) SELECT {sel} FROM bench_new n, account_move_line tl "
            "WHERE tl.move_id = %s"
        ).format(cols=sql.SQL(", ").join(map(sql.Identifier, line_cols)), sel=sql.SQL(", ").join(line_select)),
        (template.id,),
    )
    env.cr.execute("DROP TABLE bench_src; DROP TABLE bench_new")


def main():
    def extra(parser):
        parser.add_argument("--invoices", type=int, default=N_INVOICES, help="invoices to generate")

    args = common.parse_args("dealer_bench_credit", __doc__, extra)
    registry = common.prepare_database(args, ["dealer_credit"])
    odoo = common.import_odoo()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        dealers = env["res.partner"].search([("ref", "=like", "BCD-%"), ("is_dealer", "=", True)], order="id")
        if len(dealers) < N_DEALERS:
            ensure_accounting(env)
            print(f"Generating {N_DEALERS} dealers, {args.invoices} invoices...")
            started = time.perf_counter()
            dealers = generate(env, N_DEALERS, args.invoices)
            cr.commit()
            print(f"Generated in {time.perf_counter() - started:.0f} s")
        cr.execute(
            "SELECT count(*) FROM account_move m JOIN res_partner p ON p.id = m.partner_id "
            "WHERE p.ref LIKE 'BCD-%%' AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')"
        )
        n_moves = cr.fetchone()[0]
        print(f"\nData: {len(dealers)} dealers, {n_moves} posted invoices and credit notes\n")

        results = {}
        for n in (50, 500):
            subset = dealers[:n]
            results[n] = common.measure(env, lambda s=subset: s._dealer_credit_positions())
            common.report_line(f"credit positions, {n} dealers", *results[n][:2])
        for n in (50, 500):
            subset = dealers[:n]
            native = common.measure(env, lambda s=subset: s.mapped("credit"))
            common.report_line(f"native credit (total receivable), {n} dealers", *native[:2])
            results[("native", n)] = native
        native_cti = common.measure(env, lambda: dealers.with_context().mapped("credit_to_invoice"), repeat=5)
        common.report_line("native credit_to_invoice, 500 dealers", *native_cti[:2])
        one_by_one = common.measure(env, lambda: [d._dealer_credit_positions() for d in dealers[:50]], repeat=3)
        common.report_line("per-dealer calls (what a loop would cost), 50", *one_by_one[:2])

        q50, q500 = results[50][1], results[500][1]
        t500, native_t500 = results[500][0], results[("native", 500)][0]
        print()
        print(
            f"  query count 50 vs 500 dealers: {q50} vs {q500} -> "
            f"{'independent of the number of dealers' if q50 == q500 else 'GROWS'}"
        )
        print(
            f"  500 dealers: {t500 * 1000:.1f} ms for limit, receivables, overdue, ageing, orders and pending "
            f"vs {native_t500 * 1000:.1f} ms for the native total receivable alone "
            f"(ratio {t500 / native_t500:.2f})"
        )
        sample = results[500][2][dealers[0].id]
        print(
            f"  sample position: limit {sample['limit']:,.0f}, exposure {sample['exposure']:,.2f} "
            f"(receivable {sample['exposure_receivable']:,.2f}, orders {sample['exposure_orders']:,.2f}, "
            f"pending {sample['exposure_pending']:,.2f}), overdue {sample['overdue_amount']:,.2f} "
            f"/ {sample['overdue_days']} days, utilisation {sample['utilisation']}%"
        )
        if q50 != q500:
            sys.exit(1)


if __name__ == "__main__":
    main()
