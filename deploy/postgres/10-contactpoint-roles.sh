#!/bin/sh
# Runs once, when the postgres container first initialises its data volume.
# The owner role runs migrations; the app role (web, worker, beat) owns nothing, is not a superuser
# and cannot bypass row-level security.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$CONTACTPOINT_OWNER_PASSWORD" -v app_password="$CONTACTPOINT_APP_PASSWORD" <<'SQL'
CREATE ROLE contactpoint_owner LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE contactpoint_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT PASSWORD :'app_password';
CREATE DATABASE contactpoint OWNER contactpoint_owner;
SQL
