"""Outbound integration events: what the outbox costs a submission, and how
fast its backlog drains.

Builds a dealer, a tier and 10 products, starts two local receivers and
subscribes three endpoints to every event (the two receivers, and one
address where nothing listens: an endpoint that is down). Then, in process:

- submits (pipeline + native confirmation, 10 lines) orders alternately with
  the endpoints archived (no subscriber) and active (three subscribers: two
  events each, "submitted" and "confirmed", written to the outbox in the
  same transaction); prints the median submission time, confirmations per
  second and the overhead;
- queues ``--events`` events and runs the sending job (as the cron framework
  does: call, commit, call again while events remain due) until the backlog
  of the live endpoints is drained; prints events per second.

    python bench/bench_integration_outbox.py -c odoo.conf [--db NAME] [--template DB] [--runs 40] [--events 2000]

Targets: the outbox adds < 5 % to the submission time; the backlog drains at
>= 50 events per second.
"""

import os
import socket
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

MODULES = ["dealer_integration"]
N_LINES = 10
BLOCKS = 4
WARMUP = 2


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would
    count = 0

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).count += 1
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def start_receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def generate(env):
    Command = common.import_odoo().fields.Command
    categ = env["product.category"].create({"name": "Bench integration"})
    pricelist = env["product.pricelist"].create(
        {"name": "Bench integration", "currency_id": env.company.currency_id.id}
    )
    tier = env["dealer.tier"].create(
        {
            "name": "Bench integration",
            "code": "BINT",
            "pricelist_id": pricelist.id,
            "categ_ids": [Command.set(categ.ids)],
        }
    )
    dealer = env["res.partner"].create(
        {"name": "Bench integration dealer", "is_company": True, "is_dealer": True, "dealer_tier_id": tier.id}
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench integration part {i}",
                "default_code": f"BIP-{i:03d}",
                "categ_id": categ.id,
                "type": "service",
                "list_price": 10.0 + i,
                "taxes_id": [Command.clear()],
                "sale_ok": True,
            }
            for i in range(N_LINES)
        ]
    )
    if "is_published" in products._fields:
        products.write({"is_published": True})  # with the portal, dealers order what is published
    # Every submission confirms: approval rules (demo data) are left aside.
    if "dealer.approval.rule" in env:
        env["dealer.approval.rule"].search([]).action_archive()
    return dealer, products


def make_orders(env, dealer, products, count):
    return env["sale.order"].create(
        [
            {
                "partner_id": dealer.id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 2}) for p in products],
            }
            for _i in range(count)
        ]
    )


def main():
    args = common.parse_args(
        "dealer_bench_integration",
        __doc__.splitlines()[0],
        extra=lambda p: (
            p.add_argument("--runs", type=int, default=40),
            p.add_argument("--events", type=int, default=2000),
        ),
    )
    registry = common.prepare_database(args, MODULES)
    odoo = common.import_odoo()
    servers = [start_receiver(), start_receiver()]
    urls = [f"http://127.0.0.1:{s.server_port}/events" for s in servers]
    urls.append(f"http://127.0.0.1:{closed_port()}/events")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        dealer, products = generate(env)
        types = env["dealer.integration.event.type"].search([])
        endpoints = env["dealer.integration.endpoint"].create(
            [
                {"name": name, "url": url, "event_type_ids": [(6, 0, types.ids)], "timeout": 5}
                for name, url in zip(("Receiver 1", "Receiver 2", "Down"), urls, strict=True)
            ]
        )
        orders = make_orders(env, dealer, products, 2 * (args.runs + BLOCKS * WARMUP))
        cr.commit()

        # Submissions in alternating blocks without and with subscribers.
        # Switching the endpoints clears the process's caches (who
        # subscribes, among others): the first submissions of each block are
        # warm-up, then the block runs as a server does, endpoints unchanged.
        timings = {"none": [], "three": []}
        queries = {"none": [], "three": []}
        outcomes = set()
        for block in range(2 * BLOCKS):
            key = "three" if block % 2 else "none"
            endpoints.write({"active": key == "three"})
            for i in range(WARMUP + args.runs // BLOCKS):
                order = orders[0]
                orders -= order
                env.flush_all()
                env.invalidate_all()
                start_count, start = cr.sql_log_count, time.perf_counter()
                outcomes.add(order.action_dealer_submit(channel="backoffice")["outcome"])
                cr.precommit.run()  # what the commit runs first (the job's wake-up)
                env.flush_all()
                if i >= WARMUP:
                    timings[key].append(time.perf_counter() - start)
                    queries[key].append(cr.sql_log_count - start_count)
        endpoints.write({"active": True})
        queued = env["dealer.integration.event"].search_count([("state", "=", "pending")])
        cr.commit()
        none_t, three_t = statistics.median(timings["none"]), statistics.median(timings["three"])
        print(f"Submission and confirmation of a {N_LINES}-line order, median of {len(timings['none'])} runs each")
        print(f"  outcomes: {', '.join(sorted(outcomes))}; events queued: {queued}")
        if outcomes != {"confirmed"}:
            print("  WARNING: not every submission was confirmed; the figures are not comparable")
        for key, label in (("none", "no endpoint subscribed"), ("three", "three endpoints (one down)")):
            t = statistics.median(timings[key])
            q = max(set(queries[key]), key=queries[key].count)
            print(f"  {label:<40} {t * 1000:8.2f} ms  {q:4d} queries  {1 / t:7.1f} confirmations/s")
        print(f"  difference of the medians: {(three_t / none_t - 1) * 100:+.1f} % (noisy on a shared machine)")
        # The outbox's own work in a submission, alone: the two events (the
        # order is in the cache, as it is when the submission emits them)
        # and the job's wake-up at the commit.
        Event = env["dealer.integration.event"]
        confirmed = env["sale.order"].search([("state", "=", "sale"), ("partner_id", "=", dealer.id)], limit=1)
        emit_t, emit_q = [], []
        for _i in range(args.runs):
            confirmed._dealer_event_order_values()
            env.flush_all()
            start_count, start = cr.sql_log_count, time.perf_counter()
            with Event._dealer_deferred():  # as in a submission: one insert at its end
                Event._dealer_emit("order.submitted", confirmed)
                Event._dealer_emit("order.confirmed", confirmed)
            cr.precommit.run()
            env.flush_all()
            emit_t.append(time.perf_counter() - start)
            emit_q.append(cr.sql_log_count - start_count)
        emit = statistics.median(emit_t)
        print(
            f"  {'outbox work alone (2 events x 3 endpoints)':<40} {emit * 1000:8.2f} ms  "
            f"{max(set(emit_q), key=emit_q.count):4d} queries"
        )
        print(f"  outbox overhead: {emit / none_t * 100:.1f} % of a submission without it  (target < 5 %)")

        # The backlog: queue more events, then drain.
        extra = make_orders(env, dealer, products, max(args.events // 3 - queued // 3, 1))
        extra.sudo().write({"state": "sale"})  # data only: the events are queued directly
        Event._dealer_emit("order.confirmed", extra)
        live = endpoints[:2]
        backlog = Event.search_count([("state", "=", "pending"), ("endpoint_id", "in", live.ids)])
        cr.commit()
        Receiver.count = 0
        start = time.perf_counter()
        calls = 0
        while True:
            done = Event._dealer_cron_send()
            cr.commit()
            calls += 1
            if not done:
                break
        seconds = time.perf_counter() - start
        left = Event.search_count([("state", "=", "pending"), ("endpoint_id", "in", live.ids)])
        down = endpoints[2]
        print(f"\nDrain: {backlog} events for the two live endpoints, {calls} job calls")
        print(f"  sent {Receiver.count} in {seconds:.2f} s: {Receiver.count / seconds:.0f} events/s (target >= 50)")
        print(f"  left for the live endpoints: {left}")
        print(
            f"  down endpoint: backlog {down.backlog_count}, {down.consecutive_failures} failed call(s), "
            f"paused until {down.retry_at}"
        )
        # Leave the bench database as it was after set-up.
        env["dealer.integration.event"].search([]).unlink()
        cr.commit()
    for server in servers:
        server.shutdown()


if __name__ == "__main__":
    main()
