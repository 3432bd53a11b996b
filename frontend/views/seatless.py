"""The networks without a seat (no place of their own: they exist through their members). The
home page shows the first few and links here for all of them, a page at a time: the whole list
(hundreds at 100k initiatives) would weigh on every load of the map."""

from django.core.paginator import Paginator
from django.shortcuts import render

from initiatives.models import Initiative
from initiatives.selectors import dataset_state, per_dataset_version

ON_THE_HOME_PAGE = 12
PER_PAGE = 100


def seatless_networks(dataset=None):
    """The published seatless networks by name, as {slug, name}, remembered per dataset version."""
    return per_dataset_version("seatless-networks", lambda: list(
        Initiative.objects.published().networks().filter(location__isnull=True)
        .order_by("name").values("slug", "name")
    ), state=dataset)  # fmt: skip


def seatless_list(request):
    page = Paginator(seatless_networks(dataset_state()), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "frontend/seatless.html", {"page": page})
