"""A throwaway PostGIS cluster made by scripts/localdb itself (LOCALDB_DIR), so the tests
exercise the very configuration `make run` uses, never the one the test suite runs on."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PORT = 54329  # scripts/localdb's; the socket is in the throwaway directory, so no clash


def pg_bindir():
    """The binaries scripts/localdb picks: the newest PostgreSQL with PostGIS beside it."""
    versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: [int(x) for x in p.name.split(".")], reverse=True)
    for version in versions:
        if Path(f"/usr/share/postgresql/{version.name}/extension/postgis.control").exists():
            return version / "bin"
    raise RuntimeError("no PostgreSQL with PostGIS")


class ThrowawayCluster:
    def __init__(self):
        # Short path: a Unix socket path may not exceed 107 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="carte-", dir="/tmp"))
        self.env = {**os.environ, "LOCALDB_DIR": str(self.dir)}

    def localdb(self, command):
        return subprocess.run(["scripts/localdb", command], cwd=ROOT, env=self.env, check=True,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    def start(self):
        self.localdb("start")

    def crash(self):
        """Kill the server the way a power cut or an OOM kill would: no checkpoint, no flush."""
        runas = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run([*runas, str(pg_bindir() / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
                       check=True, capture_output=True, timeout=60)  # fmt: skip

    def connect(self, **kwargs):
        return psycopg.connect(host=str(self.dir / "socket"), port=PORT, user="carte", dbname="carte", **kwargs)

    def remove(self):
        subprocess.run(["scripts/localdb", "stop"], cwd=ROOT, env=self.env, capture_output=True, timeout=120)
        shutil.rmtree(self.dir, ignore_errors=True)
