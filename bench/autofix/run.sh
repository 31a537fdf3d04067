#!/usr/bin/env bash
# Offline fix rate on the autofix corpora: tests/datasets/buggy-repos (written with the engine,
# a regression suite), tests/datasets/autofix-heldout and autofix-heldout-2 (written test-first, since
# used to grow repairs), tests/datasets/autofix-heldout-3 and autofix-heldout-4 (written test-first, used to grow repairs
# since sessions 35 and 39), tests/datasets/autofix-heldout-5 (written test-first, used to grow repairs since session 40)
# and tests/datasets/autofix-heldout-6 (written test-first, kept away from repair work).
# Each buggy repository crashes for real, BugSage runs a whole fix session offline, and every
# validated candidate is checked against the case's held-out reference tests. Prints, per corpus and
# language: fixed, false-validated, mitigations offered, time per session.
# Usage: bench/autofix/run.sh [buggy-repos|autofix-heldout|autofix-heldout-2|autofix-heldout-3|autofix-heldout-4|autofix-heldout-5|autofix-heldout-6]   (all when none is given)
set -euo pipefail
cd "$(dirname "$0")/../.."
corpora=(buggy-repos autofix-heldout autofix-heldout-2 autofix-heldout-3 autofix-heldout-4 autofix-heldout-5 autofix-heldout-6)
filter="FullyQualifiedName~FixCorpusTests"
if [ $# -gt 0 ]; then
  case " ${corpora[*]} " in
    *" $1 "*) ;;
    *) echo "unknown corpus '$1'; one of: ${corpora[*]}" >&2; exit 2 ;;
  esac
  filter="$filter&DisplayName~$1"
  # Display names are matched as substrings: autofix-heldout alone would also select autofix-heldout-2.
  for other in "${corpora[@]}"; do
    if [ "$other" != "$1" ] && [[ "$other" == *"$1"* ]]; then filter="$filter&DisplayName!~$other"; fi
  done
fi
# A failed row's first lines say which bar it missed (its report is written only when every case ran).
dotnet test tests/BugSage.Server.Tests --filter "$filter" 2>&1 | grep -E "Passed!|Failed!|error|Error Message:" -A2 || true
for corpus in "${corpora[@]}"; do
  report="tests/BugSage.Server.Tests/bin/Debug/net10.0/autofix-$corpus.md"
  if [ $# -eq 0 ] || [ "$1" = "$corpus" ]; then cat "$report"; echo; fi
done
