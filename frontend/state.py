"""What a map URL asks for, as far as it can be understood: the filters (the API's own
parameters, validated by the API's own FilterSet) and the view (lat, lon, z). Whatever cannot
be understood is reported, never a reason to fail."""

from api.filters import InitiativeFilter
from initiatives.models import Initiative

FILTERS = ("theme", "network", "transitive", "kind", "department", "region", "q")
VIEW = {"lat": (-85.0, 85.0), "lon": (-180.0, 180.0), "z": (2, 18)}


def map_state(query):
    state, ignored = {}, []
    for name in query:
        if name not in FILTERS and name not in VIEW:
            ignored.append(name)
    filterset = InitiativeFilter(
        data={k: query.getlist(k) if k in ("theme", "network", "kind", "department", "region") else query[k]
              for k in FILTERS if k in query},  # fmt: skip
        queryset=Initiative.objects.none(),
    )
    form = filterset.form
    form.is_valid()
    ignored += sorted(form.errors)
    for name in FILTERS:
        value = form.cleaned_data.get(name) if name not in form.errors else None
        if value not in (None, "", []):
            state[name] = value
    for name, (low, high) in VIEW.items():
        if name in query:
            try:
                number = float(query[name])
                if not low <= number <= high:
                    raise ValueError
                state[name] = number
            except ValueError:
                ignored.append(name)
    return state, ignored
