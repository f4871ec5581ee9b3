#!/usr/bin/env bash
# Offline validation of the Bicep templates in infra/ (no az CLI, no registry modules):
#   1. restore the Bicep CLI from NuGet (tools/bicep/bicep.csproj; package Azure.Bicep.CommandLine.linux-x64,
#      so Linux x64 only); on another platform set BICEP_PATH to a Bicep CLI binary and nothing is restored,
#   2. lint, build and format-check every .bicep file,
#   3. fail on a non-zero exit code or on ANY "Warning"/"Error" line in the CLI output
#      (linter findings and BCP type warnings exit 0 by default).
# The compiled main.json lands in artifacts/bicep/ (git-ignored) for inspection; the infra tests
# compile main.bicep themselves.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -n "${BICEP_PATH:-}" ]]; then
  bicep="$BICEP_PATH"
else
  dotnet restore tools/bicep/bicep.csproj --nologo --verbosity quiet
  bicep="$(dotnet msbuild tools/bicep/bicep.csproj -nologo -getProperty:BicepPath)"
fi
if [[ ! -x "$bicep" ]]; then
  echo "bicep-check: Bicep CLI not found at '$bicep' (BICEP_PATH, or the linux-x64 package restored by tools/bicep/bicep.csproj)" >&2
  exit 1
fi
"$bicep" --version

mapfile -t files < <(find infra -name '*.bicep' -type f | sort)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "bicep-check: no .bicep files under infra/" >&2
  exit 1
fi
if grep -nE "^\s*(module|using)\s+\S*'br[:/]" "${files[@]}"; then
  echo "bicep-check: registry (br:) references cannot be restored offline; use plain resources" >&2
  exit 1
fi

out_dir="$root/artifacts/bicep"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out_dir"
mkdir -p "$out_dir"

failed=0
run() {
  # run <label> <command...>: prints the output, fails on rc != 0 or on a Warning/Error line.
  local label="$1"
  shift
  local log="$work/$label.log"
  local rc=0
  "$@" >"$log" 2>&1 || rc=$?
  cat "$log"
  if [[ $rc -ne 0 ]]; then
    echo "bicep-check: $label exited with $rc" >&2
    failed=1
  fi
  if grep -qE 'Warning|Error' "$log"; then
    echo "bicep-check: $label reported warnings or errors" >&2
    failed=1
  fi
}

pattern='infra/**/*.bicep'
run lint "$bicep" lint --pattern "$pattern"
run build "$bicep" build --pattern "$pattern" --outdir "$out_dir"
# format --pattern rewrites in place (no --outdir with --pattern): format a copy and diff it.
cp -R infra "$work/formatted"
run format "$bicep" format --pattern "$work/formatted/**/*.bicep"
for f in "${files[@]}"; do
  formatted="$work/formatted/${f#infra/}"
  if [[ ! -f "$formatted" ]]; then
    echo "bicep-check: format produced no output for $f" >&2
    failed=1
  elif ! diff -u "$f" "$formatted"; then
    echo "bicep-check: $f is not formatted; run: bicep format $f" >&2
    failed=1
  fi
done
if [[ ! -f "$out_dir/main.json" ]]; then
  echo "bicep-check: infra/main.bicep did not compile to $out_dir/main.json" >&2
  failed=1
fi

if [[ $failed -ne 0 ]]; then
  echo "bicep-check: FAILED" >&2
  exit 1
fi
echo "bicep-check: ${#files[@]} file(s) lint, build and format clean: ${files[*]}"
echo "bicep-check: compiled templates in $out_dir"
