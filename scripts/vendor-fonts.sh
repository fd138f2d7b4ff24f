#!/bin/sh
# Vendor the site's headline face, Source Serif 4 (SIL Open Font License 1.1),
# into static/fonts/ from the npm package @fontsource/source-serif-4: the latin
# subset as woff2, in the weights static/css/site.css declares, with the
# licence as OFL.txt. The site never loads a font from a CDN.
#
#   scripts/vendor-fonts.sh            # the pinned version
#   scripts/vendor-fonts.sh 5.3.2      # another version (then update VERSION below)
#
# Needs npm (only to download the package tarball: `npm pack`); nothing is
# installed. Run from anywhere; commit static/fonts/ afterwards.
set -eu

VERSION="${1:-5.3.1}"
PACKAGE="@fontsource/source-serif-4@${VERSION}"
# weight-style pairs the stylesheet uses: body quotes 400, emphasis 400 italic,
# subheads 600, headlines 700.
FACES="400-normal 400-italic 600-normal 700-normal"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/fonts"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz)

mkdir -p "$DEST"
for face in $FACES; do
  cp "$TMP/package/files/source-serif-4-latin-${face}.woff2" "$DEST/"
done
cp "$TMP/package/LICENSE" "$DEST/OFL.txt"
echo "Source Serif 4 ${VERSION} (${FACES}) -> ${DEST}"
