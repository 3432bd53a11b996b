"""A membership cycle in an import (A in B in A): a French row error, nothing written."""

import pytest
from django.core.management.base import CommandError

from initiatives.imports import ImportRefused, plan, run_import
from initiatives.models import Initiative, Membership
from tests.factories import make_network
from tests.initiatives.imports.helpers import import_file, state

pytestmark = pytest.mark.django_db

HEADER = "id;name;kind;scope;summary;networks\r\n"


@pytest.fixture
def two_networks(db):
    """Réseau Alpha and Réseau Beta, imported earlier from the source "reseaux"."""
    alpha = make_network(slug="alpha", name="Réseau Alpha", source="reseaux", source_id="a")
    beta = make_network(slug="beta", name="Réseau Beta", source="reseaux", source_id="b")
    return alpha, beta


def test_a_row_closing_a_cycle_with_the_map_is_an_invalid_row_in_french(tmp_path, two_networks):
    alpha, beta = two_networks
    Membership.objects.create(member=beta, network=alpha)  # Beta is in Alpha
    content = HEADER + "a;Réseau Alpha;network;national;Un réseau.;Réseau Beta\r\n"
    before = state()
    output = import_file(tmp_path, content, "csv", "--source", "reseaux", "--dry-run")
    assert "ligne 2 · invalide · Réseau Alpha [a]" in output
    assert "« Réseau Alpha » ne peut pas devenir membre de « Réseau Beta »" in output
    with pytest.raises(CommandError, match="1 ligne\\(s\\) invalide\\(s\\) : rien n’a été importé"):
        import_file(tmp_path, content, "csv", "--source", "reseaux")
    assert state() == before
    assert list(alpha.networks.all()) == []


def test_two_rows_closing_a_cycle_between_them_are_refused_in_french(tmp_path, two_networks):
    alpha, beta = two_networks
    content = (HEADER + "a;Réseau Alpha;network;national;Un réseau.;Réseau Beta\r\n"
                        "b;Réseau Beta;network;national;Un réseau.;Réseau Alpha\r\n")  # fmt: skip
    before, memberships = state(), Membership.objects.count()
    output = import_file(tmp_path, content, "csv", "--source", "reseaux", "--dry-run")
    assert "ligne 3 · invalide · Réseau Beta [b]" in output  # the dry run says it, not only the write
    assert "« Réseau Beta » ne peut pas devenir membre de « Réseau Alpha »" in output
    assert "Réseau Beta ⊃ Réseau Alpha" in output
    with pytest.raises(CommandError, match="1 ligne\\(s\\) invalide\\(s\\) : rien n’a été importé"):
        import_file(tmp_path, content, "csv", "--source", "reseaux")
    assert (state(), Membership.objects.count()) == (before, memberships)
    assert Initiative.objects.get(slug="alpha").version == alpha.version


def test_a_cycle_closed_after_the_planning_refuses_the_write_in_french(two_networks, monkeypatch):
    alpha, beta = two_networks
    monkeypatch.setattr(plan, "BATCH_ROWS", 1)  # Alpha's row is judged before the next one is read
    content = (HEADER + "a;Réseau Alpha;network;national;Un réseau.;Réseau Beta\r\n"
                        "c;Réseau Gamma;network;national;Un réseau.;\r\n").encode()  # fmt: skip

    def read_then_close_the_cycle(rows):
        yield from rows  # Alpha's row planned against the map: Alpha may join Beta
        Membership.objects.create(member=beta, network=alpha)  # meanwhile, Beta joins Alpha

    with pytest.raises(ImportRefused, match="ferme un cycle d’appartenance avec cet import. Rien n’a été importé"):
        run_import(content, format="csv", source="reseaux", apply=True, progress=read_then_close_the_cycle)
    assert list(alpha.networks.all()) == []
    assert not Initiative.objects.filter(source_id="c").exists()
