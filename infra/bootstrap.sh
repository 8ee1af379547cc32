#!/usr/bin/env bash
# After `sam deploy`: create a zone in the stack's table and a TSIG key in Secrets Manager, and
# print the relay's environment file. Uses the stack outputs, awscli and the ddns CLI
# (target/ddns.jar, built by `mvn package`); credentials from the standard AWS chain.
#
#   infra/bootstrap.sh --zone example.com. --ns ns1.example.net. --key updater.example.com.
#   infra/bootstrap.sh --stack ddns --region eu-west-1 --zone example.com. \
#       --ns ns1.example.com. --ns ns2.example.com. \
#       --ns-address ns1.example.com.=192.0.2.1 --ns-address ns2.example.com.=192.0.2.2 \
#       --key acme.example.com. --grant 'subdomain _acme-challenge.example.com. TXT'
#   infra/bootstrap.sh ... --notify 192.0.2.53      # secondaries to NOTIFY on changes
#   infra/bootstrap.sh ... --relay-key _relay.office.  # the relay's key (once per relay)
#
# The key's BIND key file is written to ./<key>.key (mode 600): give it to nsupdate -k, certbot,
# lego or your DHCP server. It is the only copy outside Secrets Manager.
# With --notify, NOTIFY is signed with the zone's notify key notify.<zone>, made under the same
# prefix; its key file ./notify.<zone>.key (mode 600) goes to the secondaries, whose configs in
# infra/secondaries accept only NOTIFY signed with it (docs/secondaries.md).
# With --relay-key, a relay key is made under the same prefix (it attests clients to the endpoint
# and signs no DNS message, docs/relay.md); its file ./<relay key>.key (mode 600) goes to the relay.
set -euo pipefail

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

STACK=ddns REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-}} ZONE= KEY= RELAY_KEY=
NS=() NS_ADDRESSES=() GRANTS=() NOTIFY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stack) STACK=$2; shift 2 ;;
    --region) REGION=$2; shift 2 ;;
    --zone) ZONE=$2; shift 2 ;;
    --ns) NS+=("$2"); shift 2 ;;
    --ns-address) NS_ADDRESSES+=("$2"); shift 2 ;;   # NAME=IP of a name server inside the zone
    --key) KEY=$2; shift 2 ;;
    --grant) GRANTS+=("$2"); shift 2 ;;
    --notify) NOTIFY+=("$2"); shift 2 ;;
    --relay-key) RELAY_KEY=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bootstrap: unknown option $1" >&2; usage 2 >&2 ;;
  esac
done
[[ -n "$ZONE" && ${#NS[@]} -gt 0 && -n "$KEY" ]] || { echo "bootstrap: give --zone, --ns and --key" >&2; usage 2 >&2; }
[[ -n "$REGION" ]] || { echo "bootstrap: give --region or set AWS_REGION" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/target/ddns.jar
for tool in aws java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bootstrap: '$tool' not found" >&2; exit 1; }
done
[[ -f "$JAR" ]] || { echo "bootstrap: $JAR missing; run mvn -q package -DskipTests" >&2; exit 1; }
ddns() { java -jar "$JAR" "$@"; }

output() {
  aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
TABLE=$(output TableName)
PREFIX=$(output SecretPrefix)
ENDPOINT=$(output EndpointUrl)
echo "stack $STACK in $REGION: table $TABLE, key prefix $PREFIX, endpoint $ENDPOINT" >&2

ns_args=()
for ns in "${NS[@]}"; do ns_args+=(--ns "$ns"); done
for address in "${NS_ADDRESSES[@]}"; do ns_args+=(--ns-address "$address"); done
ddns zone create "$ZONE" "${ns_args[@]}" --region "$REGION" --table "$TABLE"

if [[ ${#NOTIFY[@]} -gt 0 ]]; then
  NOTIFY_KEY=notify.${ZONE%.}.
  NOTIFY_KEY_FILE=./${NOTIFY_KEY%.}.key
  ddns zone set "$ZONE" --notify "${NOTIFY[@]}" --notify-key "$NOTIFY_KEY" \
    --notify-key-file "$NOTIFY_KEY_FILE" --prefix "$PREFIX" --region "$REGION" --table "$TABLE"
  cat >&2 <<NOTE
NOTIFY for $ZONE is signed with $NOTIFY_KEY (stored under $PREFIX). Give $NOTIFY_KEY_FILE to
each secondary (${NOTIFY[*]}): BIND includes it as it is, Knot takes its secret line; the
configs in infra/secondaries then accept NOTIFY only with that key (docs/secondaries.md).
NOTE
fi

key_args=(--prefix "$PREFIX" --region "$REGION" --table "$TABLE")
if [[ ${#GRANTS[@]} -gt 0 ]]; then
  key_args+=(--zone "$ZONE")
  for grant in "${GRANTS[@]}"; do key_args+=(--grant "$grant"); done
fi
KEY_FILE=./${KEY%.}.key
(umask 077; ddns key create "$KEY" "${key_args[@]}" > "$KEY_FILE")
echo "key $KEY stored under $PREFIX; BIND key file: $KEY_FILE" >&2

if [[ -n "$RELAY_KEY" ]]; then
  RELAY_KEY_FILE=./${RELAY_KEY%.}.key
  (umask 077; ddns key create "$RELAY_KEY" --relay --prefix "$PREFIX" --region "$REGION" \
    > "$RELAY_KEY_FILE")
  echo "relay key $RELAY_KEY stored under $PREFIX; install $RELAY_KEY_FILE as /etc/ddns/relay.key" >&2
fi

cat <<ENV
# /etc/ddns/relay.env for infra/relay/ddns-relay.service (the relay key: /etc/ddns/relay.key)
DDNS_ENDPOINT=$ENDPOINT
DDNS_LISTEN=--listen 0.0.0.0:53 --listen [::]:53
DDNS_RELAY_OPTIONS=--timeout 10s --connect-timeout 2s
ENV
