"""The forms of the contribution pages. A contribution form's cleaned data becomes a snapshot
(initiatives/snapshots.py) that the services validate again: the form puts the errors next to
each field, the services keep the rules whatever the door."""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import get_language, gettext_lazy as _

from initiatives import snapshots
from initiatives.models import Initiative, Link, Report, Revision, Theme
from initiatives.models.core import max_length
from initiatives.territories import OVERSEAS_COLLECTIVITIES, department_choices, region_choices, territory_errors

LINK_ROWS = 5
MAX_LINK_ROWS = 20
LINK_FIELD = re.compile(r"link_(?:label|url)_(\d+)")
NO_CHOICE = [("", "—")]
DEPARTMENTS = NO_CHOICE + department_choices(with_code=True) + [
    (code, f"{code} – {name}") for code, name in OVERSEAS_COLLECTIVITIES.items()
]
REGIONS = NO_CHOICE + region_choices() + list(OVERSEAS_COLLECTIVITIES.items())
# Where a snapshot key's errors (from the services) are shown; the others have their own field.
ERROR_FIELD = {"location": "lon"}


class HttpURLField(forms.URLField):
    """http(s) only, as the database requires; "example.org" means "https://example.org"."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Saisissez une adresse web valide, commençant par http:// ou https://.")
    }

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", max_length=max_length(Link, "url"), **kwargs)


class ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return theme.name(get_language())


class NetworksField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, network):
        # One it already belongs to may be unpublished (archived since): its name is not public.
        return network.name if network.status == Initiative.Status.PUBLISHED else _("Réseau non publié")


class HoneypotForm(forms.Form):
    """A field people never see (hidden by CSS, out of the tab order) and robots fill in."""

    site_web_2 = forms.CharField(
        label=_("Ne pas remplir"), required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("site_web_2"):
            raise forms.ValidationError(
                _("Envoi refusé : le champ « Ne pas remplir » doit rester vide."), code="honeypot"
            )
        return cleaned


class ContributionForm(HoneypotForm):
    required_css_class = "required"  # labels of required fields get an asterisk (site.css)
    candidates = ()  # possible duplicates the services found (show_duplicates)

    name = forms.CharField(label=_("Nom"), max_length=max_length(Initiative, "name"))
    kind = forms.ChoiceField(label=_("Nature"), choices=Initiative.Kind.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("Résumé"), max_length=max_length(Initiative, "summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Une ou deux phrases (500 caractères au plus)."),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Description"), max_length=max_length(Initiative, "description"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Texte simple : ce que vous faites, pour qui, comment y participer."),
    )  # fmt: skip
    scope = forms.ChoiceField(label=_("Portée géographique"), choices=NO_CHOICE + Initiative.Scope.choices)
    themes = ThemesField(
        label=_("Thèmes"), queryset=Theme.objects.all(), to_field_name="slug", required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    networks = NetworksField(
        label=_("Réseaux dont elle est membre"), queryset=Initiative.objects.none(), to_field_name="slug",
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    lon = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )  # fmt: skip
    lat = forms.FloatField(
        label=_("Latitude"), min_value=-90, max_value=90, required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )  # fmt: skip
    location_precision = forms.ChoiceField(
        label=_("Précision de la position"), choices=NO_CHOICE + Initiative.Precision.choices, required=False
    )
    seatless = forms.BooleanField(
        label=_("Réseau sans siège (réseau en ligne ou national) : pas de position sur la carte"),
        required=False, label_suffix="",
    )
    address = forms.CharField(label=_("Adresse"), max_length=max_length(Initiative, "address"), required=False)
    postal_code = forms.CharField(
        label=_("Code postal"), max_length=5, required=False,
        validators=[RegexValidator(r"^\d{5}$", _("Un code postal a cinq chiffres."))],
    )  # fmt: skip
    commune = forms.CharField(label=_("Commune"), max_length=max_length(Initiative, "commune"), required=False)
    insee_code = forms.CharField(
        label=_("Code INSEE de la commune"), max_length=5, required=False,
        validators=[RegexValidator(r"^(\d{5}|2[ABab]\d{3})$", _("Un code INSEE a cinq caractères, par exemple 29019 ou 2A004."))],
    )  # fmt: skip
    department_code = forms.ChoiceField(label=_("Département"), choices=DEPARTMENTS, required=False)
    region_code = forms.ChoiceField(label=_("Région"), choices=REGIONS, required=False)

    website = HttpURLField(label=_("Site web"), required=False)
    contact_email = forms.EmailField(
        label=_("Courriel de contact public"), required=False,
        help_text=_("Publié sur la carte : laissez vide pour ne pas en afficher."),
    )  # fmt: skip

    author_email = forms.EmailField(
        label=_("Votre courriel, pour être prévenu·e de la décision"), required=False,
        help_text=_("Facultatif, jamais publié."),
    )  # fmt: skip
    summary_of_change = forms.CharField(
        label=_("Un mot pour la modération"), max_length=max_length(Revision, "summary"), required=False,
        help_text=_("Par exemple : « nouvelle adresse depuis janvier »."),
    )  # fmt: skip
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    not_a_duplicate = forms.BooleanField(
        label=_("Ce n’est aucune de ces fiches : c’est une autre initiative, envoyer quand même"),
        required=False, label_suffix="",
    )  # fmt: skip

    def __init__(self, data=None, *, initiative=None, snapshot=None, version=None):
        initial = snapshot_data(snapshot) if snapshot else {}
        if version is not None:
            initial["version"] = version
        super().__init__(data, initial=initial)
        self.fields["version"].required = initiative is not None
        self.fields["networks"].queryset = Initiative.objects.networks().open_to(initiative).order_by("name")
        self.link_rows = self._link_rows()
        for i in range(self.link_rows):
            self.fields[f"link_label_{i}"] = forms.CharField(
                label=_("Intitulé du lien %d") % (i + 1), max_length=max_length(Link, "label"), required=False
            )
            self.fields[f"link_url_{i}"] = HttpURLField(label=_("Adresse du lien %d") % (i + 1), required=False)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, (forms.widgets.Input, forms.Textarea)) and not (
                widget.is_hidden or isinstance(widget, forms.CheckboxInput)
            ):
                widget.attrs.setdefault("class", "form-control")

    def _link_rows(self):
        """Enough rows for the links there are, and one more (5 at least)."""
        if self.is_bound:
            indexes = [int(m[1]) for key in self.data if (m := LINK_FIELD.fullmatch(key))]
            wanted = max(indexes, default=-1) + 1
        else:
            wanted = sum(1 for key in self.initial if key.startswith("link_url_")) + 1
        return min(MAX_LINK_ROWS, max(LINK_ROWS, wanted))

    @property
    def link_fields(self):
        return [(self[f"link_label_{i}"], self[f"link_url_{i}"]) for i in range(self.link_rows)]

    def clean_insee_code(self):
        return self.cleaned_data["insee_code"].upper()

    def clean(self):
        cleaned = super().clean()
        lon, lat = cleaned.get("lon"), cleaned.get("lat")
        if cleaned.get("seatless"):
            if cleaned.get("kind") and not Initiative.may_be_seatless(cleaned["kind"]):
                self.add_error("seatless", Initiative.SEATLESS_REFUSED)
        elif "lon" not in self.errors and "lat" not in self.errors:
            if lon is None and lat is None:
                self.add_error("lon", _("Placez-la sur la carte, ou saisissez sa longitude et sa latitude."))
            elif lon is None or lat is None:
                self.add_error("lon" if lon is None else "lat", _("Il faut la longitude et la latitude."))
        for field, message in territory_errors(cleaned.get("department_code"), cleaned.get("region_code")).items():
            self.add_error(field, message)
        cleaned["links"] = self._clean_links()
        return cleaned

    def _clean_links(self):
        links = []
        for i in range(self.link_rows):
            label_key, url_key = f"link_label_{i}", f"link_url_{i}"
            if label_key in self.errors or url_key in self.errors:
                continue
            label, url = self.cleaned_data[label_key], self.cleaned_data[url_key]
            if url:
                links.append([label or urlsplit(url).hostname, url])
            elif label:
                self.add_error(url_key, _("Indiquez l’adresse de ce lien, ou effacez son intitulé."))
        return links

    def snapshot(self):
        """The cleaned data as the services' `data`."""
        data = self.cleaned_data
        seatless = data["seatless"]
        return {
            **{name: data[name] for name in snapshots.FIELDS},
            "location_precision": "" if seatless else data["location_precision"],
            "location": None if seatless else [data["lon"], data["lat"]],
            "themes": [theme.slug for theme in data["themes"]],
            "networks": [network.slug for network in data["networks"]],
            "links": data["links"],
        }

    def show_duplicates(self, found):
        """The services found possible duplicates (initiatives.duplicates): nothing was sent;
        the person checks them, then says it is another one or corrects one of them."""
        self.candidates = found.candidates
        self.add_error("not_a_duplicate", _("Cette initiative existe peut-être déjà : vérifiez les fiches "
                                            "proposées. Si c’en est une autre, cochez cette case."))  # fmt: skip

    def add_snapshot_errors(self, error):
        """Put the services' ValidationError (keyed by snapshot key) next to the fields."""
        for key, messages in error.message_dict.items():
            field = ERROR_FIELD.get(key, key)
            self.add_error(field if field in self.fields else None, messages)


def snapshot_data(snapshot):
    """The form's data for a snapshot (values or lists of values, by field name)."""
    data = {name: snapshot[name] for name in snapshots.FIELDS}
    location = snapshot["location"]
    if location:
        data["lon"], data["lat"] = location
    data["seatless"] = location is None and Initiative.may_be_seatless(snapshot["kind"])
    data["themes"] = list(snapshot["themes"])
    data["networks"] = list(snapshot["networks"])
    for i, (label, url) in enumerate(snapshot["links"]):
        data[f"link_label_{i}"], data[f"link_url_{i}"] = label, url
    return data


def belongs_to(key):
    """A test of whether a form field carries (part of) a snapshot key."""
    if key == "location":
        return lambda name: name in ("lon", "lat", "seatless")
    if key == "links":
        return LINK_FIELD.fullmatch
    return lambda name: name == key


def as_inputs(data, prefix=""):
    """(name, value) pairs of hidden inputs that post `data` back as the form would."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item is not False:  # identity: 0.0 is a longitude
                pairs.append((prefix + name, "on" if item is True else item))
    return pairs


def resolve(post):
    """A conflict page's answer as form data: the merged values it posted, with "mine-"
    values replacing them for each key where the person chose to keep theirs."""
    data = post.copy()
    for key in snapshots.KEYS:
        if post.get(f"choice-{key}") != "mine":
            continue
        belongs = belongs_to(key)
        for name in [name for name in data if belongs(name)]:
            del data[name]
        for name in post:
            if name.startswith("mine-") and belongs(name[5:]):
                data.setlist(name[5:], post.getlist(name))
    return data


class ReportForm(HoneypotForm):
    reason = forms.ChoiceField(label=_("Quel est le problème ?"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Précisions"), max_length=max_length(Report, "comment"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("Ce qui est faux, ce qui a changé, où trouver la bonne information."),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("Votre courriel"), required=False, widget=forms.EmailInput(attrs={"class": "form-control"}),
        help_text=_("Facultatif, jamais publié : si la modération a besoin de précisions."),
    )  # fmt: skip
