#!/usr/bin/env bash
# Runs the app locally without an AfterShip account or an Azure subscription:
#   Azurite (Table, Queue, Blob; data kept in .azurite/), the AfterShip simulator on :5080, and the Functions host.
# Stop with Ctrl+C; the background services stop with it. The simulator's control endpoint (:5081) sends signed
# webhooks to this host: scripts/simulate-delivery.sh plays a parcel's journey through it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v func >/dev/null 2>&1; then
  cat >&2 <<'MSG'
Azure Functions Core Tools ('func', version 4.x) is not installed. Install it, then run this script again:
  npm install -g azure-functions-core-tools@4
  or, on Debian and Ubuntu, add Microsoft's package repository as the page below shows, then
  sudo apt-get install azure-functions-core-tools-4
  (https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools)
MSG
  exit 1
fi

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
settings=src/TrackingFunctions/local.settings.json
if [ ! -f "$settings" ]; then
  cp local.settings.sample.json "$settings"
  echo "Created $settings from local.settings.sample.json"
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --disableTelemetry \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
pids+=($!)
dotnet run --project tests/AfterShip.Simulator -- --urls http://127.0.0.1:5080 --api-key local-dev-key &
pids+=($!)

cd src/TrackingFunctions
func start
