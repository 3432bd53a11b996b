"""Synthetic benchmark data: N initiatives spread over France like real ones.

    .venv/bin/python -m bench.generate --count 100000 [--seed 1] [--db carte_bench]

It writes into a separate database of the project-local cluster (`--db`, created with PostGIS
when missing, then migrated) so the dev data is untouched; with DATABASE_URL set it uses that
database instead. It refuses a database holding initiatives it did not make (unless --force).
It empties the initiative tables (initiatives, their themes, memberships and links), keeps the
themes (or creates ten when there are none) and loads:

- points denser in cities (125 French towns, population-weighted, gaussian scatter that
  widens with the town's size) plus ~15 % rural points drawn uniformly over a rough outline
  of metropolitan France and Corsica (so nothing lands in the sea);
- French names, summaries and descriptions with accents, kinds (~2 % networks, a quarter of
  them seatless), scopes, department/region codes and postal codes of the nearest town,
  1-4 themes, 0-2 links, ~3 % pending, source "bench". Web
  addresses use the reserved example.org/example.net domains; INSEE codes are left empty;
- a network structure (see network_memberships): 5 to 5,000 members per network in a long
  tail, ~90 % of the other initiatives in a network and ~15 % of those in two or more,
  networks of networks up to three levels deep, without cycles.

Speed: no ORM. One transaction in `session_replication_role = replica` (per-row triggers
off — foreign-key checks too, so the generator keeps the references valid itself): everything is COPYed (initiatives into a temporary staging table), then the rows move
into the real table in one INSERT … SELECT that builds each stored GeoJSON Feature with the
very function the triggers use (`initiative_feature`), so each row is written once. Then the
dataset version is bumped and the tables are VACUUM ANALYZEd.

The content is deterministic for a given --seed (and theme list); timestamps are offsets from
the time of the run.
"""

import argparse
import datetime as dt
import math
import os
import random
import sys
import time
from bisect import bisect
from functools import lru_cache
from itertools import accumulate

SOURCE = "bench"
PROTECTED_DATABASES = {"carte", "postgres", "template0", "template1"}

# --------------------------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------------------------

DEPARTMENT_REGION = {
    "01": "84", "02": "32", "03": "84", "04": "93", "05": "93", "06": "93", "07": "84",
    "08": "44", "09": "76", "10": "44", "11": "76", "12": "76", "13": "93", "14": "28",
    "15": "84", "16": "75", "17": "75", "18": "24", "19": "75", "21": "27", "22": "53",
    "23": "75", "24": "75", "25": "27", "26": "84", "27": "28", "28": "24", "29": "53",
    "2A": "94", "2B": "94", "30": "76", "31": "76", "32": "76", "33": "75", "34": "76",
    "35": "53", "36": "24", "37": "24", "38": "84", "39": "27", "40": "75", "41": "24",
    "42": "84", "43": "84", "44": "52", "45": "24", "46": "76", "47": "75", "48": "76",
    "49": "52", "50": "28", "51": "44", "52": "44", "53": "52", "54": "44", "55": "44",
    "56": "53", "57": "44", "58": "27", "59": "32", "60": "32", "61": "28", "62": "32",
    "63": "84", "64": "75", "65": "76", "66": "76", "67": "44", "68": "44", "69": "84",
    "70": "27", "71": "27", "72": "52", "73": "84", "74": "84", "75": "11", "76": "28",
    "77": "11", "78": "11", "79": "75", "80": "32", "81": "76", "82": "76", "83": "93",
    "84": "93", "85": "52", "86": "75", "87": "75", "88": "44", "89": "27", "90": "27",
    "91": "11", "92": "11", "93": "11", "94": "11", "95": "11",
}

# "de <region>" as it is written in French.
REGION_DE = {
    "11": "d'Île-de-France", "24": "du Centre-Val de Loire", "27": "de Bourgogne-Franche-Comté",
    "28": "de Normandie", "32": "des Hauts-de-France", "44": "du Grand Est",
    "52": "des Pays de la Loire", "53": "de Bretagne", "75": "de Nouvelle-Aquitaine",
    "76": "d'Occitanie", "84": "d'Auvergne-Rhône-Alpes", "93": "de Provence-Alpes-Côte d'Azur",
    "94": "de Corse",
}

# name | latitude | longitude | population (thousands, commune) | department | postal code.
# Paris, Lyon and Marseille get a postal code per arrondissement (see _postal_code).
CITIES_TEXT = """
Paris|48.8566|2.3522|2100|75|75001
Marseille|43.2965|5.3698|870|13|13001
Lyon|45.7640|4.8357|520|69|69001
Toulouse|43.6047|1.4442|500|31|31000
Nice|43.7102|7.2620|340|06|06000
Nantes|47.2184|-1.5536|320|44|44000
Montpellier|43.6108|3.8767|300|34|34000
Strasbourg|48.5734|7.7521|290|67|67000
Bordeaux|44.8378|-0.5792|260|33|33000
Lille|50.6292|3.0573|235|59|59000
Rennes|48.1173|-1.6778|220|35|35000
Reims|49.2583|4.0317|180|51|51100
Toulon|43.1242|5.9280|180|83|83000
Saint-Étienne|45.4397|4.3872|173|42|42000
Le Havre|49.4944|0.1079|168|76|76600
Grenoble|45.1885|5.7245|158|38|38000
Dijon|47.3220|5.0415|158|21|21000
Angers|47.4784|-0.5632|155|49|49000
Villeurbanne|45.7719|4.8902|150|69|69100
Nîmes|43.8367|4.3601|148|30|30000
Clermont-Ferrand|45.7772|3.0870|147|63|63000
Le Mans|48.0061|0.1996|145|72|72000
Aix-en-Provence|43.5297|5.4474|145|13|13100
Brest|48.3904|-4.4861|140|29|29200
Tours|47.3941|0.6848|136|37|37000
Amiens|49.8941|2.2958|134|80|80000
Limoges|45.8336|1.2611|130|87|87000
Annecy|45.8992|6.1294|130|74|74000
Perpignan|42.6887|2.8948|120|66|66000
Metz|49.1193|6.1757|118|57|57000
Besançon|47.2378|6.0241|117|25|25000
Orléans|47.9030|1.9093|116|45|45000
Rouen|49.4432|1.0999|113|76|76000
Mulhouse|47.7508|7.3359|108|68|68100
Caen|49.1829|-0.3707|106|14|14000
Nancy|48.6921|6.1844|104|54|54000
Saint-Denis|48.9362|2.3574|113|93|93200
Montreuil|48.8638|2.4485|111|93|93100
Nanterre|48.8924|2.2069|96|92|92000
Créteil|48.7904|2.4556|92|94|94000
Versailles|48.8049|2.1204|85|78|78000
Cergy|49.0364|2.0761|66|95|95000
Évry-Courcouronnes|48.6290|2.4410|66|91|91000
Melun|48.5421|2.6554|41|77|77000
Avignon|43.9493|4.8055|91|84|84000
Poitiers|46.5802|0.3404|89|86|86000
Dunkerque|51.0344|2.3768|86|59|59140
Béziers|43.3442|3.2158|78|34|34500
Cherbourg-en-Cotentin|49.6337|-1.6222|78|50|50100
La Rochelle|46.1603|-1.1511|77|17|17000
Pau|43.2951|-0.3708|76|64|64000
Saint-Nazaire|47.2735|-2.2138|72|44|44600
Ajaccio|41.9192|8.7386|72|2A|20000
Colmar|48.0794|7.3585|70|68|68000
Calais|50.9513|1.8587|67|62|62100
Valence|44.9334|4.8924|64|26|26000
Bourges|47.0810|2.3988|64|18|18000
Quimper|47.9960|-4.1024|63|29|29000
Troyes|48.2973|4.0744|62|10|10000
Montauban|44.0176|1.3550|61|82|82000
Chambéry|45.5646|5.9178|60|73|73000
Niort|46.3237|-0.4588|59|79|79000
Lorient|47.7483|-3.3700|57|56|56100
Beauvais|49.4295|2.0807|56|60|60000
Vannes|47.6582|-2.7608|54|56|56000
Saint-Quentin|49.8465|3.2876|53|02|02100
Arles|43.6768|4.6303|52|13|13200
Bayonne|43.4929|-1.4748|52|64|64100
Cannes|43.5528|7.0174|74|06|06400
Laval|48.0707|-0.7734|50|53|53000
Albi|43.9289|2.1464|49|81|81000
Belfort|47.6380|6.8628|46|90|90000
Bastia|42.6977|9.4508|48|2B|20200
La Roche-sur-Yon|46.6705|-1.4260|57|85|85000
Saint-Malo|48.6493|-2.0257|46|35|35400
Charleville-Mézières|49.7620|4.7262|46|08|08000
Blois|47.5861|1.3359|46|41|41000
Carcassonne|43.2130|2.3491|46|11|11000
Brive-la-Gaillarde|45.1584|1.5321|46|19|19100
Châteauroux|46.8103|1.6913|43|36|36000
Valenciennes|50.3570|3.5234|43|59|59300
Saint-Brieuc|48.5141|-2.7603|44|22|22000
Chalon-sur-Saône|46.7806|4.8539|45|71|71100
Châlons-en-Champagne|48.9566|4.3631|44|51|51000
Sète|43.4028|3.6934|44|34|34200
Tarbes|43.2328|0.0781|42|65|65000
Angoulême|45.6484|0.1562|42|16|16000
Alès|44.1249|4.0812|42|30|30100
Gap|44.5594|6.0786|41|05|05000
Bourg-en-Bresse|46.2052|5.2255|41|01|01000
Arras|50.2910|2.7775|41|62|62000
Montélimar|44.5581|4.7509|40|26|26200
Chartres|48.4439|1.4890|39|28|28000
Évreux|49.0241|1.1508|47|27|27000
Auxerre|47.7982|3.5673|34|89|89000
Mâcon|46.3069|4.8287|34|71|71000
Montluçon|46.3401|2.6025|34|03|03100
Nevers|46.9896|3.1590|33|58|58000
Agen|44.2033|0.6163|33|47|47000
Épinal|48.1724|6.4496|32|88|88000
Mont-de-Marsan|43.8902|-0.4999|30|40|40000
Périgueux|45.1846|0.7214|30|24|24000
Saintes|45.7464|-0.6333|25|17|17100
Alençon|48.4329|0.0913|26|61|61000
Vichy|46.1277|3.4260|25|03|03200
Aurillac|44.9264|2.4397|25|15|15000
Vesoul|47.6197|6.1547|15|70|70000
Lons-le-Saunier|46.6744|5.5556|17|39|39000
Rodez|44.3506|2.5750|24|12|12000
Millau|44.0982|3.0777|22|12|12100
Auch|43.6465|0.5855|22|32|32000
Cahors|44.4475|1.4419|19|46|46000
Le Puy-en-Velay|45.0434|3.8850|19|43|43000
Saint-Lô|49.1157|-1.0906|19|50|50000
Morlaix|48.5776|-3.8280|15|29|29600
Lannion|48.7326|-3.4566|20|22|22300
Privas|44.7353|4.5990|8|07|07000
Digne-les-Bains|44.0925|6.2356|16|04|04000
Forcalquier|43.9597|5.7797|5|04|04300
Die|44.7536|5.3703|5|26|26150
Mende|44.5181|3.5004|12|48|48000
Foix|42.9639|1.6054|10|09|09000
Guéret|46.1711|1.8717|13|23|23000
Chaumont|48.1113|5.1392|22|52|52000
Bar-le-Duc|48.7727|5.1603|15|55|55000
"""


class City:
    __slots__ = ("name", "lat", "lon", "population", "department", "region", "postal",
                 "sigma_km", "coslat")

    def __init__(self, name, lat, lon, population, department, postal):
        self.name, self.lat, self.lon = name, float(lat), float(lon)
        self.population = float(population)
        self.department, self.postal = department, postal
        self.region = DEPARTMENT_REGION[department]
        # Bigger towns spread wider: ~2 km for a small town, ~7 km for Lyon, ~13 km for Paris.
        self.sigma_km = 1.5 + 2.5 * math.sqrt(self.population / 100.0)
        self.coslat = math.cos(math.radians(self.lat))


CITIES = [City(*line.split("|")) for line in CITIES_TEXT.strip().splitlines()]

# Rough outlines (lon, lat) of mainland France and Corsica: points outside are resampled, so
# coastal towns do not scatter into the sea and rural points stay on land.
MAINLAND = [
    (2.54, 51.09), (2.63, 50.82), (2.90, 50.70), (3.15, 50.79), (3.30, 50.53), (3.65, 50.46),
    (4.05, 50.35), (4.15, 50.05), (4.80, 50.15), (4.85, 49.80), (5.40, 49.60), (5.80, 49.55),
    (6.36, 49.47), (6.73, 49.17), (7.05, 49.12), (7.45, 49.17), (8.20, 48.97), (7.80, 48.55),
    (7.58, 48.10), (7.55, 47.57), (7.00, 47.49), (6.85, 47.25), (6.45, 46.92), (6.38, 46.71),
    (6.10, 46.45), (5.97, 46.21), (6.15, 46.15), (6.55, 46.40), (6.80, 46.40), (6.85, 46.12),
    (7.04, 45.92), (6.88, 45.68), (7.12, 45.40), (6.90, 45.25), (6.73, 44.93), (7.00, 44.70),
    (6.90, 44.42), (7.60, 44.15), (7.52, 43.78), (7.30, 43.70), (7.00, 43.54), (6.75, 43.40),
    (6.60, 43.18), (6.13, 43.05), (5.93, 43.08), (5.60, 43.17), (5.35, 43.22), (5.30, 43.35),
    (5.05, 43.33), (4.85, 43.38), (4.55, 43.42), (4.20, 43.45), (3.95, 43.52), (3.70, 43.40),
    (3.45, 43.27), (3.17, 43.15), (3.05, 42.90), (3.04, 42.55), (3.17, 42.43), (2.65, 42.35),
    (2.00, 42.40), (1.72, 42.50), (1.45, 42.60), (0.70, 42.85), (0.30, 42.70), (-0.30, 42.80),
    (-0.75, 42.95), (-1.40, 43.05), (-1.60, 43.25), (-1.78, 43.37), (-1.55, 43.50),
    (-1.40, 43.80), (-1.28, 44.30), (-1.25, 44.65), (-1.17, 45.00), (-1.07, 45.57),
    (-1.10, 45.70), (-1.20, 46.00), (-1.20, 46.15), (-1.45, 46.30), (-1.80, 46.50),
    (-2.00, 46.80), (-2.10, 47.12), (-2.25, 47.25), (-2.50, 47.30), (-2.80, 47.48),
    (-3.15, 47.55), (-3.40, 47.70), (-3.95, 47.85), (-4.37, 47.80), (-4.38, 48.00),
    (-4.73, 48.04), (-4.55, 48.25), (-4.77, 48.33), (-4.78, 48.50), (-4.55, 48.62),
    (-4.00, 48.72), (-3.55, 48.82), (-3.05, 48.78), (-2.75, 48.55), (-2.32, 48.68),
    (-2.00, 48.65), (-1.55, 48.62), (-1.60, 48.83), (-1.62, 49.20), (-1.85, 49.70),
    (-1.60, 49.67), (-1.25, 49.68), (-1.15, 49.40), (-0.90, 49.37), (-0.25, 49.30),
    (0.10, 49.42), (0.10, 49.50), (0.15, 49.65), (0.37, 49.76), (1.08, 49.93), (1.38, 50.06),
    (1.55, 50.20), (1.58, 50.40), (1.59, 50.73), (1.58, 50.87), (1.85, 50.97), (2.13, 51.01),
    (2.37, 51.05),
]
CORSICA = [
    (9.40, 43.01), (9.47, 42.80), (9.55, 42.55), (9.53, 42.10), (9.40, 41.85), (9.27, 41.55),
    (9.15, 41.38), (8.90, 41.50), (8.75, 41.70), (8.60, 41.90), (8.60, 42.05), (8.55, 42.25),
    (8.65, 42.45), (8.90, 42.62), (9.10, 42.72), (9.30, 42.68), (9.35, 43.00),
]
BBOX = (-4.80, 41.35, 9.60, 51.10)  # west, south, east, north: both outlines fit in it


def _inside(lon, lat, polygon):
    inside = False
    x1, y1 = polygon[-1]
    for x2, y2 in polygon:
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        x1, y1 = x2, y2
    return inside


def on_land(lon, lat):
    if lon > 8.4 and lat < 43.1:
        return _inside(lon, lat, CORSICA)
    return _inside(lon, lat, MAINLAND)


def nearest_city(lon, lat):
    """The listed town nearest to a point, looked up per cell of 0.05° (about 4 km)."""
    return _nearest_city_of_cell(round(lon * 20), round(lat * 20))


@lru_cache(maxsize=None)
def _nearest_city_of_cell(x, y):
    lon, lat = x / 20, y / 20
    best, best_d = None, float("inf")
    coslat = math.cos(math.radians(lat))
    for city in CITIES:
        d = ((city.lon - lon) * coslat) ** 2 + (city.lat - lat) ** 2
        if d < best_d:
            best, best_d = city, d
    return best


def de(name):
    """'de Rennes', "d'Angers", 'du Mans', 'de La Rochelle'."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[0] in "AEIOUÉÈÊÂÎÔH":
        return "d'" + name
    return "de " + name


def a(name):
    """'à Rennes', 'au Mans', 'aux Essarts'."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------

DEFAULT_THEMES = [  # slug, French, English, colour (the same as fixtures/sample_data.yaml)
    ("numerique-libre", "Numérique libre", "Free software and open digital", "#1d4e89"),
    ("cooperation", "Coopération et animation de réseaux", "Cooperation and network facilitation", "#a51d2d"),
    ("communs", "Communs", "Commons", "#2e7d32"),
    ("education-populaire", "Éducation populaire et formation", "Popular education and training", "#8a5300"),
    ("ess", "Économie sociale et solidaire", "Social and solidarity economy", "#7b1fa2"),
    ("tiers-lieux", "Tiers-lieux et fabrication", "Third places and making", "#5d4037"),
    ("transition", "Transition écologique", "Ecological transition", "#00695c"),
    ("mediation-numerique", "Médiation numérique", "Digital inclusion", "#00798c"),
    ("culture", "Culture et arts", "Culture and arts", "#ad1457"),
    ("solidarite", "Solidarité", "Solidarity", "#c44d00"),
]

# (head, gender/number, favoured theme slugs)
HEADS = {
    "place": [
        ("Tiers-lieu", "m", ["tiers-lieux"]), ("Fablab", "m", ["tiers-lieux", "numerique-libre"]),
        ("Café associatif", "m", ["ess", "culture"]), ("Maison", "f", ["education-populaire"]),
        ("Atelier", "m", ["tiers-lieux"]), ("Ressourcerie", "f", ["transition", "ess"]),
        ("Recyclerie", "f", ["transition"]), ("Friche", "f", ["culture", "tiers-lieux"]),
        ("Repair café", "m", ["transition", "solidarite"]), ("Jardin partagé", "m", ["transition"]),
        ("Hackerspace", "m", ["numerique-libre"]), ("Épicerie solidaire", "f", ["solidarite", "ess"]),
        ("Espace de vie sociale", "m", ["solidarite"]), ("Médiathèque", "f", ["culture", "mediation-numerique"]),
        ("Atelier vélo", "m", ["transition"]), ("Espace public numérique", "m", ["mediation-numerique"]),
    ],
    "initiative": [
        ("Projet", "m", []), ("Fabrique", "f", ["tiers-lieux"]), ("Atelier", "m", []),
        ("Plateforme", "f", ["numerique-libre"]), ("Laboratoire", "m", ["communs"]),
        ("Chantier", "m", ["transition"]), ("Université populaire", "f", ["education-populaire"]),
        ("Cartopartie", "f", ["communs", "numerique-libre"]), ("Programme", "m", []),
        ("Wiki", "m", ["communs"]), ("Permanence", "f", ["mediation-numerique", "solidarite"]),
    ],
    "collective": [
        ("Collectif", "m", ["cooperation"]), ("Association", "f", []), ("Coopérative", "f", ["ess"]),
        ("SCIC", "f", ["ess", "cooperation"]), ("Amicale", "f", ["solidarite"]),
        ("Groupe local", "m", []), ("Compagnie", "f", ["culture"]), ("Conseil citoyen", "m", []),
        ("Chatons", "mp", ["numerique-libre"]), ("Entraide", "f", ["solidarite"]),
    ],
    "event": [
        ("Rencontres", "fp", ["cooperation"]), ("Forum", "m", ["cooperation"]),
        ("Festival", "m", ["culture"]), ("Journées", "fp", []), ("Biennale", "f", ["culture"]),
        ("Université d'été", "f", ["education-populaire"]), ("Semaine", "f", []),
        ("Fête", "f", []), ("Assises", "fp", ["cooperation"]), ("Install-party", "f", ["numerique-libre"]),
    ],
    "network": [
        ("Réseau", "m", ["cooperation"]), ("Fédération", "f", ["cooperation"]),
        ("Coordination", "f", ["cooperation"]), ("Union", "f", ["ess"]), ("Collectif", "m", []),
        ("Pôle", "m", ["ess"]), ("Plateforme", "f", []), ("Coopérative", "f", ["ess"]),
    ],
}

# Adjectives: masculine, feminine, masculine plural, feminine plural.
ADJECTIVES = [
    ("numérique", "numérique", "numériques", "numériques"),
    ("solidaire", "solidaire", "solidaires", "solidaires"),
    ("coopératif", "coopérative", "coopératifs", "coopératives"),
    ("citoyen", "citoyenne", "citoyens", "citoyennes"),
    ("libre", "libre", "libres", "libres"),
    ("partagé", "partagée", "partagés", "partagées"),
    ("ouvert", "ouverte", "ouverts", "ouvertes"),
    ("associatif", "associative", "associatifs", "associatives"),
    ("écologique", "écologique", "écologiques", "écologiques"),
    ("paysan", "paysanne", "paysans", "paysannes"),
]
GENDER_INDEX = {"m": 0, "f": 1, "mp": 2, "fp": 3}
COMPLEMENTS = [
    "des communs", "de l'Éducation populaire", "du libre", "des savoirs partagés",
    "de la transition", "des possibles", "du réemploi", "de la coopération", "des initiatives",
    "de quartier", "du numérique responsable", "de l'entraide", "des échanges", "des fabriques",
    "de l'économie sociale et solidaire", "des cultures numériques", "des idées",
]
NETWORK_COMPLEMENTS = [
    "des tiers-lieux", "des communs", "des fablabs", "de la médiation numérique",
    "des acteurs du numérique libre", "de l'économie sociale et solidaire", "des ressourceries",
    "de l'Éducation populaire", "des cafés associatifs", "des jardins partagés",
    "des épiceries solidaires", "des acteurs de la transition", "des radios associatives",
    "des ateliers vélo", "des espaces publics numériques", "des coopératives d'activité",
    "des réseaux coopératifs", "des lieux intermédiaires",
]
BRANDS = [
    "L'Établi", "La Canopée", "L'Écume", "Le Chaînon", "La Bricole", "Les Îlots", "L'Étincelle",
    "La Fourmilière", "Le Grenier", "La Mêlée", "L'Ouvroir", "La Péniche", "Le Phare", "La Ruche",
    "Les Tisserands", "Le Bocal", "La Cabane", "L'Éclaircie", "Le Moulin", "La Sève",
    "Le Tiers-Temps", "La Boussole", "La Grange", "Le Relais", "La Passerelle",
    "L'Arbre à palabres", "Le Quai", "La Forge", "Les Ateliers du Bocage", "La Clé des champs",
    "L'Atelier des Possibles", "Le Chêne", "La Bobine", "L'Hirondelle", "Le Périscope",
    "La Fabrique à Rêves", "Les Coudées Franches", "Le Fil d'Ariane", "La Mine", "L'Épi",
]
QUARTERS = [
    "des Coteaux", "Bellevue", "du Centre", "des Chartreux", "Saint-Jacques", "des Prés",
    "de la Madeleine", "du Moulin", "Beaulieu", "de la Gare", "des Tanneurs", "Saint-Michel",
    "des Capucins", "du Port", "des Fontaines", "de l'Écluse",
]
VILLAGE_HEADS = [
    "Saint-Martin", "Saint-Pierre", "Sainte-Marie", "Saint-Julien", "Notre-Dame", "Villeneuve",
    "Montigny", "Beaulieu", "Fontaine", "Châteauneuf", "Bourg", "Le Mesnil", "La Chapelle",
    "Les Essarts", "Neuville", "Roche", "Montaigu", "Saint-Étienne", "Sainte-Hélène", "Écully",
]
VILLAGE_TAILS = [
    "-les-Bois", "-des-Champs", "-en-Vallée", "-sur-Rivière", "-la-Forêt", "-le-Château",
    "-du-Mont", "-de-la-Plaine", "-les-Vignes", "-sous-Roche", "-d'Aval", "-l'Étang", "",
]
STREETS = [
    "rue de la République", "rue Jean-Jaurès", "place de l'Église", "avenue Victor-Hugo",
    "rue des Écoles", "chemin des Vignes", "boulevard Gambetta", "rue du Moulin",
    "impasse des Tilleuls", "rue Pasteur", "allée des Châtaigniers", "rue de la Gare",
    "place du Marché", "rue Émile-Zola", "rue Louise-Michel", "rue Olympe-de-Gouges",
    "quai des Célestins", "rue de l'Hôpital", "route de la Forêt", "rue Aimé-Césaire",
]
KIND_PHRASES = {
    "place": ["Lieu ouvert", "Tiers-lieu associatif", "Espace partagé", "Lieu de fabrication numérique"],
    "initiative": ["Projet coopératif", "Initiative citoyenne", "Démarche collective"],
    "collective": ["Association", "Collectif d'habitantes et d'habitants", "Coopérative d'intérêt collectif"],
    "event": ["Rencontre annuelle", "Temps fort", "Journée d'échanges"],
    "network": ["Réseau", "Réseau de réseaux", "Fédération"],
}
ACTIONS = [
    "qui accompagne les habitantes et les habitants vers l'autonomie numérique",
    "qui anime des ateliers de réparation et de réemploi",
    "qui développe et maintient des logiciels libres pour les associations",
    "qui organise des cafés-débats sur les communs",
    "qui propose un espace de coworking et une cantine solidaire",
    "qui forme les bénévoles à l'animation coopérative",
    "qui soutient les projets citoyens de transition écologique",
    "qui documente et partage des savoir-faire sous licence libre",
    "qui cartographie les initiatives solidaires du territoire",
    "qui prête du matériel et des outils entre voisins",
    "qui fait vivre une épicerie en circuit court",
    "qui porte une coopérative d'habitants et de producteurs",
    "qui héberge des services numériques éthiques pour les collectifs",
    "qui ouvre un fablab aux écoles et aux associations",
    "qui relie l'Éducation populaire et l'économie sociale et solidaire",
]
NETWORK_ACTIONS = [
    "qui relie les tiers-lieux et les fablabs",
    "qui fédère les acteurs de la médiation numérique",
    "qui met en réseau les structures de l'économie sociale et solidaire",
    "qui outille la coopération entre associations",
    "qui mutualise formations, outils et ressources entre ses membres",
    "qui fait circuler les pratiques coopératives et les communs",
]
SENTENCES = [
    "Créée en {year}, l'association réunit aujourd'hui {n} bénévoles et {m} salariés.",
    "Les ateliers ont lieu chaque {day} de {h} h à {h2} h, en accès libre.",
    "Tout ce qui est produit ici est publié sous licence Creative Commons ou libre.",
    "Le lieu accueille aussi des permanences d'accompagnement aux démarches en ligne.",
    "Une coopérative d'usagers gère le lieu depuis {year}.",
    "On y répare des vélos, des ordinateurs et de l'électroménager, et l'on y apprend à le faire.",
    "Le projet est né d'une rencontre entre habitants, élus et associations du quartier.",
    "Chaque mois, une soirée « Communs et coopération » fait le point sur les projets en cours.",
    "Les formations s'adressent aux bénévoles, aux salariés et aux curieux.",
    "La gouvernance est partagée : les décisions se prennent en cercle, au consentement.",
    "Des outils libres (Nextcloud, PeerTube, Mobilizon) sont mis à disposition des membres.",
    "Le jardin et la cuisine partagée sont ouverts de {month} à octobre.",
    "Un fonds documentaire sur l'Éducation populaire est consultable sur place.",
    "L'équipe participe chaque année aux Rencontres nationales des tiers-lieux.",
    "Les données produites sont ouvertes et réutilisables.",
    "Les enfants sont les bienvenus : un atelier leur est réservé le {day} après-midi.",
    "Le café associatif propose des produits locaux et une programmation culturelle.",
    "Un groupe de travail prépare une charte de coopération avec les réseaux voisins.",
]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
MONTHS = ["mars", "avril", "mai", "juin"]
LINKS = [  # label, URL template ({slug}, {short})
    ("Wiki", "https://wiki.example.org/{slug}"),
    ("Forum", "https://forum.example.org/c/{slug}"),
    ("Mastodon", "https://social.example.net/@{short}"),
    ("PeerTube", "https://video.example.net/c/{short}"),
    ("Agenda", "https://agenda.example.org/{slug}"),
    ("Lettre d'information", "https://lettres.example.org/{slug}"),
    ("Documentation", "https://docs.example.org/{slug}"),
    ("Cartographie participative", "https://carto.example.org/#/{slug}"),
]

KINDS = ["network", "place", "initiative", "collective", "event"]
KIND_WEIGHTS = [2, 30, 28, 31, 9]
SCOPES = ["local", "departmental", "regional", "national", "international"]
SCOPE_WEIGHTS = [65, 17, 10, 6, 2]
NETWORK_SCOPE_WEIGHTS = [10, 20, 40, 25, 5]


def _cumulative(weights):
    return list(accumulate(weights))


@lru_cache(maxsize=None)
def _slug_base(name):
    from django.utils.text import slugify

    return slugify(name)[:100].strip("-") or "initiative"


# --------------------------------------------------------------------------------------------
# Generation (pure Python, deterministic for a seed)
# --------------------------------------------------------------------------------------------


class Generated:
    def __init__(self):
        self.initiatives = []  # tuples in INITIATIVE_COLUMNS order
        self.themes = []  # (initiative_id, theme_id)
        self.memberships = []  # (member_id, network_id)
        self.links = []  # (initiative_id, label, url, position)
        self.counts = {}


INITIATIVE_COLUMNS = (
    "id", "name", "slug", "kind", "summary", "description", "location", "location_precision",
    "address", "postal_code", "commune", "insee_code", "department_code", "region_code",
    "scope", "website", "contact_email", "status", "source", "source_id", "created_at",
    "updated_at", "version",
)


def generate(count, seed, themes, now):
    """themes: [(id, slug)] in display order. Returns a Generated."""
    rng = random.Random(seed)
    out = Generated()
    theme_ids = [t[0] for t in themes]
    theme_by_slug = {slug: tid for tid, slug in themes}
    city_cum = _cumulative([c.population ** 0.85 for c in CITIES])
    city_total = city_cum[-1]
    kind_cum = _cumulative(KIND_WEIGHTS)
    scope_cum = _cumulative(SCOPE_WEIGHTS)
    net_scope_cum = _cumulative(NETWORK_SCOPE_WEIGHTS)
    span = dt.timedelta(days=5 * 365).total_seconds()

    def pick_city():
        return CITIES[bisect(city_cum, rng.random() * city_total)]

    def city_point(city):
        sigma = city.sigma_km * (1.0 if rng.random() < 0.7 else 2.0)  # core, then outskirts
        for _ in range(30):
            lat = city.lat + rng.gauss(0, sigma) / 111.2
            lon = city.lon + rng.gauss(0, sigma) / (111.2 * city.coslat)
            if on_land(lon, lat):
                return lon, lat
        return city.lon, city.lat

    def rural_point():
        west, south, east, north = BBOX
        while True:
            lon, lat = rng.uniform(west, east), rng.uniform(south, north)
            if on_land(lon, lat):
                return lon, lat

    def postal_code(city):
        if city.name == "Paris":
            return f"750{rng.randint(1, 20):02d}"
        if city.name == "Lyon":
            return f"6900{rng.randint(1, 9)}"
        if city.name == "Marseille":
            return f"130{rng.randint(1, 16):02d}"
        return city.postal

    def rural_postal(department):
        prefix = "20" if department in ("2A", "2B") else department
        return f"{prefix}{rng.randrange(100, 1000, 10)}"

    def name_for(kind, commune, department, region, scope):
        head, gender, favoured = rng.choice(HEADS[kind])
        g = GENDER_INDEX[gender]
        if kind == "network":
            comp = rng.choice(NETWORK_COMPLEMENTS)
            if scope == "international":
                adj = ("francophone", "francophone", "francophones", "francophones")[g]
                return f"{head} {adj} {comp}", favoured
            if scope == "national":
                adj = ("national", "nationale", "nationaux", "nationales")[g]
                return f"{head} {adj} {comp}", favoured
            if scope == "regional":
                return f"{head} {comp} {REGION_DE[region]}", favoured
            if scope == "departmental":
                return f"{head} {comp} du pays {de(commune)}", favoured
            return f"{head} {comp} {de(commune)}", favoured
        qual = rng.choice(ADJECTIVES)[g] if rng.random() < 0.45 else rng.choice(COMPLEMENTS)
        if kind == "event":
            return f"{head} {qual} {de(commune)} {rng.randint(2015, 2026)}", favoured
        pattern = rng.random()
        if pattern < 0.45:
            return f"{head} {qual} {de(commune)}", favoured
        if pattern < 0.65:
            return f"{head} {rng.choice(BRANDS)}", favoured
        if pattern < 0.85:
            return f"{rng.choice(BRANDS)} — {head} {qual}", favoured
        return f"{head} {qual} du quartier {rng.choice(QUARTERS)}", favoured

    def sentence():
        h = rng.randint(9, 18)
        return rng.choice(SENTENCES).format(
            year=rng.randint(1995, 2024), n=rng.randint(5, 120), m=rng.randint(0, 12),
            day=rng.choice(DAYS), h=h, h2=h + rng.randint(2, 4), month=rng.choice(MONTHS),
        )

    networks = []  # (id, region)
    regions = []  # region code of each row ("" when none), for memberships
    n_rural = n_seatless = n_pending = 0

    for i in range(1, count + 1):
        kind = KINDS[bisect(kind_cum, rng.random() * kind_cum[-1])]
        is_network = kind == "network"
        seatless = is_network and rng.random() < 0.25
        if seatless:
            scope = "national" if rng.random() < 0.85 else "international"
        else:
            cum = net_scope_cum if is_network else scope_cum
            scope = SCOPES[bisect(cum, rng.random() * cum[-1])]

        location, precision, address = None, "", ""
        commune = postal = department = region = ""
        if seatless:
            n_seatless += 1
            name_commune = rng.choice(CITIES).name  # only used for local-scope names
        else:
            if rng.random() < 0.15:
                # A village: its own point, at its centre ("commune") or at an address.
                n_rural += 1
                lon, lat = rural_point()
                city = nearest_city(lon, lat)
                commune = rng.choice(VILLAGE_HEADS) + rng.choice(VILLAGE_TAILS)
                postal = rural_postal(city.department)
                precision = "commune" if rng.random() < 0.4 else "exact"
            else:
                city = pick_city()
                if rng.random() < 0.3:  # placed at the town centre, like commune-level imports
                    lon, lat, precision = city.lon, city.lat, "commune"
                else:  # at an address around the town, labelled with the nearest listed town
                    lon, lat = city_point(city)
                    city, precision = nearest_city(lon, lat), "exact"
                commune = city.name
                postal = postal_code(city)
            if precision == "exact":
                address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
            department, region = city.department, city.region
            location = f"SRID=4326;POINT({lon:.6f} {lat:.6f})"
            name_commune = commune

        name, favoured = name_for(kind, name_commune, department, region or "11", scope)
        if len(name) > 200:
            name = name[:200]
        base = _slug_base(name)
        slug = f"{base}-{i}"
        short = base[:40].strip("-")

        phrase = rng.choice(KIND_PHRASES[kind])
        action = rng.choice(NETWORK_ACTIONS if is_network else ACTIONS)
        where = a(commune) if commune else "partout en France"
        summary = f"{phrase} {action} {where}."
        if rng.random() < 0.5:
            summary += " " + sentence()
        paragraphs = [" ".join(sentence() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
        description = "\n\n".join(paragraphs) if rng.random() < 0.9 else ""

        website = f"https://{short}-{i}.example.org/" if rng.random() < 0.65 else ""
        email = f"contact@{short}-{i}.example.org" if rng.random() < 0.35 else ""
        if rng.random() < 0.03:
            status = "pending"
            n_pending += 1
        else:
            status = "published"
        created = now - dt.timedelta(seconds=int(rng.random() * span))
        if rng.random() < 0.4:
            updated = created
        else:
            updated = created + dt.timedelta(seconds=int(rng.random() * (now - created).total_seconds()))

        out.initiatives.append((
            i, name, slug, kind, summary, description, location, precision, address, postal,
            commune, "", department, region, scope, website, email, status, SOURCE, str(i),
            created.isoformat(), updated.isoformat(), 1,
        ))
        regions.append(region)
        if is_network:
            networks.append((i, region))

        # Themes: 1-4, the head's favoured ones first when the database has them.
        if theme_ids:
            wanted = min(len(theme_ids), rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0])
            chosen = []
            for slug_ in favoured:
                tid = theme_by_slug.get(slug_)
                if tid is not None and tid not in chosen and len(chosen) < wanted and rng.random() < 0.8:
                    chosen.append(tid)
            while len(chosen) < wanted:
                tid = rng.choice(theme_ids)
                if tid not in chosen:
                    chosen.append(tid)
            out.themes.extend((i, tid) for tid in chosen)

        # Links: 0-2.
        for position in range(rng.choices((0, 1, 2), (40, 40, 20))[0]):
            label, template = LINKS[rng.randrange(len(LINKS))]
            out.links.append((i, label, template.format(slug=slug, short=short), position))

    network_memberships(rng, out, networks, regions, count)

    out.counts = {
        "initiatives": count, "networks": len(networks), "seatless networks": n_seatless,
        "rural points": n_rural, "pending": n_pending, "theme links": len(out.themes),
        "memberships": len(out.memberships), "links": len(out.links),
    }
    return out


# Networks: sizes from 5 to 5,000 members in a long tail (a Pareto law: many small groups, a
# few big federations); ~90 % of the other initiatives in at least one network, ~15 % of those
# in two or more; networks of networks in levels 0 ⊃ 1 ⊃ 2 ⊃ 3, so chains are at most three
# memberships deep and never cycle.
MIN_MEMBERS, MAX_MEMBERS = 5, 5000
MEMBER_SHARE, MULTI_SHARE = 0.9, 0.15
MULTI_COUNTS, MULTI_WEIGHTS = (2, 3, 4, 5, 6, 8), (50, 22, 12, 7, 5, 4)
LEVEL_SHARES = (0.04, 0.12, 0.2, 0.24)  # of the networks; the rest stand alone
SAME_REGION = 0.5  # a member picks a network of its own region this often, when there is one


def network_memberships(rng, out, networks, regions, count):
    """Fill out.memberships: (member, network) pairs, never itself, never twice."""
    if not networks:
        return
    network_ids = {nid for nid, _ in networks}
    members = [i for i in range(1, count + 1) if i not in network_ids and rng.random() < MEMBER_SHARE]
    wanted = {i: (rng.choices(MULTI_COUNTS, MULTI_WEIGHTS)[0] if rng.random() < MULTI_SHARE else 1)
              for i in members}  # fmt: skip
    total = sum(wanted.values())

    # Sizes: Pareto (alpha 1.1) clipped to [5, 5000], scaled to the memberships to hand out.
    raw = [min(MAX_MEMBERS, MIN_MEMBERS * rng.paretovariate(1.1)) for _ in networks]
    for _ in range(5):
        scale = total / sum(raw)
        raw = [min(MAX_MEMBERS, max(MIN_MEMBERS, r * scale)) for r in raw]
    # At least one national federation of 5,000 members, as the bench measures.
    seatless = [k for k, (_, region) in enumerate(networks) if not region]
    federation = networks[seatless[0] if seatless else raw.index(max(raw))][0]
    raw[[nid for nid, _ in networks].index(federation)] = MAX_MEMBERS
    weight = {nid: size for (nid, _), size in zip(networks, raw)}
    everywhere = [nid for nid, _ in networks]
    by_region = {}
    for nid, region in networks:
        if region:
            by_region.setdefault(region, []).append(nid)
    # A network without a region is drawn only from the national pool, which a member uses
    # half the time: it weighs double there, to end up near its size.
    national = [weight[n] / (1 - SAME_REGION) if not region else weight[n] for n, region in networks]
    cumulative = {"": (everywhere, _cumulative(national))}
    cumulative.update({region: (pool, _cumulative([weight[n] for n in pool])) for region, pool in by_region.items()})

    def draw(region):
        pool, cum = cumulative[region if region in cumulative and rng.random() < SAME_REGION else ""]
        return pool[bisect(cum, rng.random() * cum[-1])]

    chosen_by, size = {}, dict.fromkeys(network_ids, 0)
    for i in members:
        chosen = set()
        for _ in range(wanted[i] * 4):
            if len(chosen) == wanted[i]:
                break
            nid = draw(regions[i - 1])
            if nid not in chosen and size[nid] < MAX_MEMBERS:
                chosen.add(nid)
                size[nid] += 1
        chosen_by[i] = chosen
    # Draws leave the federation short of its size: members of a single network move to it
    # (so the share of multi-members does not change).
    singles = [i for i in members if len(chosen_by[i]) == 1 and federation not in chosen_by[i]]
    rng.shuffle(singles)
    for i in singles:
        if size[federation] >= MAX_MEMBERS:
            break
        (previous,) = chosen_by[i]
        if size[previous] > MIN_MEMBERS:
            chosen_by[i] = {federation}
            size[previous] -= 1
            size[federation] += 1
    # The smallest networks still have their five members.
    for nid in everywhere:
        while size[nid] < MIN_MEMBERS:
            i = members[rng.randrange(len(members))]
            if nid not in chosen_by[i]:
                chosen_by[i].add(nid)
                size[nid] += 1
    for i in members:
        out.memberships.extend((i, nid) for nid in sorted(chosen_by[i]))

    # Networks of networks: each network of level L joins one of level L-1 (a tenth join two).
    order = everywhere[:]
    rng.shuffle(order)
    levels, start = [], 0
    for share in LEVEL_SHARES:
        stop = start + max(1, round(share * len(order)))
        levels.append(order[start:stop])
        start = stop
    for upper, lower in zip(levels, levels[1:]):
        if not upper:
            break
        for nid in lower:
            parents = {upper[rng.randrange(len(upper))] for _ in range(2 if rng.random() < 0.1 else 1)}
            out.memberships.extend((nid, parent) for parent in sorted(parents))


# --------------------------------------------------------------------------------------------
# Database
# --------------------------------------------------------------------------------------------


def ensure_local_database(name, local):
    """Create `name` on the project-local cluster (with PostGIS) if it does not exist."""
    import psycopg
    from psycopg import sql

    params = {"host": local["HOST"], "port": local["PORT"], "user": local["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(dbname=name, autocommit=True, **params) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    return True


NEUTRAL_VALUES = {
    "boolean": "false", "text": "''", "character varying": "''", "smallint": "0",
    "integer": "0", "bigint": "0", "numeric": "0", "double precision": "0", "real": "0",
    "jsonb": "'{}'", "json": "'{}'", "timestamp with time zone": "now()", "date": "current_date",
}


def neutral_columns(cur):
    """[(column, SQL value)] for the NOT NULL columns of initiatives_initiative without a
    database default that the generator does not fill (false, '', 0, {} or now())."""
    rows = cur.execute(
        """SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a
           WHERE a.attrelid = 'initiatives_initiative'::regclass AND a.attnum > 0
             AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef
             AND a.attgenerated = '' AND a.attname <> ALL(%s) ORDER BY a.attnum""",
        [list(INITIATIVE_COLUMNS) + ["feature"]],
    ).fetchall()
    unknown = [f"{name} ({kind})" for name, kind in rows if kind not in NEUTRAL_VALUES]
    if unknown:
        raise SystemExit(f"bench.generate does not know what to put in: {', '.join(unknown)}")
    return [(name, NEUTRAL_VALUES[kind]) for name, kind in rows]


def load(raw, count, seed, force, timings):
    """Everything in one transaction on the psycopg connection `raw`."""
    from psycopg import sql

    def step(label):
        timings.append((label, time.perf_counter()))

    with raw.transaction(), raw.cursor() as cur:
        foreign = cur.execute(
            "SELECT count(*) FROM initiatives_initiative WHERE source <> %s", [SOURCE]
        ).fetchone()[0]
        if foreign and not force:
            raise SystemExit(
                f"refusing: {cur.connection.info.dbname} holds {foreign} initiatives that do not come"
                " from bench.generate (use --force to wipe them)"
            )
        cur.execute("SET LOCAL session_replication_role = replica")  # per-row triggers off
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cur.execute("SET LOCAL work_mem = '64MB'")
        cur.execute(
            "TRUNCATE initiatives_initiative, initiatives_link, initiatives_membership,"
            " initiatives_initiative_themes RESTART IDENTITY CASCADE"
        )
        # Its trigger is off too: forget the map's cells, so that they are rebuilt whole.
        cur.execute("DELETE FROM initiatives_map_cell_state")
        themes = cur.execute(
            "SELECT id, slug FROM initiatives_theme ORDER BY position, slug"
        ).fetchall()
        created_themes = 0
        if not themes:
            with cur.copy(
                "COPY initiatives_theme (slug, name_fr, name_en, colour, position) FROM STDIN"
            ) as copy:
                for position, theme in enumerate(DEFAULT_THEMES):
                    copy.write_row((*theme, position))
            created_themes = len(DEFAULT_THEMES)
            themes = cur.execute(
                "SELECT id, slug FROM initiatives_theme ORDER BY position, slug"
            ).fetchall()
        step("truncate + themes")

        now = cur.execute("SELECT date_trunc('second', now())").fetchone()[0]
        data = generate(count, seed, themes, now)
        step("generate (Python)")

        # Initiatives go to a staging copy of the table first (no generated columns, no
        # indexes, no constraints): the Features are built while moving them in, below.
        cur.execute(
            "CREATE TEMP TABLE bench_stage (LIKE initiatives_initiative) ON COMMIT DROP"
        )
        # Columns added to the model since this script was written, NOT NULL without a
        # database default (Django keeps defaults in Python): a neutral value each.
        extra = neutral_columns(cur)
        for name, value in extra:
            cur.execute(
                sql.SQL("ALTER TABLE bench_stage ALTER COLUMN {} SET DEFAULT {}").format(
                    sql.Identifier(name), sql.SQL(value)
                )
            )
        columns = sql.SQL(", ").join(map(sql.Identifier, INITIATIVE_COLUMNS))
        all_columns = sql.SQL(", ").join(
            map(sql.Identifier, INITIATIVE_COLUMNS + tuple(name for name, _ in extra))
        )
        with cur.copy(sql.SQL("COPY bench_stage ({}) FROM STDIN").format(columns)) as copy:
            for row in data.initiatives:
                copy.write_row(row)
        with cur.copy(
            "COPY initiatives_initiative_themes (initiative_id, theme_id) FROM STDIN"
        ) as copy:
            for row in data.themes:
                copy.write_row(row)
        with cur.copy(
            "COPY initiatives_membership (member_id, network_id, created_at) FROM STDIN"
        ) as copy:
            stamp = now.isoformat()
            for member, network in data.memberships:
                copy.write_row((member, network, stamp))
        with cur.copy(
            "COPY initiatives_link (initiative_id, label, url, position) FROM STDIN"
        ) as copy:
            for row in data.links:
                copy.write_row(row)
        cur.execute("ANALYZE bench_stage")
        cur.execute(
            "ANALYZE initiatives_initiative_themes, initiatives_membership, initiatives_link,"
            " initiatives_theme"
        )
        step("COPY")

        # Networks first (a Feature names the networks its initiative belongs to), then
        # everything else with its Feature built on the way in, then the networks' Features
        # (networks can belong to networks).
        cur.execute(
            sql.SQL(
                "INSERT INTO initiatives_initiative ({cols}) SELECT {cols} FROM bench_stage"
                " WHERE kind = 'network' ORDER BY id"
            ).format(cols=all_columns)
        )
        cur.execute("ANALYZE initiatives_initiative")
        cur.execute(
            sql.SQL(
                "INSERT INTO initiatives_initiative ({cols}, feature)"
                " SELECT {cols}, initiative_feature(ROW(s.*)::initiatives_initiative)"
                " FROM bench_stage s WHERE kind <> 'network' ORDER BY id"
            ).format(cols=all_columns)
        )
        cur.execute(
            "UPDATE initiatives_initiative SET feature = initiative_feature(initiatives_initiative)"
            " WHERE kind = 'network'"
        )
        step("INSERT with Features")

        cur.execute("SET LOCAL session_replication_role = origin")
        # The sums the triggers keep (initiatives/sql/network_reach.sql) were off with them.
        cur.execute("SELECT network_reach_rebuild(), member_reach_rebuild()")
        step("network sums")
        cur.execute("SELECT tile_point_rebuild()")  # the tiles' copy of the points, likewise
        step("tiles' points")
        for table in ("initiatives_initiative", "initiatives_link", "initiatives_membership",
                      "initiatives_initiative_themes", "initiatives_theme"):
            cur.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
                f" COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)",
                [table],
            )
        version = cur.execute(
            "UPDATE initiatives_dataset SET version = version + 1, changed_at = now()"
            " WHERE id = 1 RETURNING version"
        ).fetchone()
        step("sequences + dataset version")
    return data, created_themes, version[0] if version else None


def vacuum(raw, timings):
    raw.autocommit = True
    raw.execute(
        "VACUUM (ANALYZE) initiatives_initiative, initiatives_initiative_themes,"
        " initiatives_membership, initiatives_link, initiatives_theme, initiatives_dataset"
    )
    timings.append(("VACUUM ANALYZE", time.perf_counter()))


def check(raw):
    row = raw.execute(
        """SELECT count(*), count(*) FILTER (WHERE feature IS NULL),
                  count(*) FILTER (WHERE location IS NULL),
                  (SELECT count(*) FROM initiatives_initiative
                    WHERE location && ST_MakeEnvelope(4.75, 45.70, 4.95, 45.83, 4326)),
                  (SELECT count(*) FROM initiatives_initiative
                    WHERE search_vector @@ websearch_to_tsquery('fr_unaccent', 'cooperative')),
                  pg_size_pretty(pg_total_relation_size('initiatives_initiative'))
           FROM initiatives_initiative"""
    ).fetchone()
    return dict(zip(
        ("rows", "feature NULL", "seatless", "in Lyon bbox", "match 'cooperative'", "table size"),
        row,
    ))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--count", type=int, default=100_000, help="initiatives to create")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default="carte_bench",
                        help="database on the project-local cluster (ignored with DATABASE_URL)")
    parser.add_argument("--force", action="store_true",
                        help="wipe the target even if it holds initiatives not made by this script")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")

    start = time.perf_counter()
    timings = [("start", start)]
    os.environ["LOCAL_DB_NAME"] = args.db
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings.dev"
    # One long transaction of bulk statements, with Python work in between: not what the
    # app's bounded waits are for (project/settings/base.py, DATABASE_TIMEOUTS).
    os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
    os.environ.setdefault("DB_IDLE_IN_TRANSACTION_TIMEOUT", "0")
    use_url = bool(os.environ.get("DATABASE_URL"))
    if not use_url and args.db in PROTECTED_DATABASES and not args.force:
        parser.error(f"--db {args.db} is not a benchmark database (use --force if you mean it)")

    import django
    from django.conf import settings

    if not use_url and ensure_local_database(args.db, settings.LOCAL_DATABASE):
        print(f"created database {args.db} on the local cluster")
    django.setup()

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # rate limits and throttles live there
    target = connection.settings_dict
    print(f"target: database {target['NAME']} on {target['HOST'] or 'localhost'}"
          f"{':' + str(target['PORT']) if target['PORT'] else ''}")
    timings.append(("django + migrate", time.perf_counter()))

    connection.ensure_connection()
    raw = connection.connection  # the psycopg 3 connection under Django's
    if raw.info.transaction_status != 0:  # idle
        raw.rollback()
    raw.autocommit = False
    data, created_themes, version = load(raw, args.count, args.seed, args.force, timings)
    vacuum(raw, timings)
    total = time.perf_counter() - start

    print(f"seed {args.seed}: " + ", ".join(f"{v} {k}" for k, v in data.counts.items()))
    if created_themes:
        print(f"created {created_themes} themes")
    print(f"dataset version is now {version}")
    print("timings:")
    for (_, before), (label, after) in zip(timings, timings[1:]):
        print(f"  {label:<28} {after - before:7.2f} s")
    print(f"  {'total':<28} {total:7.2f} s")
    print("check: " + ", ".join(f"{k} {v}" for k, v in check(raw).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
