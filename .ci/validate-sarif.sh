#!/usr/bin/env bash
# Validates the SARIF that `sddl scan` writes for the fixture tree (and `sddl lint` for a few
# descriptors, with fixes) with Microsoft's SARIF Multitool: JSON schema plus the SARIF rules.
# Fails on any error or warning of the validator; its notes (suggestions such as code snippets)
# are printed as a count.
#
# Usage: .ci/validate-sarif.sh [path/to/sddl]   (default: target/debug/sddl, built if missing)
# Needs node and npm (installed with apt-get when missing and run as root); installs
# @microsoft/sarif-multitool (pinned) into a cache directory: $SARIF_MULTITOOL_CACHE, default
# ~/.cache/sddl-ci/sarif-multitool-VERSION.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version=5.7.0
cache="${SARIF_MULTITOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sddl-ci/sarif-multitool-$version}"
tool="$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "validate-sarif: needs node and npm (apt-get install nodejs npm)" >&2
    exit 1
  fi
fi
if [ ! -e "$tool" ]; then
  echo "installing @microsoft/sarif-multitool@$version into $cache"
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$version"
fi
# The package's postinstall (chmod u+x) does not run when npm does not allow install scripts.
chmod u+x "$tool"
# A self-contained .NET program: no ICU needed for what it does here.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

sddl="${1:-target/debug/sddl}"
if [ ! -x "$sddl" ]; then
  cargo build -p sddl-cli
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$sddl" scan --no-config --exit-zero --format sarif tests/fixtures/scan >"$work/scan.sarif"
printf '%s\n' 'D:(A;OICI;GA;;;WD)(A;;RPLCLORC;;;BO)' 'D:(A;;XX;;;WD)' 'O:WDD:NO_ACCESS_CONTROL' |
  "$sddl" lint --no-config --exit-zero --type pipe --format sarif >"$work/lint.sarif"
# A broken copy must fail: proves the validator really checks (it reports nothing at all for
# some malformed logs).
node -e '
  const fs = require("fs");
  const log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  fs.writeFileSync(process.argv[2], JSON.stringify(log));
' "$work/scan.sarif" "$work/broken.sarif"

# Runs the validator on $1; prints "errors warnings notes" of its verdict.
validate() {
  local out="$work/$(basename "$1" .sarif).validation.sarif"
  "$tool" validate "$1" --output "$out" --level Error Warning Note --quiet >/dev/null
  node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const n = { error: 0, warning: 0, note: 0 };
    for (const run of log.runs)
      for (const r of run.results || []) {
        const level = r.level || "warning";
        n[level] = (n[level] || 0) + 1;
        if (level !== "note")
          console.error(`  ${level} ${r.ruleId}: ${(r.message.arguments || []).join(" | ")}`);
      }
    console.log(`${n.error} ${n.warning} ${n.note}`);
  ' "$out"
}

read -r errors _ _ < <(validate "$work/broken.sarif" 2>/dev/null)
if [ "$errors" -eq 0 ]; then
  echo "validate-sarif: the validator accepted a broken log; it is not checking anything" >&2
  exit 1
fi
status=0
for log in scan lint; do
  read -r errors warnings notes < <(validate "$work/$log.sarif")
  echo "sddl $log SARIF: $errors errors, $warnings warnings, $notes notes (SARIF Multitool $version)"
  if [ "$errors" -ne 0 ] || [ "$warnings" -ne 0 ]; then
    status=1
  fi
done
exit "$status"
