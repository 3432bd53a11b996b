"""A database made by bench.generate is one the app can write to: it has the cache table that
rate limits and throttles use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg import sql

from .server import admin_connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="bench.generate makes its database on the local cluster")
def test_bench_generate_makes_a_database_with_the_cache_table(django_db_setup):
    from django.db import connection

    name = connection.settings_dict["NAME"] + "_bench"
    try:
        result = subprocess.run([sys.executable, "-m", "bench.generate", "--count", "20", "--db", name], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        with admin_connection(name) as conn:
            assert conn.execute("SELECT to_regclass('cache') IS NOT NULL").fetchone()[0]
            assert conn.execute("SELECT count(*) FROM initiatives_initiative").fetchone()[0] == 20
    finally:
        with admin_connection() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
