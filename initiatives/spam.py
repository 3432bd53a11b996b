"""Why a proposal needs human eyes whoever sends it: a link to a blocked domain, or many links."""

import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from . import snapshots
from .models import Revision

# Every place "http(s)://" starts a token, overlapping ones included: a link hidden in the
# query string of another one is a link too.
URL_RE = re.compile(r"(?=(https?://[^\s<>\"']+))", re.I)
# Browsers read these as dots in a host name (IDNA), and "\" as "/" in http(s) URLs.
IDEOGRAPHIC_DOTS = re.compile("[\u3002\uff0e\uff61]")
HOST_END = re.compile(r"[^\w.\-\[\]:].*$")


def suspicion(snapshot, *, base=None, count_links=True):
    """Why a proposal needs human eyes whoever sends it: a blocked domain, or (unless
    `count_links` is off, for people who may moderate it) many links. Only the URLs the
    proposal adds to `base` (the state it started from; None for a new initiative) count:
    links that were already accepted are not the author's doing. "" when none."""
    added = Counter(_urls(snapshot)) - Counter(_urls(base) if base else [])
    urls = list(added.elements())
    hosts = [_host(url) for url in urls]
    blocked_domains = [b.lower().strip(".") for b in settings.BLOCKED_DOMAINS if b.strip(".")]
    if blocked := sorted({h for h in hosts for b in blocked_domains if h == b or h.endswith("." + b)}):
        return fit(_("domaine bloqué : %s") % ", ".join(blocked))
    if count_links and len(urls) > settings.MAX_LINKS_BEFORE_REVIEW:
        return _("%d liens") % len(urls)
    return ""


def _urls(snapshot):
    text = " ".join(str(snapshot.get(name) or "") for name in snapshots.FIELDS)
    text += " " + " ".join(str(url) for _label, url in snapshot.get("links") or [])
    return URL_RE.findall(text)


def _host(url):
    """The host a browser would visit for `url` (so "https://ok.org@spam.example/" is
    spam.example), lower case, without a trailing dot."""
    url = url.replace("\\", "/")
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unbalanced "[": read the authority by hand
        host = re.split(r"[/?#]", url.split("://", 1)[1], maxsplit=1)[0].rpartition("@")[2]
    host = IDEOGRAPHIC_DOTS.sub(".", unquote(host)).lower()
    return HOST_END.sub("", host).strip(".")


def fit(text):
    """`text` cut to the column's length, so that a long message never fails the write."""
    limit = Revision._meta.get_field("suspicious").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"
