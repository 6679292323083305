"""Status questions in a dealer's message ("where is S00047", "status of PO
NW-2291", "any update on my order 47?"): whether the text asks for an
order's status, and which references it names. No ORM here; the intake
model looks the references up among the sender's own orders."""

import re

# Words that ask where an order is, in the languages of the dealer network.
STATUS_RE = re.compile(
    r"\b(?:where\s+is|where'?s|status|statut|update|news|tracking|track|eta|when\s+will|when\s+do(?:es)?|"
    r"arriv(?:e|es|al)|shipped|dispatched|delivery\s+date|wo\s+ist|wann\s+kommt|où\s+en\s+est|suivi)\b",
    re.IGNORECASE,
)
# A reference is a word that holds a digit: an order number (S00047, 47),
# a PO reference (NW-2291, 4711) or a date, which matches nothing.
REFERENCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.#-]*")
# At most this many references are looked up per message.
MAX_REFERENCES = 10
MAX_REFERENCE_CHARS = 64
# Only the start of a message is read for a status question.
MAX_QUESTION_CHARS = 2000
# Prefixes dealers write before their own reference ("PO 4711", "PO#4711").
PO_PREFIX_RE = re.compile(r"^(?:PO|PURCHASEORDER|ORDER|REF)(?=[A-Z0-9]*\d)")


def asks_status(text):
    """True when ``text`` asks for the status of an order."""
    return bool(STATUS_RE.search((text or "")[:MAX_QUESTION_CHARS]))


def references(text):
    """The words of ``text`` that may name an order: those holding a digit,
    stripped of trailing punctuation, upper-cased, at most
    ``MAX_REFERENCES``, in order of appearance."""
    found = []
    for word in REFERENCE_RE.findall((text or "")[:MAX_QUESTION_CHARS]):
        word = word.strip("/_.#-").upper()
        if word and len(word) <= MAX_REFERENCE_CHARS and any(c.isdigit() for c in word) and word not in found:
            found.append(word)
            if len(found) == MAX_REFERENCES:
                break
    return found


def normalize_reference(value):
    """A PO reference compared loosely: letters and digits only, upper-cased,
    without a leading "PO" ("PO NW-2291", "nw2291" and "NW-2291" are one)."""
    flat = re.sub(r"[^A-Z0-9]", "", (value or "").upper())
    return PO_PREFIX_RE.sub("", flat)


def trailing_number(name):
    """The number an order name ends with (47 for "S00047"), or None."""
    match = re.search(r"(\d+)$", name or "")
    return int(match.group(1)) if match else None


def names_order(reference, order_name, order_ref):
    """True when ``reference`` (from ``references``) names the order called
    ``order_name`` whose PO reference is ``order_ref``: the order number
    itself, its number alone ("47" for S00047), or the PO reference."""
    if reference == (order_name or "").upper():
        return True
    if reference.isdigit() and trailing_number(order_name) == int(reference):
        return True
    flat = normalize_reference(reference)
    return bool(flat) and bool(order_ref) and flat == normalize_reference(order_ref)
