"""Keep the stored Feature (and the search vector) inside the table row.

By default PostgreSQL moves a row's largest values out of line, to the TOAST table, once the
row passes ~2 kB, and at 1.5 kB the Feature is the largest: reading a page of Features then
costs one TOAST lookup per row. With STORAGE MAIN they are compressed in the row and only leave
it as a last resort; the plain-text description leaves first. The search vector is kept
in the row too: with the Feature alone inline, it was pushed out instead, and ranking a search
that matches most rows got 40 % slower. On the 100k benchmark dataset (bench/, side by side
on copies of the table): the department page's SQL 16.1 → 12.5 ms, a city 33.7 → 25.6 ms, the
full export 1.12 → 0.97 s; search and the whole-France clustering scan unchanged. In the full benchmark
on regenerated data the department page went from 27.5 to 20.0 ms over HTTP (SQL 14.9 → 9.0).

Existing rows take the new layout when rewritten: the UPDATE makes the trigger rebuild each
Feature (initiative_touch), without changing updated_at or version."""

from django.db import migrations

FORWARD = """
ALTER TABLE initiatives_initiative
    ALTER COLUMN feature SET STORAGE MAIN,
    ALTER COLUMN search_vector SET STORAGE MAIN;
UPDATE initiatives_initiative SET feature = NULL;
"""

BACKWARD = """
ALTER TABLE initiatives_initiative
    ALTER COLUMN feature SET STORAGE EXTENDED,
    ALTER COLUMN search_vector SET STORAGE EXTENDED;
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_contributions")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
