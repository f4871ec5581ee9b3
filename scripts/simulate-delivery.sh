#!/usr/bin/env bash
# Plays a parcel's journey through the local stack (scripts/run-local.sh must be running): seeds a tracking in the
# AfterShip simulator, then advances it InTransit -> OutForDelivery -> Delivered. At each step the simulator sends
# the signed webhook AfterShip would send to the local Functions host, and the script reads the stored state back.
#   scripts/simulate-delivery.sh [tracking_number] [slug]
# Control endpoint: http://127.0.0.1:5081/control/ (SIM_CONTROL_URL); read API: http://localhost:7071/api/ (APP_URL).
set -euo pipefail
control="${SIM_CONTROL_URL:-http://127.0.0.1:5081/control}"
app="${APP_URL:-http://localhost:7071/api}"
number="${1:-1ZSIM$(date +%s)}"
slug="${2:-ups}"

# curl exits 7 when nothing listens: say what to start instead of a bare "curl: (7)".
call() {
  local url="$1" rc=0
  shift
  curl -sS "$@" "$url" || rc=$?
  if [[ $rc -eq 7 ]]; then
    echo "simulate-delivery: nothing answers at $url: is the app running? start scripts/run-local.sh" >&2
  fi
  return "$rc"
}
post() {
  local rc=0
  call "$control/$1" -X POST -H 'Content-Type: application/json' --data "$2" || rc=$?
  echo
  return "$rc"
}

echo "Seeding $slug $number in the simulator:"
seeded=$(post trackings "{\"tracking_number\":\"$number\",\"slug\":\"$slug\",\"tag\":\"InfoReceived\"}")
echo "$seeded"
id=$(printf '%s' "$seeded" | sed -E 's/.*"id":"([^"]+)".*/\1/')

for tag in InTransit OutForDelivery Delivered; do
  echo "Advancing $id to $tag (the simulator sends the signed webhook):"
  post "trackings/$id/advance" "{\"tag\":\"$tag\"}"
  echo "Stored state (GET $app/trackings/$id; locally the function key is not checked):"
  call "$app/trackings/$id" | head -c 400
  echo
done
