#!/usr/bin/env bash
# Re-creates the open faces committed under assets/fonts from Debian's packages and checks them
# against the checksums in assets/fonts/README.md. Not part of install or CI (the files are in the
# repository, so a Windows checkout and a packaged app have them); use it to verify provenance or
# to refresh them. Needs apt-get and dpkg-deb (Debian/Ubuntu). Noto Serif SC is not handled here:
# it comes from npm (@expo-google-fonts/noto-serif-sc).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=assets/fonts
work=$(mktemp -d)
chmod 755 "$work" # apt-get download runs as _apt
trap 'rm -rf "$work"' EXIT

(cd "$work" && apt-get download texlive-lang-chinese fonts-lxgw-wenkai >/dev/null)
dpkg-deb -x "$work"/texlive-lang-chinese_*.deb "$work/x"
dpkg-deb -x "$work"/fonts-lxgw-wenkai_*.deb "$work/x"

fandol="$work/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
cp "$fandol/FandolFang-Regular.otf" "$fandol/FandolHei-Regular.otf" "$dest/"
cp "$work/x/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf" "$dest/"
zcat "$work/x/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz" >"$dest/Fandol-COPYING.txt"
cp "$work/x/usr/share/doc/texlive-doc/fonts/fandol/README" "$dest/Fandol-README.txt"

# The checksums listed in the README must still match.
status=0
while read -r sum file; do
  actual=$(sha256sum "$dest/$file" | cut -d' ' -f1)
  if [ "$actual" = "$sum" ]; then echo "ok       $file"; else echo "CHANGED  $file ($actual)"; status=1; fi
done < <(sed -n 's/^| `\([^`]*\)` | .* | `\([0-9a-f]\{64\}\)` |$/\2 \1/p' "$dest/README.md")
exit $status
