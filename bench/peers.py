"""The peers of bench.scale's optional columns: tipg and pygeoapi, two OGC API – Features
servers for PostGIS, serving the same table of the same bench database.

    .venv/bin/python -m bench.peers --setup     # once: their own virtualenv, bench/peers/.venv

They pin libraries the project pins differently (pydantic, Flask, SQLAlchemy…), and pygeoapi
needs Python ≥ 3.12: they live in bench/peers/.venv (git-ignored), from
bench/peers/requirements.txt. Each serves with 2 workers, like our gunicorn (2 sync workers):
tipg under uvicorn, pygeoapi's Flask app under gunicorn. Both read the table's plain columns
that our Feature carries (they cannot join the themes, networks and links), published rows
only, sorted by id like our pages — so that a page holds the same 1,000 initiatives."""

import argparse
import os
import shutil
import subprocess
import sys
from urllib.parse import quote

from . import common

VENV = common.ROOT / "bench" / "peers" / ".venv"
REQUIREMENTS = common.ROOT / "bench" / "peers" / "requirements.txt"
TABLE = "initiatives_initiative"
# The Feature's properties that are columns of the table (initiatives/sql/feature.sql).
PROPERTIES = ["slug", "name", "kind", "summary", "website", "contact_email", "address", "postal_code", "commune",
              "insee_code", "department_code", "region_code", "scope", "location_precision", "updated_at",
              "version", "status"]  # fmt: skip


def available():
    return (VENV / "bin" / "uvicorn").exists() and (VENV / "bin" / "pygeoapi").exists()


def setup():
    python = shutil.which("python3.12") or "/root/.pyenv/versions/3.12.1/bin/python"
    subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)], check=True)


class Peer(common.Server):
    """A peer's server on 127.0.0.1, started and stopped like ours (common.Server)."""

    name = ""
    health = "/"

    def items(self, bbox, limit):
        raise NotImplementedError

    def command(self):
        raise NotImplementedError

    def environment(self):
        return {}

    def __enter__(self):
        common.RESULTS.mkdir(exist_ok=True)
        self.log = open(common.RESULTS / f"{self.name}-{self.dbname}.log", "w")
        env = {**os.environ, **self.environment()}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.process = subprocess.Popen(self.command(), cwd=common.RESULTS, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)  # fmt: skip
        common.wait_until_up(self, self.name, self.base + self.health, seconds=120)
        return self


class Tipg(Peer):
    name = "tipg"
    collection = f"public.{TABLE}"
    health = "/healthz"

    def environment(self):
        local = common.local_db()
        key = f"TIPG_TABLE_CONFIG__public_{TABLE}__"
        return {
            # asyncpg takes a percent-encoded path as the host for a Unix socket
            "DATABASE_URL": f"postgresql://{local['user']}@{quote(local['host'], safe='')}:{local['port']}/{self.dbname}",
            "TIPG_DB_SCHEMAS": '["public"]',
            "TIPG_DB_TABLES": f'["public.{TABLE}"]',
            "TIPG_DB_SPATIAL_EXTENT": "false",  # no whole-table extent scan at start
            "TIPG_DB_DATETIME_EXTENT": "false",
            "TIPG_MAX_FEATURES_PER_QUERY": "10000",
            key + "GEOMCOL": "location",
            key + "PK": "id",
            key + "PROPERTIES": '["' + '","'.join(["id", *PROPERTIES]) + '"]',  # id: to sort by it
        }

    def command(self):
        return [str(VENV / "bin" / "uvicorn"), "tipg.main:app", "--host", "127.0.0.1", "--port", str(self.port),
                "--workers", str(self.workers), "--no-access-log", "--log-level", "warning"]  # fmt: skip

    def items(self, bbox, limit):
        return (f"/collections/{self.collection}/items?bbox={bbox}&limit={limit}&status=published&sortby=id"
                f"&properties={','.join(PROPERTIES)}&f=geojson")  # fmt: skip


class Pygeoapi(Peer):
    name = "pygeoapi"
    health = "/conformance?f=json"

    def config(self):
        local = common.local_db()
        return f"""\
server:
  bind: {{host: 127.0.0.1, port: {self.port}}}
  url: http://127.0.0.1:{self.port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  gzip: true
  languages: [fr-FR]
  cors: true
  pretty_print: false
  limits: {{default_items: 10, max_items: 10000}}
  map: {{url: "https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png", attribution: OpenStreetMap}}
logging: {{level: ERROR}}
metadata:
  identification:
    title: Carte des réseaux (bench)
    description: the bench database
    keywords: [bench]
    keywords_type: theme
    terms_of_service: https://creativecommons.org/licenses/by/4.0/
    url: http://127.0.0.1
  license: {{name: ODbL-1.0, url: https://opendatacommons.org/licenses/odbl/}}
  provider: {{name: bench, url: http://127.0.0.1}}
  contact: {{name: bench, position: bench, address: bench, city: bench, stateorprovince: bench,
            postalcode: "00000", country: FR, email: bench@example.org, url: http://127.0.0.1,
            role: pointOfContact}}
resources:
  initiatives:
    type: collection
    title: initiatives
    description: initiatives
    keywords: [initiatives]
    extents:
      spatial: {{bbox: [-180, -90, 180, 90], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: "{local['host']}", port: {local['port']}, dbname: {self.dbname}, user: {local['user']},
               password: "", search_path: [public]}}
        id_field: id
        table: {TABLE}
        geom_field: location
        properties: [{", ".join(PROPERTIES)}]
"""

    def environment(self):
        directory = common.RESULTS / "peers"
        directory.mkdir(parents=True, exist_ok=True)
        config, openapi = directory / f"pygeoapi-{self.dbname}.yml", directory / f"pygeoapi-{self.dbname}-openapi.yml"
        config.write_text(self.config())
        env = {**os.environ, "PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
        subprocess.run([str(VENV / "bin" / "pygeoapi"), "openapi", "generate", str(config), "--output-file",
                        str(openapi)], env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        return {"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}

    def command(self):
        return [str(VENV / "bin" / "gunicorn"), "pygeoapi.flask_app:APP", "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers), "--timeout", str(self.timeout)]  # fmt: skip

    def items(self, bbox, limit):
        return f"/collections/initiatives/items?bbox={bbox}&limit={limit}&status=published&sortby=id&f=json"


PEERS = (Tipg, Pygeoapi)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.peers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true", help=f"make {VENV.relative_to(common.ROOT)}")
    args = parser.parse_args(argv)
    if args.setup:
        setup()
    print("peers available" if available() else "peers missing: python -m bench.peers --setup")
    return 0


if __name__ == "__main__":
    sys.exit(main())
