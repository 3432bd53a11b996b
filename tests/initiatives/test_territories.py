"""French regions and departments (initiatives/territories.py, data/territories.json)."""

from initiatives import territories
from initiatives.territories import (
    DEPARTMENTS,
    OVERSEAS_COLLECTIVITIES,
    REGIONS,
    department_choices,
    department_name,
    department_region,
    departments_in_region,
    region_choices,
    region_name,
    sort_key,
)


def test_counts():
    assert len(REGIONS) == 18
    assert len(DEPARTMENTS) == 101


def test_known_names():
    assert department_name("2A") == "Corse-du-Sud"
    assert department_name("2B") == "Haute-Corse"
    assert department_name("29") == "Finistère"
    assert department_name("974") == "La Réunion"
    assert region_name("53") == "Bretagne"
    assert region_name("11") == "Île-de-France"
    assert region_name("94") == "Corse"


def test_codes_are_normalised_and_unknown_codes_give_none():
    assert department_name("2a") == "Corse-du-Sud"
    assert department_name(" 1 ") == "Ain"
    assert department_name(1) == "Ain"
    assert department_name("20") is None
    assert department_name("") is None
    assert department_name(None) is None
    assert region_name("99") is None


def test_every_department_belongs_to_a_region():
    for code, info in DEPARTMENTS.items():
        assert set(info) == {"name", "region"}
        assert info["region"] in REGIONS, code
    assert {info["region"] for info in DEPARTMENTS.values()} == set(REGIONS)
    assert department_region("2A") == "94"
    assert departments_in_region("53") == ["22", "29", "35", "56"]


def test_overseas_collectivities_are_known_but_not_departments():
    assert OVERSEAS_COLLECTIVITIES["975"] == "Saint-Pierre-et-Miquelon"
    assert "987" not in DEPARTMENTS and "987" not in REGIONS
    assert region_name("987") == department_name("987") == "Polynésie française"
    assert department_region("987") == "987"


def test_choices_are_sorted_by_name_ignoring_accents():
    regions = region_choices()
    assert len(regions) == 18
    assert [sort_key(name) for _, name in regions] == sorted(sort_key(n) for _, n in regions)
    names = [name for _, name in regions]
    # "Île-de-France" sorts with the I, not after "Provence…" as a raw sort would put it
    assert names.index("Hauts-de-France") < names.index("Île-de-France") < names.index("La Réunion")

    departments = department_choices()
    assert len(departments) == 101
    assert departments[0] == ("01", "Ain")
    keys = [sort_key(name) for _, name in departments]
    assert keys == sorted(keys)
    names = [name for _, name in departments]
    assert names.index("Essonne") < names.index("Eure") < names.index("Finistère")
    assert names.index("Hérault") < names.index("Ille-et-Vilaine") < names.index("Indre")

    labelled = dict(department_choices(with_code=True))
    assert labelled["29"] == "29 – Finistère"


def test_sort_key():
    assert sort_key("Île-de-France") == "ile de france"
    assert sort_key("Provence-Alpes-Côte d'Azur") == "provence alpes cote d azur"


def test_data_file_records_its_source():
    import json

    data = json.loads(territories.DATA_FILE.read_text(encoding="utf-8"))
    assert "@etalab/decoupage-administratif" in data["source"]
    assert "Licence Ouverte" in data["licence"]
