"""JSON bodies with a nesting limit. Python's decoder recurses once per level: a body nested
~950 deep (a few kilobytes) exhausts the interpreter's stack and would be a 500. No
proposal nests deeper than 3 ({"links": [{"label": …}]}), so 32 levels is generous."""

import io
import re
from itertools import accumulate

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
# Strings (whose brackets do not count) and brackets; everything else is skipped.
STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text):
    steps = (DEPTH_STEP.get(token, 0) for token in STRING_OR_BRACKET.findall(text))
    return max(accumulate(steps, initial=0))


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("Le corps n’est pas du JSON en %s.") % encoding) from exc
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(_("JSON imbriqué sur plus de %d niveaux.") % MAX_DEPTH)
        return super().parse(io.BytesIO(raw), media_type, parser_context)

