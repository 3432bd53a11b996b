"""Page-number pagination with OGC-API-style `links` (rel next/prev) and an RFC 8288 Link
header, without counting the whole result: one row more than the page tells if one follows."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError

DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 10000


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def offset(self):
        return (self.number - 1) * self.size


def _positive_int(request, name, default, maximum):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise ValidationError({name: [_("Entier entre 1 et %d attendu.") % maximum]})
    return value


def requested_page(request):
    return Page(
        number=_positive_int(request, "page", 1, 10**9),
        size=_positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    )


def check_not_past_the_end(page, rows):
    if page.number > 1 and not rows:
        raise NotFound({"page": [_("Cette page est au-delà de la dernière.")]})


def page_links(request, page, has_next, media_type):
    def href(number):
        query = request.query_params.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    links = [{"rel": "self", "href": href(page.number), "type": media_type}]
    if has_next:
        links.append({"rel": "next", "href": href(page.number + 1), "type": media_type})
    if page.number > 1:
        links.append({"rel": "prev", "href": href(page.number - 1), "type": media_type})
    return links


def link_header(links):
    return ", ".join(f'<{link["href"]}>; rel="{link["rel"]}"' for link in links if link["rel"] != "self")
