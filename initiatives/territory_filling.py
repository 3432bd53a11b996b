"""A position without its commune (an API client, a form without JavaScript): the empty
territory fields are filled from the geocoder, as the form's script does when the marker is
placed."""

from django.core.exceptions import ValidationError

from . import geocoding
from .models import Initiative

TERRITORY = ("commune", "postal_code", "insee_code", "department_code", "region_code")


def fill_territory(snapshot):
    """`snapshot` with its empty territory fields filled from the geocoder. What the person
    gave is never replaced, and a commune found that contradicts it fills nothing."""
    if snapshot["location"] is None or all(snapshot[name] for name in TERRITORY):
        return snapshot
    try:
        place = geocoding.get_geocoder().reverse(*snapshot["location"])
    except geocoding.GeocodingError:
        return snapshot
    if place is None or _contradicts(snapshot, place):
        return snapshot
    filled = dict(snapshot)
    for name in TERRITORY:
        value = getattr(place, name)
        if not filled[name] and value and _valid(name, value):
            filled[name] = value
    return filled


def _contradicts(snapshot, place):
    given = {
        "commune": (geocoding.normalize(snapshot["commune"]), geocoding.normalize(place.commune)),
        "insee_code": (geocoding.commune_of_district(snapshot["insee_code"].upper()), place.insee_code),
        "department_code": (snapshot["department_code"].upper(), place.department_code),
        "region_code": (snapshot["region_code"], place.region_code),
    }
    return any(mine and mine != found for mine, found in given.values())


def _valid(name, value):
    """Whether the model accepts `value` (an overseas collectivity's "region" does not)."""
    try:
        Initiative._meta.get_field(name).run_validators(value)
    except ValidationError:
        return False
    return True
