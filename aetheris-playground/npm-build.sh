#!/usr/bin/env bash
# Runs the machine's node/npm for the Maven build of aetheris-playground.
#   npm-build.sh build <site-dir>   npm ci when the lockfile changed, then copy the page to <site-dir>
#   npm-build.sh test               node --test over src/test/js (JS wire codec, golden vectors)
# Without node or npm, `build` prints one line and succeeds (the server then says the playground is
# unavailable); `test` does the same except under CI=true, where a skipped test is a failure.
set -euo pipefail
here="${BASH_SOURCE[0]%/*}"
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
cd "$here"
# playwright-core never downloads a browser by itself, but make sure nothing else tries either.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

mode="${1:-}"
have_node() { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; }

case "$mode" in
  build)
    out="${2:?usage: npm-build.sh build <site-dir>}"
    if ! have_node; then
      echo "aetheris-playground: node/npm not found, the browser playground is not built (install Node.js 20+ with npm to get it)."
      exit 0
    fi
    # npm ci wipes node_modules, so run it only when the lockfile is newer than the install.
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null; then
        # The page itself has no npm dependencies; only the browser tests need them.
        echo "aetheris-playground: npm ci failed (registry unreachable?); the page is built, the browser tests will not run." >&2
      fi
    fi
    exec node scripts/build.mjs "$out"
    ;;
  test)
    if ! have_node; then
      if [ "${CI:-}" = "true" ]; then
        echo "aetheris-playground: node/npm not found but CI=true: the JS codec tests must run." >&2
        exit 1
      fi
      echo "aetheris-playground: node/npm not found, skipping the JS codec tests (install Node.js 20+ to run them)."
      exit 0
    fi
    exec node --test src/test/js/
    ;;
  *)
    echo "usage: npm-build.sh build <site-dir> | test" >&2
    exit 2
    ;;
esac
