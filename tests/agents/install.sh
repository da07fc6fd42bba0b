#!/usr/bin/env bash
# Install the pinned real agents for tests/cli/real_agents.rs from the npm registry:
#
#   target/agents/claude-code@VERSION/   @anthropic-ai/claude-code (its platform binary)
#   target/agents/codex@VERSION/         @openai/codex
#   target/agents/gemini-cli@VERSION/    @google/gemini-cli
#
# Each folder is complete when it holds `.complete`; a complete folder is not touched again,
# so a second run is quick and needs no network. Install scripts are not run (none is needed:
# the platform packages come as optional dependencies). A failed install leaves no `.complete`.
#
# Usage: tests/agents/install.sh [DIR]   (DIR defaults to target/agents of this repository,
# or $AIPERTURE_AGENTS_DIR). Exits non-zero, with the reason on standard error, when npm is
# missing or the registry cannot be reached.
set -euo pipefail

# The pinned versions; tests/cli/real_agents.rs reads the folder names from this list.
AGENTS=(
  "claude-code@2.1.332 @anthropic-ai/claude-code"
  "codex@0.171.0 @openai/codex"
  "gemini-cli@0.61.0 @google/gemini-cli"
)

root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-${AIPERTURE_AGENTS_DIR:-$root/target/agents}}"

if ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: npm is not installed" >&2
  exit 2
fi
mkdir -p "$dir"

pids=()
names=()
for entry in "${AGENTS[@]}"; do
  read -r name package <<<"$entry"
  dest="$dir/$name"
  [[ -f "$dest/.complete" ]] && continue
  version="${name##*@}"
  (
    rm -rf "$dest"
    mkdir -p "$dest"
    # A short timeout and one retry: an unreachable registry should fail in seconds, not minutes.
    npm install --prefix "$dest" --ignore-scripts --no-audit --no-fund --no-save \
      --fetch-timeout=30000 --fetch-retries=1 \
      --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=5000 --loglevel=error \
      "$package@$version" >"$dest.log" 2>&1
    touch "$dest/.complete"
  ) &
  pids+=("$!")
  names+=("$name")
done

status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "install.sh: npm install of ${names[$i]} failed (log: $dir/${names[$i]}.log):" >&2
    tail -n 5 "$dir/${names[$i]}.log" >&2 || true
    status=1
  fi
done
exit "$status"
