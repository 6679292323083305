"""The line of a dealer's message that names the division its order is for
("Division: APX", "division apx", "*Division:* Apex Brakes"): the names a
message gives, and its text without those lines. No ORM here; the intake
model matches the names among the sender's own divisions."""

import re
import unicodedata

# "Division" as the whole first word of a line: followed by a colon, an
# equals sign, a space, WhatsApp's bold/italic marks or nothing ("DIVISION-5"
# stays an SKU).
LABEL_RE = re.compile(r"division(?=$|[\s:=*_~])", re.IGNORECASE)
LABEL_CHARS = len("division")
# Stripped around the label and the name: blanks, list bullets, separators,
# the marks WhatsApp and html2plaintext use for bold and italics, and the
# invisible characters phones and mailers insert.
TRIM = " \t\r\n\x0b\x0c*_~:=-–—•\ufeff\u200b\u200c\u200d\u200e\u200f\u2060"
# Only the first lines are read, as the quick order reads its rows.
MAX_LINES = 1000
# Only the start of a line is read: a longer one names no division of ours,
# and its name is cut and marked with "…" so that it matches none.
MAX_LINE_CHARS = 200
# Names kept per message (one is all an order may name).
MAX_NAMES = 5


def normalize_name(value):
    """``value`` as division names and codes are compared: Unicode-normalised
    (NFKC), case-folded, blanks collapsed."""
    return " ".join(unicodedata.normalize("NFKC", value or "").casefold().split())


def division_named(line):
    """The division name ``line`` gives ("" when it gives none, as in a bare
    "Division:"), or None when it is no division line."""
    line = (line or "").strip()
    head = unicodedata.normalize("NFKC", line[:MAX_LINE_CHARS]).strip(TRIM)
    if not LABEL_RE.match(head):
        return None
    name = head[LABEL_CHARS:].strip(TRIM)
    return f"{name}…" if len(line) > MAX_LINE_CHARS else name


def split_division_lines(text):
    """``(names, text)``: the division names ``text`` gives on lines of their
    own, as written, in order, each once (compared with ``normalize_name``),
    at most ``MAX_NAMES``; and ``text`` with every division line left empty,
    so that the order lines keep their line numbers. Only the first
    ``MAX_LINES`` lines are read."""
    text = text or ""
    lines = text.splitlines()
    names, seen, found = [], set(), False
    for index, line in enumerate(lines[:MAX_LINES]):
        name = division_named(line)
        if name is None:
            continue
        lines[index], found = "", True
        key = normalize_name(name)
        if key and key not in seen and len(names) < MAX_NAMES:
            seen.add(key)
            names.append(name)
    return names, ("\n".join(lines) if found else text)
