#!/bin/sh
# Run once by the postgis image when it creates the primary's cluster (docker-compose.yml):
# the `db-replica` service may stream from it, with the same password as the app.
echo "host replication $POSTGRES_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
