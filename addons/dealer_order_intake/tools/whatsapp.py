"""The WhatsApp Cloud API transport: webhook signature and payload, message
freshness, and the outbound text message. No ORM here; the intake model
reads the settings and decides what to do with each message."""

import hashlib
import hmac
import json
import re
import time

import requests

MAX_WEBHOOK_BYTES = 1024 * 1024
API_URL = "https://graph.facebook.com/v21.0"
TIMEOUT = 10
# WhatsApp text messages are capped at 4,096 characters.
MAX_TEXT = 4000
# A signed WhatsApp message is taken only within this window around its own
# timestamp: a replayed body is refused even once its intake is deleted.
MAX_AGE = 24 * 3600
MAX_SKEW = 300
SIGNATURE_HEADER = "X-Hub-Signature-256"


def verify_token_matches(expected, mode, token):
    """True when the subscription handshake (``hub.mode``, ``hub.verify_token``)
    carries the configured ``expected`` verify token."""
    if mode != "subscribe" or not expected or not isinstance(token, str) or not token:
        return False
    # Bytes: compare_digest refuses non-ASCII text, which anyone can send.
    return hmac.compare_digest(expected.encode(), token.encode())


def signature_matches(secret, body, signature):
    """True when ``signature`` (``X-Hub-Signature-256``) is the HMAC-SHA256
    of the raw ``body`` with the app ``secret``."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return bool(signature) and hmac.compare_digest(expected, signature.strip().lower())


def parse_webhook(body):
    """The ``[(message, contacts)]`` of a webhook body (bytes); ValueError
    when it is no WhatsApp webhook payload."""
    try:
        data = json.loads(body.decode("utf-8"))
        return [
            (message, value.get("contacts") or [])
            for entry in data.get("entry") or []
            for change in entry.get("changes") or []
            for value in [change.get("value") or {}]
            for message in value.get("messages") or []
        ]
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError) as exc:
        raise ValueError(str(exc)) from exc


def message_digits(value, size=20):
    """Only the digits of a WhatsApp id or number (international form)."""
    return re.sub(r"\D", "", str(value or ""))[:size]


def sender_name(contacts, phone):
    """The profile name the payload gives for ``phone`` (digits), or None."""
    return next(
        (
            (c.get("profile") or {}).get("name")
            for c in contacts
            if isinstance(c, dict) and message_digits(c.get("wa_id"), None) == phone
        ),
        None,
    )


def is_fresh(timestamp):
    """True when a message's own ``timestamp`` (Unix seconds) is at most
    ``MAX_AGE`` old and not ahead of the clock by more than ``MAX_SKEW``."""
    try:
        sent = int(str(timestamp).strip())
    except (TypeError, ValueError):
        return False
    now = time.time()
    return now - MAX_AGE <= sent <= now + MAX_SKEW


def send_text(api_url, phone_number_id, access_token, to, text):
    """Send ``text`` to ``to`` (digits or +digits) through the Cloud API;
    raises ``requests.RequestException`` when it was not accepted."""
    response = requests.post(
        f"{api_url}/{phone_number_id}/messages",
        json={
            "messaging_product": "whatsapp",
            "to": to.lstrip("+"),
            "type": "text",
            "text": {"body": (text or "")[:MAX_TEXT]},
        },
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=TIMEOUT,
    )
    response.raise_for_status()
    return response
