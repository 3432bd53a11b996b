"""Query-string filters of /api/v1/initiatives/. Every bad value is a 400 naming its
parameter; unknown theme or network slugs simply match nothing."""

import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative

MAX_RADIUS_METRES = 1_000_000  # 1,000 km: more than mainland France is wide
SLUG_RE = r"^[-a-zA-Z0-9_]+$"
# A date-time whose offset's "+" was decoded as a space: "2026-01-31T12:00:00 01:00".
DECODED_PLUS = re.compile(r"^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?) (\d\d(?::?\d\d)?)$")


class RepeatableField(forms.Field):
    """`?theme=a&theme=b` or `?theme=a,b` → ["a", "b"], each value checked by `validator`."""

    widget = forms.SelectMultiple

    def __init__(self, *args, item_regex=SLUG_RE, choices=None, **kwargs):
        self.item_validator = forms.RegexField(regex=item_regex, max_length=100)
        self.allowed = {value for value, _label in choices} if choices else None
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        items = [part.strip() for v in value for part in str(v).split(",") if part.strip()]
        for item in items:
            self.item_validator.clean(item)
            if self.allowed is not None and item not in self.allowed:
                raise forms.ValidationError(
                    _("« %(value)s » n’est pas une valeur possible (%(allowed)s).")
                    % {"value": item, "allowed": ", ".join(sorted(self.allowed))}
                )
        return items


class NumberListField(forms.CharField):
    """`1.5,2,3` → [1.5, 2.0, 3.0], exactly `size` finite numbers."""

    def __init__(self, *args, size, **kwargs):
        self.size = size
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        parts = value.split(",")
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            numbers = []
        if len(numbers) != self.size or any(n != n or n in (float("inf"), float("-inf")) for n in numbers):
            raise forms.ValidationError(
                _("%(size)d nombres séparés par des virgules sont attendus.") % {"size": self.size}
            )
        return numbers


def _check_lon_lat(lon, lat):
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise forms.ValidationError(
            _("Longitude entre -180 et 180, latitude entre -90 et 90 (ordre : longitude, latitude).")
        )


class BBoxField(NumberListField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, size=4, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            min_lon, min_lat, max_lon, max_lat = value
            _check_lon_lat(min_lon, min_lat)
            _check_lon_lat(max_lon, max_lat)
            if min_lon >= max_lon or min_lat >= max_lat:
                raise forms.ValidationError(
                    _("Attendu : minlon,minlat,maxlon,maxlat avec min < max.")
                )


class PointField(NumberListField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, size=2, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            _check_lon_lat(*value)


class MomentField(forms.CharField):
    """ISO 8601 date or date-time; a date means its midnight UTC, a naive time is UTC."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            # An unencoded "+" of an offset arrives decoded as a space; a space between the
            # date and the time is ISO 8601 too (RFC 3339), so only the offset's is restored.
            moment = parse_datetime(DECODED_PLUS.sub(r"\1+\2", value))
            if moment is None and (day := parse_date(value)):
                moment = dt.datetime.combine(day, dt.time())
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(_("Date ISO 8601 attendue, par exemple 2026-01-31T12:00:00Z."))
        if timezone.is_naive(moment):
            return moment.replace(tzinfo=dt.timezone.utc)
        try:
            # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows.
            return moment.astimezone(dt.timezone.utc)
        except OverflowError:  # 0001-01-01T00:00+01:00 is in year 0
            raise forms.ValidationError(_("Date hors de l’intervalle possible.")) from None


class StrictBooleanField(forms.Field):
    VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise forms.ValidationError(_("true ou false attendu.")) from None


class FieldFilter(django_filters.Filter):
    """A filter whose form field is given, applied by a method."""

    def __init__(self, *args, field_class, **kwargs):
        self.field_class = field_class
        super().__init__(*args, **kwargs)


class InitiativeFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        near, radius = data.get("near"), data.get("radius")
        if near and radius is None and "radius" not in self.errors:
            self.add_error("radius", _("`radius` (en mètres) accompagne `near`."))
        if radius is not None and not near and "near" not in self.errors:
            self.add_error("near", _("`near=lon,lat` accompagne `radius`."))
        return data


class InitiativeFilter(django_filters.FilterSet):
    bbox = FieldFilter(
        field_class=BBoxField, method="filter_bbox",
        help_text="minlon,minlat,maxlon,maxlat (WGS84)",
    )  # fmt: skip
    near = FieldFilter(
        field_class=PointField, method="filter_near", help_text="lon,lat (WGS84), with radius"
    )
    radius = django_filters.NumberFilter(
        method="filter_radius", min_value=0, max_value=MAX_RADIUS_METRES,
        help_text=f"metres around `near` (0–{MAX_RADIUS_METRES})",
    )  # fmt: skip
    theme = FieldFilter(
        field_class=RepeatableField, method="filter_theme",
        help_text="theme slug; repeat or separate with commas for any of several",
    )  # fmt: skip
    network = FieldFilter(
        field_class=RepeatableField, method="filter_network",
        help_text="members of the network with this slug (any of several)",
    )  # fmt: skip
    transitive = FieldFilter(
        field_class=StrictBooleanField, method="filter_noop",
        help_text="true or false; with `network`: also the members of its member networks",
    )  # fmt: skip
    kind = FieldFilter(
        field_class=RepeatableField, method="filter_in", field_name="kind",
        choices=Initiative.Kind.choices, help_text=", ".join(Initiative.Kind.values),
    )  # fmt: skip
    department = FieldFilter(
        field_class=RepeatableField, method="filter_department", field_name="department_code",
        item_regex=r"^(\d{2,3}|2[ABab])$", help_text="department code, e.g. 29 or 2A",
    )  # fmt: skip
    region = FieldFilter(
        field_class=RepeatableField, method="filter_in", field_name="region_code",
        item_regex=r"^\d{2}$", help_text="region INSEE code, e.g. 53",
    )  # fmt: skip
    q = django_filters.CharFilter(
        method="filter_search", max_length=200,
        help_text="French full-text search: accents, case and small typos do not matter",
    )  # fmt: skip
    updated_since = FieldFilter(
        field_class=MomentField, method="filter_updated_since",
        help_text="ISO 8601; initiatives whose Feature changed since (its networks, themes and links included)",
    )

    class Meta:
        model = Initiative
        fields = []
        form = InitiativeFilterForm

    def get_form_class(self):
        # The filters are the same on every request: build their form class (and its labels)
        # once per process, not once per request (a third of the filtering time otherwise).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_noop(self, queryset, name, value: bool):
        return queryset  # read by filter_network

    def filter_radius(self, queryset, name, value: float):
        return queryset  # read by filter_near

    def filter_bbox(self, queryset, name, value: str):
        return queryset.in_bbox(*value)

    def filter_near(self, queryset, name, value: str):
        return queryset.near(*value, self.form.cleaned_data["radius"])

    def filter_theme(self, queryset, name, value: list[str]):
        has_theme = Initiative.themes.through.objects.filter(
            initiative_id=OuterRef("pk"), theme__slug__in=value
        )
        return queryset.filter(Exists(has_theme))

    def filter_network(self, queryset, name, value: list[str]):
        return queryset.members_of_slugs(value, transitive=bool(self.form.cleaned_data.get("transitive")))

    def filter_in(self, queryset, name, values):
        return queryset.filter(**{f"{name}__in": values})

    def filter_department(self, queryset, name, values):
        return self.filter_in(queryset, name, [v.upper() for v in values])  # 2a → 2A

    def filter_search(self, queryset, name, value):
        return queryset.ranked_search(value)

    def filter_updated_since(self, queryset, name, value: dt.datetime):
        return queryset.filter(updated_at__gte=value)
