#!/usr/bin/env bash
# Precision and recall of similar-issue suggestions on the events real failing programs sent
# through real Sentry SDKs (tests/datasets/failing-programs), labelled with the bug behind each.
# Usage: bench/similar/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet test tests/BugSage.Server.Tests --filter "FullyQualifiedName~SimilarDatasetTests" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "similar issues on|wrong:|missed:|Passed!|Failed!" | grep -v "xUnit.net"
