"""A fresh database with the sample data, and its change log filled with N changes copied
from the sample initiatives' real Features: what bench.changes reads as the change feed and
bench.webhooks turns into deliveries."""

import os
import subprocess

from bench.common import PYTHON, ROOT, connect

# A hundred changes per transaction id, below the cluster's own (final at once); one in five
# an update with its diff, one in ten from the source "bench-source", each with the themes,
# department and region of the initiative it copies.
FILL = """
INSERT INTO initiatives_change (txid, initiative_id, slug, action, reason, version, at, feature, diff,
                                source, themes, networks, departments, regions)
SELECT 1 + g / 100, i.id, i.slug, CASE WHEN g %% 5 = 0 THEN 'updated' ELSE 'created' END, '', i.version,
       now(), i.feature, CASE WHEN g %% 5 = 0 THEN '{"name": {"before": "x", "after": "y"}}'::jsonb END,
       CASE WHEN g %% 10 = 0 THEN 'bench-source' ELSE '' END,
       ARRAY(SELECT t.slug FROM initiatives_initiative_themes it JOIN initiatives_theme t ON t.id = it.theme_id
             WHERE it.initiative_id = i.id), '{}', ARRAY[i.department_code], ARRAY[i.region_code]
FROM generate_series(1, %(n)s) AS g
JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM initiatives_initiative WHERE status = 'published') AS i
  ON i.k = g %% (SELECT count(*) FROM initiatives_initiative WHERE status = 'published')
"""


def fresh_database(db, root=ROOT):
    """Drop and create `db`, migrate it (with the checkout at `root`) and load the sample
    data; the environment of a manage.py command on it."""
    with connect("postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db}")
        conn.execute(f"CREATE DATABASE {db}")
    env = {**os.environ, "LOCAL_DB_NAME": db, "DJANGO_SETTINGS_MODULE": "project.settings.dev"}
    for command in (["migrate", "-v0"], ["load_sample_data", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def fill_change_log(db, count, *, alone=False):
    """Add `count` changes to `db`'s log; `alone`: instead of the sample data's own."""
    with connect(db, autocommit=True) as conn:
        if alone:
            conn.execute("TRUNCATE initiatives_change")
        conn.execute(FILL, {"n": count})
        conn.execute("VACUUM ANALYZE initiatives_change")
