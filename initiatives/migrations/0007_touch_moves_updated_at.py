"""A Feature rebuilt because something it shows changed elsewhere (a network renamed, a
theme recoloured, a link added, the licence changed) now moves its initiative's updated_at,
so that partners syncing with `?updated_since=` see the new Feature. `version` does not
move: it guards editors against overwriting each other, and nobody edited the initiative.

clock_timestamp(), not now(): now() is the start of the transaction, which may be earlier
than the updated_at Django has just written in the same transaction."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION initiative_touch(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE initiatives_initiative SET feature = NULL, updated_at = clock_timestamp()
    WHERE id = ANY(ids);
$$;
CREATE OR REPLACE FUNCTION dataset_rebuild_features() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_initiative SET feature = NULL, updated_at = clock_timestamp();
    RETURN NULL;
END $$;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION initiative_touch(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE initiatives_initiative SET feature = NULL WHERE id = ANY(ids);
$$;
CREATE OR REPLACE FUNCTION dataset_rebuild_features() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_initiative SET feature = NULL;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0006_feature_storage_inline")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
