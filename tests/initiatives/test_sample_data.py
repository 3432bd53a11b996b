"""The sample networks of the seed documents load, completely or not at all, idempotently."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from initiatives.models import Dataset, Initiative, Link, Membership, Theme

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Initiative.objects.order_by("slug").values_list("slug", "version", "updated_at")),
        Membership.objects.count(), Link.objects.count(), Theme.objects.count(),
    )  # fmt: skip


def test_it_loads_the_networks_of_the_seeds(sample_data):
    assert Initiative.objects.published().count() >= 30
    assert Theme.objects.count() >= 10
    anim_fr = Initiative.objects.get(slug="anim-fr")
    assert anim_fr.is_network and anim_fr.location is None
    assert list(anim_fr.networks.values_list("slug", flat=True)) == ["coop-group"]
    maison = Initiative.objects.get(slug="maison-du-libre")
    assert maison.commune == "Brest" and maison.insee_code == "29019"
    assert maison.location_precision == "commune"
    assert maison.themes.exists()
    for slug in ("framasoft", "chatons", "roumics", "forum-des-usages-cooperatifs", "adrets"):
        assert Initiative.objects.filter(slug=slug).exists(), slug


def test_loading_twice_changes_nothing(sample_data):
    before, version = snapshot(), Dataset.current().version
    out = io.StringIO()
    call_command("load_sample_data", stdout=out)
    assert snapshot() == before
    assert Dataset.current().version == version
    records = Initiative.objects.count() + Theme.objects.count()
    assert f"0 created, 0 updated, {records} unchanged" in out.getvalue()  # themes counted too


def test_a_changed_record_is_updated_and_gets_a_new_version(tmp_path, sample_data):
    data = yaml.safe_load(open("fixtures/sample_data.yaml", encoding="utf-8"))
    record = next(r for r in data["initiatives"] if r["slug"] == "maison-du-libre")
    record["summary"] = "Résumé corrigé."
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_sample_data", str(path), verbosity=0)
    maison = Initiative.objects.get(slug="maison-du-libre")
    assert (maison.summary, maison.version) == ("Résumé corrigé.", 2)
    assert Initiative.objects.get(slug="framasoft").version == 1


@pytest.mark.parametrize("corrupt,message", [
    (lambda r: r.update(lon=250.0), "longitude entre -180 et 180"),
    (lambda r: r.update(kind="spaceship"), "kind"),
    (lambda r: r.update(website="ftp://example.org"), "website"),
    (lambda r: r.update(networks=["maison-du-libre"]), "member of itself"),
    (lambda r: r.update(networks=["framasoft"]), "is not a network"),
    (lambda r: r.update(themes=["no-such-theme"]), "unknown theme"),
    (lambda r: r.update(links=[{"label": "x", "url": "javascript:alert(1)"}]), "link"),
])  # fmt: skip
def test_one_bad_record_and_nothing_is_written(tmp_path, db, corrupt, message):
    data = yaml.safe_load(open("fixtures/sample_data.yaml", encoding="utf-8"))
    corrupt(next(r for r in data["initiatives"] if r["slug"] == "maison-du-libre"))
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_sample_data", str(path), verbosity=0)
    assert not Initiative.objects.exists() and not Theme.objects.exists()


def test_a_duplicate_slug_in_the_file_is_refused(tmp_path, db):
    data = yaml.safe_load(open("fixtures/sample_data.yaml", encoding="utf-8"))
    data["initiatives"].append(dict(data["initiatives"][0]))
    path = tmp_path / "dup.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="duplicate"):
        call_command("load_sample_data", str(path), verbosity=0)
    assert not Initiative.objects.exists()
