#!/bin/sh
# Adds one ddns zone to a PowerDNS Authoritative Server (4.7) that runs infra/secondaries/pdns.conf,
# as a secondary of the ddns relay, and creates the SQLite3 database on first use:
#
#   pdns-zone.sh ZONE PRIMARY NOTIFY_KEY_FILE
#
#   ZONE             the zone, e.g. example.com
#   PRIMARY          the relay's address and port: 192.0.2.53:53, or [2001:db8::53]:53
#   NOTIFY_KEY_FILE  the zone's notify key as ddns wrote it (BIND format, docs/secondaries.md)
#
# PDNS_CONFIG_DIR (default /etc/powerdns) and PDNS_DATABASE (default
# /var/lib/powerdns/pdns.sqlite3, as in pdns.conf) say where they are. Running it again for a
# zone updates its primary and key. pdns_server need not be stopped.
#
# The notify key is also the zone's transfer key (its AXFR-MASTER-TSIG): PowerDNS refuses a
# signed NOTIFY whose key is not that one, so ddns must let the notify key transfer the zone
# (docs/secondaries.md, "PowerDNS"). IXFR=1 makes PowerDNS ask for IXFR (RFC 1995) from the
# serial it has rather than for the whole zone each time.
set -eu

if [ $# -ne 3 ]; then
  echo "usage: $0 ZONE PRIMARY NOTIFY_KEY_FILE" >&2
  exit 2
fi
zone=$1
primary=$2
key_file=$3
config_dir=${PDNS_CONFIG_DIR:-/etc/powerdns}
database=${PDNS_DATABASE:-/var/lib/powerdns/pdns.sqlite3}
schema=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql

key_name=$(sed -n 's/^key "\([^"]*\)".*/\1/p' "$key_file")
algorithm=$(sed -n 's/.*algorithm \([^;]*\);.*/\1/p' "$key_file")
secret=$(sed -n 's/.*secret "\([^"]*\)";.*/\1/p' "$key_file")
if [ -z "$key_name" ] || [ -z "$algorithm" ] || [ -z "$secret" ]; then
  echo "$0: no BIND key statement in $key_file" >&2
  exit 1
fi

pdnsutil() {
  command pdnsutil --config-dir="$config_dir" "$@"
}

if [ ! -s "$database" ]; then
  sqlite3 "$database" < "$schema"
  if [ "$(id -u)" -eq 0 ] && id pdns >/dev/null 2>&1; then
    chown pdns:pdns "$database"
  fi
fi
pdnsutil import-tsig-key "$key_name" "$algorithm" "$secret"
# (list-all-zones leaves out a zone that has no records yet, so try to create it first)
pdnsutil create-secondary-zone "$zone" "$primary" 2>/dev/null \
  || pdnsutil change-secondary-zone-primary "$zone" "$primary"
pdnsutil activate-tsig-key "$zone" "$key_name" secondary
pdnsutil set-meta "$zone" IXFR 1
