"""Generate each addon's README.rst from its manifest and readme/ fragments.

    python scripts/gen_addon_readme.py [--check] [addon ...]

OCA's layout: the fragments (DESCRIPTION, CONFIGURE, USAGE, CONTRIBUTORS, in
Markdown) are the source; README.rst is generated from them and never edited
by hand. With --check, a README.rst that is out of date is rewritten and the
exit status is 1, so pre-commit reports it.
"""

import argparse
import ast
import re
import sys
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", "Features"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
]
LICENSE_BADGES = {
    "LGPL-3": "https://img.shields.io/badge/licence-LGPL--3-blue.png",
    "AGPL-3": "https://img.shields.io/badge/licence-AGPL--3-blue.png",
}


def _fragment(addon, name):
    path = addon / "readme" / name
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8").strip()
    # Images are written relative to readme/; README.rst sits one level up.
    return re.sub(r"\]\(\.\./", "](", text)


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    name = manifest["name"]
    parts = [f"# {name}", "", manifest.get("summary", "").strip(), ""]
    body = []
    for fragment, title in SECTIONS:
        text = _fragment(addon, fragment)
        if text:
            body.append((title, text))
    contributors = _fragment(addon, "CONTRIBUTORS.md")
    for title, text in body:
        parts += [f"## {title}", "", _shift_headings(text), ""]
    parts += ["## Credits", "", "### Authors", "", f"- {manifest.get('author', '')}", ""]
    if contributors:
        parts += ["### Contributors", "", _shift_headings(contributors), ""]
    markdown = "\n".join(parts)
    rst = pypandoc.convert_text(markdown, "rst", format="gfm", extra_args=["--wrap=preserve"])
    title_line, rest = rst.split("\n", 1)
    rest = rest.split("\n", 1)[1]  # drop pandoc's underline of the title
    bar = "=" * len(title_line)
    license_ = manifest.get("license", "")
    badge = ""
    if license_ in LICENSE_BADGES:
        badge = f".. |badge1| image:: {LICENSE_BADGES[license_]}\n    :alt: License: {license_}\n\n|badge1|\n\n"
    header = (
        ".. This file is generated from the readme/ fragments by scripts/gen_addon_readme.py;\n"
        "   edit the fragments, not this file.\n\n"
    )
    rst = f"{header}{bar}\n{title_line}\n{bar}\n\n{badge}{rest.lstrip()}"
    # A table of contents after the summary paragraph, as in OCA's READMEs.
    toc = "\n**Table of contents**\n\n.. contents::\n   :local:\n"
    rst = rst.replace("\nFeatures\n--------\n", f"{toc}\nFeatures\n--------\n", 1)
    return rst.rstrip() + "\n"


def _shift_headings(text):
    """Make the fragment's own headings subsections of the README's sections."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if re.fullmatch(r"-{3,}|={3,}", nxt.strip()) and line.strip() and not line.startswith(("-", "|")):
            out.append(f"### {line.strip()}")
            continue
        if re.fullmatch(r"-{3,}|={3,}", line.strip()) and out and out[-1].startswith("### "):
            continue
        match = re.match(r"^(#{1,4}) (.*)$", line)
        if match:
            out.append("#" * min(max(3, len(match.group(1)) + 1), 6) + " " + match.group(2))
            continue
        out.append(line)
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("addons", nargs="*")
    args = parser.parse_args()
    addons = [ROOT / "addons" / a for a in args.addons] or sorted(
        p.parent for p in (ROOT / "addons").glob("*/__manifest__.py")
    )
    changed = []
    for addon in addons:
        target = addon / "README.rst"
        new = render(addon)
        if not target.exists() or target.read_text(encoding="utf-8") != new:
            target.write_text(new, encoding="utf-8")
            changed.append(str(target.relative_to(ROOT)))
    for path in changed:
        print(f"regenerated {path}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
