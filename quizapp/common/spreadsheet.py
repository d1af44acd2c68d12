"""CSV for spreadsheets, safe to open: every CSV the app writes goes through here.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) as a formula, so a quiz title or a username such as
``+A1+A2`` or ``=HYPERLINK(...)`` would run on the instructor's machine. As OWASP
recommends (https://owasp.org/www-community/attacks/CSV_Injection), such a cell is
prefixed with a single quote, which makes it text, and every cell is quoted.
Numbers stay numbers: a negative discrimination index is data, not a formula.
"""

import csv
import re

from django.http import HttpResponse

# The ASCII triggers, their full-width forms (some spreadsheets normalise them), and
# the whitespace some programs skip before looking for a formula.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")


def safe_cell(value):
    """The value as a spreadsheet should show it: never a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text and text[0] in FORMULA_START and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer with every cell neutralised and quoted."""

    def __init__(self, stream):
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_download(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """An attachment response and the writer that fills it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the UTF-8 correctly
    return response, SafeWriter(response)
