#!/usr/bin/env bash
# Accuracy of the offline analysis engine (category, culprit frame, failing expression) on the
# events real failing programs sent (tests/datasets/failing-programs), labelled with the bug behind each.
# Usage: bench/analysis/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet test tests/BugSage.Server.Tests --filter "FullyQualifiedName~OfflineEngineDatasetTests" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "events|want|Passed!|Failed!" | grep -v "xUnit.net"
