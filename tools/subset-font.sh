#!/usr/bin/env bash
# Regenerate assets/fonts/NotoSansCJKsc-subset.otf from Debian's fonts-noto-cjk.
#
# Subset = ASCII + Latin-1 + General Punctuation + Arrows/Geometric shapes/
# Enclosed alphanumerics (①, ●, →) + CJK Symbols & Punctuation + Fullwidth forms
# + every character encodable in GB2312 (all simplified hanzi used in mainland
# text) + Big5 level-1 hanzi (common traditional characters).
#
# Usage: tools/subset-font.sh [OUTPUT]   (default: assets/fonts/NotoSansCJKsc-subset.otf)
# Needs: apt-get (Debian/Ubuntu) and python3 with pip; installs what is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT="${1:-assets/fonts/NotoSansCJKsc-subset.otf}"
TTC=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
FACE=2 # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK (checked below)

if [ ! -f "$TTC" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update
    $SUDO apt-get install -y fonts-noto-cjk
fi
if ! python3 -c 'import fontTools' 2>/dev/null; then
    python3 -m pip install fonttools || python3 -m pip install --break-system-packages fonttools
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Check that face $FACE really is the Simplified Chinese face.
python3 - "$TTC" "$FACE" <<'PY'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1], fontNumber=int(sys.argv[2]), lazy=True)
name = f["name"].getDebugName(4)
print("face", sys.argv[2], "=", name)
assert name == "Noto Sans CJK SC", name
PY

# Build the code point list with Python's codecs.
python3 - "$TMP/unicodes.txt" <<'PY'
import sys
cps = set()
ranges = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2000, 0x206F),  # General punctuation
    (0x2190, 0x21FF),  # Arrows
    (0x2460, 0x24FF),  # Enclosed alphanumerics (①②③)
    (0x25A0, 0x25FF),  # Geometric shapes (●○■□▲)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and fullwidth forms
]
for a, b in ranges:
    cps.update(range(a, b + 1))
cps.add(0xFFFD)  # replacement character

def add_dbcs(codec, lead, trail):
    n = 0
    for hi in lead:
        for lo in trail:
            try:
                s = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                cps.add(ord(s)); n += 1
    return n

# GB2312: every valid 2-byte code (rows 0xA1-0xF7; hanzi are rows 0xB0-0xF7).
n_gb = add_dbcs("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
# Big5 level 1 (frequently used hanzi): 0xA440-0xC67E.
n_b5 = 0
for hi in range(0xA4, 0xC7):
    for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
        code = (hi << 8) | lo
        if code > 0xC67E:
            continue
        try:
            s = bytes([hi, lo]).decode("big5")
        except UnicodeDecodeError:
            continue
        if len(s) == 1:
            cps.add(ord(s)); n_b5 += 1
print(f"GB2312 codes: {n_gb}, Big5 level-1 codes: {n_b5}, total code points: {len(cps)}")
with open(sys.argv[1], "w") as f:
    for cp in sorted(cps):
        f.write(f"U+{cp:04X}\n")
PY

# Subset. CFF outlines are kept (.otf); egui's font loader (skrifa) reads CFF.
# Hinting is dropped and so are vertical-text tables and the locl/vert GSUB
# features (egui does no OpenType shaping; they only pull in ~8k extra glyphs).
python3 -m fontTools.subset "$TTC" \
    --font-number="$FACE" \
    --unicodes-file="$TMP/unicodes.txt" \
    --no-hinting \
    --layout-features-='locl,vert,vrt2,vjmo' \
    --drop-tables+=vhea,vmtx,VORG,BASE \
    --name-IDs='*' \
    --name-languages='*' \
    --output-file="$OUT"

ls -l "$OUT"
python3 - "$OUT" <<'PY'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
cmap = f.getBestCmap()
for ch in "您好物业为您服务這個問題們":
    assert ord(ch) in cmap, ch
print("glyphs:", len(f.getGlyphOrder()), "mapped code points:", len(cmap), "outline:", "CFF" if "CFF " in f else "glyf")
PY
