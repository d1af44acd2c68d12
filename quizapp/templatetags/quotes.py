"""One quotation style: curly double quotes, never doubled.

Citations are shown verbatim in a blockquote with no marks added (the source's own
quotation marks are part of the quote); prose around them uses single_quotes."""

import re

from django import template

register = template.Library()

DOUBLED_OPEN = re.compile("“{2,}")
DOUBLED_CLOSE = re.compile("”{2,}")


@register.filter
def single_quotes(text) -> str:
    """“…” where text had ““…”” (a quoted quote in a generated explanation)."""
    return DOUBLED_CLOSE.sub("”", DOUBLED_OPEN.sub("“", str(text)))
