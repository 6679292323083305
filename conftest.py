"""Project-wide pytest hooks: a skipped test is a failed run.

Odoo skips browser tours silently when Chromium or websocket-client is
missing, and HttpCase tests when no HTTP server runs. A green run must prove
every test ran, so any skip turns the session's exit status into a failure.
"""

import os

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and not os.environ.get("DC_ALLOW_SKIPS"):
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _skipped and not os.environ.get("DC_ALLOW_SKIPS"):
        terminalreporter.write_line(
            f"{len(_skipped)} test(s) skipped; a skip fails this run: " + ", ".join(_skipped[:10]),
            red=True,
        )
