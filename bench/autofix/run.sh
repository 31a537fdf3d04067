#!/usr/bin/env bash
# Offline fix rate on the autofix corpus (tests/datasets/buggy-repos): each buggy repository
# crashes for real, BugSage runs a whole fix session offline, and every validated candidate is
# checked against the case's held-out reference tests.
# Usage: bench/autofix/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet test tests/BugSage.Server.Tests --filter "FullyQualifiedName~FixCorpusTests" 2>&1 | grep -E "Passed!|Failed!|error" || true
cat tests/BugSage.Server.Tests/bin/Debug/net10.0/autofix-corpus.md
