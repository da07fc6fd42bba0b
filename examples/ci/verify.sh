#!/bin/sh
# Verify the aiperture journal of an agent run in this CI job, then keep its audit trail.
#
# Run from the project folder after the agent ran there with its store (.aiperture/) in the
# workspace. Exits non-zero, before writing anything, when the journal is missing or empty
# (a git checkout holds no journal: the store's .gitignore keeps it local), edited, cut short
# or rewritten. On success it leaves in $AIPERTURE_AUDIT_DIR (default: aiperture-audit/):
#   trail.jsonl  the journal as JSON Lines, checkable later on any machine with
#                aiperture verify-chain --require-events --file trail.jsonl --expect-head HEAD
#   HEAD         the journal's head (seq and hash), to pin a later export or run to this one
#
# AIPERTURE_EXPECT_HEAD (optional): a head recorded earlier (SEQ:HASH, a hash or a HEAD file)
# that the journal must still contain, for a store that lives on across runs.
set -eu

out=${AIPERTURE_AUDIT_DIR:-aiperture-audit}

if [ -n "${AIPERTURE_EXPECT_HEAD:-}" ]; then
    aiperture verify-chain --require-events --expect-head "$AIPERTURE_EXPECT_HEAD"
else
    aiperture verify-chain --require-events
fi

store=$(aiperture where)
mkdir -p "$out"
cp "$store/journal/HEAD" "$out/HEAD"
aiperture audit export > "$out/trail.jsonl"
aiperture verify-chain --require-events --file "$out/trail.jsonl" --expect-head "$out/HEAD"
