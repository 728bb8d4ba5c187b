#!/usr/bin/env bash
# The independent JSON Schema validators of the differential and portability tests
# (tests/validate/test_differential.py): ajv 8 + ajv-formats and @hyperjump/json-schema, at the
# versions pinned in tests/validate/js/package-lock.json.  Needs node >= 18 and npm (the browser
# set-up installs them); idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/validate/js"
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
node --version
