#!/bin/sh
# A pool of simulated organisations, from end to end, through the command line.
#
# Usage: sh examples/intel/pool.sh [ORGS [APPROVING]]     (default: 80 organisations, 66 approving)
#
# Each organisation is a store of its own: a human there approves or denies `git push origin
# main` once, and the store exports what it learned (generalized to `git push`, randomized once
# at ε = 1, signed with the store's key). One more store imports every export, trusts their
# keys (`intel trust FILE`), enables the signal and asks about the same command; the script
# prints what `check --explain` shows. Everything happens under a temporary folder, with its
# own XDG folders, which is removed at the end. AIPERTURE names the binary (default:
# `aiperture` on PATH).
set -eu
orgs=${1:-80}
approving=${2:-66}
bin=${AIPERTURE:-aiperture}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"

# `check` exits 3 for ask; anything else (an error is 2) stops the script.
ask() {
    "$@" >/dev/null && return 1
    [ $? -eq 3 ]
}

i=0
while [ "$i" -lt "$orgs" ]; do
    i=$((i + 1))
    store="$work/org$i"
    mkdir -p "$store"
    "$bin" init "$store" >/dev/null
    ask "$bin" --store "$store" check shell execute "git push origin main"
    if [ "$i" -le "$approving" ]; then verb=approve; else verb=deny; fi
    "$bin" --store "$store" --quiet "$verb" --last --yes
    "$bin" --store "$store" --quiet intel export --out "$work/org$i.json"
done

me="$work/me"
mkdir -p "$me"
"$bin" init "$me" >/dev/null
"$bin" --store "$me" intel import "$work"/org*.json >/dev/null
"$bin" --store "$me" --quiet intel trust "$work"/org*.json
"$bin" --store "$me" --quiet config set intel.enabled true
echo "$approving of $orgs organisations approve \`git push\`; the pooled signal says:"
"$bin" --store "$me" check shell execute "git push origin main" --explain | grep '^shared:' ||
    { echo "no shared signal shown" >&2; exit 1; }
