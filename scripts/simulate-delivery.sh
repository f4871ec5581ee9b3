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

post() { curl -sS -X POST "$control/$1" -H 'Content-Type: application/json' --data "$2"; echo; }

echo "Seeding $slug $number in the simulator:"
seeded=$(post trackings "{\"tracking_number\":\"$number\",\"slug\":\"$slug\",\"tag\":\"InfoReceived\"}")
echo "$seeded"
id=$(printf '%s' "$seeded" | sed -E 's/.*"id":"([^"]+)".*/\1/')

for tag in InTransit OutForDelivery Delivered; do
  echo "Advancing $id to $tag (the simulator sends the signed webhook):"
  post "trackings/$id/advance" "{\"tag\":\"$tag\"}"
  echo "Stored state (GET $app/trackings/$id; locally the function key is not checked):"
  curl -sS "$app/trackings/$id" | head -c 400
  echo
done
