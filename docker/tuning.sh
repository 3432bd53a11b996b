#!/bin/sh
# Run once by the postgis image when it creates a cluster (docker-compose.yml): the
# project's settings (docker/tuning.conf, mounted beside the cluster's own file).
echo "include '/etc/postgresql/tuning.conf'" >> "$PGDATA/postgresql.conf"
