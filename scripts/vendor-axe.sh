#!/usr/bin/env bash
# Vendor axe-core for the browser tests: `scripts/vendor-axe.sh` (re)writes
# tests/vendor/axe-core/{axe.min.js,LICENSE,VERSION,SHA256SUMS} from the npm
# registry; `scripts/vendor-axe.sh --check` only verifies the committed files
# against SHA256SUMS. The tests read the vendored file from disk and never
# fetch anything at run time.
#
# axe-core is MPL-2.0: its LICENSE travels with the file, unmodified.
# To upgrade: change AXE_VERSION, run the script, review and commit the diff.
set -euo pipefail

AXE_VERSION="${AXE_VERSION:-4.14.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/tests/vendor/axe-core"
SUMS="$DEST/SHA256SUMS"

check() {
  (cd "$DEST" && sha256sum --check --strict --quiet SHA256SUMS)
  grep -qx "$AXE_VERSION" "$DEST/VERSION" || {
    echo "tests/vendor/axe-core/VERSION is $(cat "$DEST/VERSION"), the script expects $AXE_VERSION" >&2
    exit 1
  }
  echo "axe-core $AXE_VERSION vendored files match SHA256SUMS"
}

if [ "${1:-}" = "--check" ]; then
  check
  exit 0
fi

command -v npm >/dev/null || { echo "npm is needed to vendor axe-core (apt-get install npm)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
tar -xzf "$WORK/axe-core-$AXE_VERSION.tgz" -C "$WORK"
PKG="$WORK/package"

# The tarball must be the version asked for (npm pack resolves tags too).
node -e 'const p=require(process.argv[1]); if (p.version!==process.argv[2]) { console.error(`got ${p.version}`); process.exit(1) }' \
  "$PKG/package.json" "$AXE_VERSION"

mkdir -p "$DEST"
cp "$PKG/axe.min.js" "$DEST/axe.min.js"
cp "$PKG/LICENSE" "$DEST/LICENSE"
echo "$AXE_VERSION" > "$DEST/VERSION"
(cd "$DEST" && sha256sum axe.min.js LICENSE VERSION > SHA256SUMS)
check
