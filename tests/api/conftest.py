import pytest
from rest_framework.test import APIClient

from tests.factories import BREST, LILLE, LYON, make_initiative, make_network, make_theme


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def little_map(db):
    """A small, known map: two themes, networks of networks, three towns."""
    communs = make_theme(slug="communs", name_fr="Communs", name_en="Commons", colour="#1d4e89")
    libre = make_theme(slug="numerique-libre", name_fr="Numérique libre", name_en="Free software")
    coop_group = make_network(slug="coop-group", name="Coop Group")
    anim_fr = make_network(slug="anim-fr", name="Anim-fr", networks=[coop_group])
    return {
        "coop_group": coop_group,
        "anim_fr": anim_fr,
        "maison": make_initiative(
            slug="maison-du-libre", name="Maison du libre", kind="place", at=BREST,
            themes=[libre, communs], networks=[anim_fr], department_code="29", region_code="53",
            summary="Un lieu de la coopération autour du logiciel libre à Brest.",
            links=[("Wiki", "https://wiki.example.org/maison")],
        ),
        "roumics": make_initiative(
            slug="roumics", name="Les Roumics", kind="event", at=LILLE, themes=[communs],
            department_code="59", region_code="32", summary="Rencontres des usages coopératifs",
        ),
        "framasoft": make_initiative(
            slug="framasoft", name="Framasoft", kind="collective", at=LYON, themes=[libre],
            networks=[coop_group], department_code="69", region_code="84",
        ),
        "pending": make_initiative(slug="pending-one", name="En attente", status="pending", at=BREST),
        "archived": make_initiative(slug="archived-one", name="Archivée", status="archived", at=BREST),
    }  # fmt: skip


@pytest.fixture
def world(db):
    """What the write API needs: a theme, a network, an initiative to correct."""
    make_theme(slug="tiers-lieux", name_fr="Tiers-lieux")
    return {"network": make_network(slug="coop-group"), "maison": make_initiative(slug="maison-du-libre", name="Maison du libre")}
