"""Recent changes: the accepted revisions of published initiatives, as a page and as Atom
feeds (all, per theme, per network)."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import F, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language, gettext as _, gettext_lazy

from initiatives.models import Initiative, Membership, Revision, Theme
from initiatives.slugs import is_slug

from .history import changes_between

PAGE_SIZE = 50
FEED_SIZE = 50
TAG_YEAR = 2026  # when the site's host first minted these ids (RFC 4151's date)


def accepted_changes():
    """Accepted, visible revisions of published initiatives, newest first, each with
    `previous`: the snapshot it changed (for the names of the changed fields)."""
    earlier = Revision.objects.filter(
        initiative=OuterRef("initiative"), status=Revision.Status.ACCEPTED, version__lt=OuterRef("version")
    ).order_by("-version")  # fmt: skip
    return (
        Revision.objects.filter(
            status=Revision.Status.ACCEPTED, hidden=False, initiative__status=Initiative.Status.PUBLISHED
        )
        .select_related("initiative", "author")
        .annotate(previous=Coalesce("base_snapshot", Subquery(earlier.values("snapshot")[:1]), output_field=JSONField()))
        .order_by(F("decided_at").desc(nulls_last=True), "-id")
    )  # fmt: skip


def of_network(changes, slug):
    """Changes to the network itself and to its members."""
    members = Membership.objects.filter(network__slug=slug).values("member_id")
    return changes.filter(Q(initiative_id__in=members) | Q(initiative__slug=slug))


def changed_fields(revision):
    return [str(label) for _key, label, _old, _new in changes_between(revision.previous, revision.snapshot)]


def author_name(revision):
    return revision.author.get_username() if revision.author else _("anonyme")


def recent_changes(request):
    changes = accepted_changes()
    theme, network = request.GET.get("theme", ""), request.GET.get("network", "")
    status = 200
    if not all(is_slug(value) for value in (theme, network) if value):
        # Not a slug (a NUL byte, a quote…): it cannot name a theme or a network.
        messages.error(request, _("Filtre invalide : un thème ou un réseau se désigne par son identifiant."))
        theme, network, status = "", "", 400
    if theme:
        changes = changes.filter(initiative__themes__slug=theme)
    if network:
        changes = of_network(changes, network)
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    for revision in page:
        revision.fields = changed_fields(revision)
    themes = list(Theme.objects.all())
    networks = list(Initiative.objects.published().networks().order_by("name", "id").only("slug", "name"))
    if network in {n.slug for n in networks}:
        feed = reverse("frontend:feed-network", args=[network])
    elif theme in {t.slug for t in themes}:
        feed = reverse("frontend:feed-theme", args=[theme])
    else:
        feed = reverse("frontend:feed")
    return render(request, "frontend/recent_changes.html", {
        "page": page,
        "themes": themes,
        "networks": networks,
        "theme": theme,
        "network": network,
        "query": urlencode({k: v for k, v in (("theme", theme), ("network", network)) if v}),
        "feed_url": feed,
    }, status=status)  # fmt: skip


def site_authority():
    """The host of SITE_URL: the authority of the feeds' `tag:` ids (RFC 4151)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


class RecentChangesFeed(Feed):
    """Every change. Atom summaries are HTML, so the plain text is HTML-escaped once before
    the feed generator XML-escapes it: a reader shows "<script>" as text.

    As RFC 4287 wants: each entry has an `<updated>` (when the change was accepted) and an
    id that is an absolute, permanent IRI — `tag:<site host>,2026:revision:<id>`, which
    does not move when the initiative is renamed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Carte des réseaux — modifications récentes")
    subtitle = gettext_lazy("Les dernières modifications publiées des initiatives et des réseaux.")
    item_guid_is_permalink = False

    def link(self, obj=None):
        return reverse("frontend:recent-changes")

    def changes(self, obj):
        return accepted_changes()

    def items(self, obj=None):
        return self.changes(obj)[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.initiative.name} — {item.get_kind_display()}"

    def item_link(self, item):
        return reverse("frontend:initiative", args=[item.initiative.slug])

    def item_guid(self, item):
        return f"tag:{site_authority()},{TAG_YEAR}:revision:{item.pk}"

    def item_description(self, item):
        fields = _("Champs modifiés : %s") % ", ".join(changed_fields(item))
        return escape(f"{item.summary} — {fields}" if item.summary else fields)

    def item_author_name(self, item):
        return author_name(item)

    def item_pubdate(self, item):
        return item.decided_at or item.created_at

    def item_updateddate(self, item):
        return item.decided_at or item.created_at


class ThemeChangesFeed(RecentChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return _("Carte des réseaux — modifications : thème « %s »") % theme.name(get_language())

    def link(self, theme):
        return f"{reverse('frontend:recent-changes')}?{urlencode({'theme': theme.slug})}"

    def changes(self, theme):
        return accepted_changes().filter(initiative__themes=theme)


class NetworkChangesFeed(RecentChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Initiative.objects.published().networks(), slug=slug)

    def title(self, network):
        return _("Carte des réseaux — modifications : réseau « %s »") % network.name

    def link(self, network):
        return f"{reverse('frontend:recent-changes')}?{urlencode({'network': network.slug})}"

    def changes(self, network):
        return of_network(accepted_changes(), network.slug)
