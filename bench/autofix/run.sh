#!/usr/bin/env bash
# Offline fix rate on both autofix corpora: tests/datasets/buggy-repos (written with the engine,
# a regression suite) and tests/datasets/autofix-heldout (written test-first, the honest measure).
# Each buggy repository crashes for real, BugSage runs a whole fix session offline, and every
# validated candidate is checked against the case's held-out reference tests. Prints, per corpus and
# language: fixed, false-validated, mitigations offered, time per session.
# Usage: bench/autofix/run.sh [buggy-repos|autofix-heldout]   (both when none is given)
set -euo pipefail
cd "$(dirname "$0")/../.."
filter="FullyQualifiedName~FixCorpusTests"
if [ $# -gt 0 ]; then filter="$filter&DisplayName~$1"; fi
dotnet test tests/BugSage.Server.Tests --filter "$filter" 2>&1 | grep -E "Passed!|Failed!|error" || true
for corpus in buggy-repos autofix-heldout; do
  report="tests/BugSage.Server.Tests/bin/Debug/net10.0/autofix-$corpus.md"
  if [ $# -eq 0 ] || [ "$1" = "$corpus" ]; then cat "$report"; echo; fi
done
