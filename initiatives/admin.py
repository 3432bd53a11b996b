from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.gis.admin import GISModelAdmin
from django.contrib.gis.forms import OSMWidget
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Initiative, Link, Membership, NetworkAnimator, Report, Revision, Source, Theme
from .changes import record_import


class SelfHostedOSMWidget(OSMWidget):
    """Django's map widget loads OpenLayers from a CDN; ours comes from our origin
    (vendored by scripts/vendor-assets). Only the OSM tiles come from outside."""

    class Media:
        extend = False
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js")


class RefusesNulBytes:
    """PostgreSQL text cannot hold a NUL byte: a list filter or a search carrying one would
    fail in the database (a 500). It is a bad request."""

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            raise BadRequest("NUL byte in the query string")
        return super().changelist_view(request, extra_context)


class NetworkFilter(admin.SimpleListFilter):
    title = _("réseau")
    parameter_name = "network"

    def lookups(self, request, model_admin):
        return Initiative.objects.networks().values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(networks__slug=self.value())
        return queryset


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["network"]
    verbose_name = _("réseau dont elle est membre")
    verbose_name_plural = _("réseaux dont elle est membre")


class InitiativeAdminForm(forms.ModelForm):
    """No lost edit in the admin either: the form carries the version it was opened at, and
    saving is refused if the initiative changed since. The row is locked while checking; the
    admin runs the whole save in one transaction, so no other write can slip in between."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Initiative
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["base_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Initiative.objects.select_for_update().only("version").get(pk=self.instance.pk).version
            if cleaned.get("base_version") != current:
                raise forms.ValidationError(
                    _("Cette initiative a été modifiée pendant que vous l’éditiez (elle est maintenant "
                      "à la version %(version)d). Rouvrez-la pour voir ces changements, puis refaites "
                      "les vôtres."),
                    code="stale", params={"version": current},
                )  # fmt: skip
        return cleaned


@admin.register(Initiative)
class InitiativeAdmin(RefusesNulBytes, GISModelAdmin):
    form = InitiativeAdminForm
    list_display = ["name", "kind", "commune", "department_code", "status", "version", "updated_at"]
    list_filter = ["kind", "status", "themes", NetworkFilter, "scope"]
    search_fields = ["name", "slug", "summary", "commune"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    readonly_fields = ["version", "created_at", "updated_at", "merged_into"]  # a merge is merging.py's
    inlines = [MembershipInline, LinkInline]
    actions = ["merge_two"]
    gis_widget = SelfHostedOSMWidget
    gis_widget_kwargs = {"attrs": {"default_lon": 2.5, "default_lat": 46.6, "default_zoom": 5}}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and not (form.changed_data or any(fs.has_changed() for fs in formsets)):
            return
        record_import(form.instance, created=not change, author=request.user, summary="admin")

    @admin.action(description=_("Fusionner les deux initiatives choisies (la plus ancienne reste)"))
    def merge_two(self, request, queryset):
        """The merge page, side by side: the domain does the merge (initiatives/merging.py)."""
        pair = list(queryset.order_by("id").values_list("slug", flat=True)[:3])
        if len(pair) != 2:
            self.message_user(request, _("Choisissez exactement deux initiatives."), level="error")
            return None
        return redirect(reverse("frontend:merge") + "?" + urlencode({"garder": pair[0], "fusionner": pair[1]}))


@admin.register(Theme)
class ThemeAdmin(RefusesNulBytes, admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "colour", "position"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Revision)
class RevisionAdmin(RefusesNulBytes, admin.ModelAdmin):
    list_display = ["initiative", "kind", "status", "version", "author", "created_at", "hidden"]
    list_filter = ["status", "kind", "hidden"]
    search_fields = ["initiative__name", "summary"]
    raw_id_fields = ["initiative", "author", "decided_by"]


@admin.register(Report)
class ReportAdmin(RefusesNulBytes, admin.ModelAdmin):
    list_display = ["initiative", "reason", "created_at", "resolved_at"]
    list_filter = ["reason"]
    raw_id_fields = ["initiative", "reporter", "resolved_by"]


@admin.register(NetworkAnimator)
class NetworkAnimatorAdmin(RefusesNulBytes, admin.ModelAdmin):
    list_display = ["user", "network"]
    autocomplete_fields = ["network"]
    raw_id_fields = ["user"]


@admin.register(Source)
class SourceAdmin(RefusesNulBytes, admin.ModelAdmin):
    list_display = ["name", "format", "frequency", "active", "last_synced_at", "last_outcome"]
    list_filter = ["format", "active", "last_outcome"]
    search_fields = ["name", "slug", "url"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["last_fetched_at", "last_synced_at", "last_outcome", "last_message", "etag", "last_modified"]
    actions = ["sync_now"]

    @admin.action(description=_("Synchroniser maintenant"))
    def sync_now(self, request, queryset):
        from .sync import sync_source

        for source in queryset:
            outcome = sync_source(source, force=True)
            level = messages.ERROR if outcome.status == Source.Outcome.ERROR else messages.SUCCESS
            self.message_user(request, f"{source.name} : {outcome.message}", level)


from . import webhook_admin  # noqa: E402, F401  (webhook subscriptions, deliveries)
