#!/usr/bin/env bash
# CI: greenlet-ts off Node — the fixtures and the hub's tests on Bun and Deno, the fixtures and
# examples/browser in headless Chromium (test/portable/run.js). Bun, Deno, esbuild and
# playwright-core are devDependencies (installed by `npm ci`); Chromium is Debian's package.
# Runs after `npm test` (which builds build/test). About a minute here (1 min 2 s), plus
# Chromium's install when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "portable.sh: chromium is not installed (apt-get install chromium, as root)" >&2
    exit 1
  fi
fi
CHROMIUM="$(command -v chromium)" node test/portable/run.js
