#!/usr/bin/env bash
# Regenerate typeset/data/icc/FOGRA39-argyll.icc, the CMYK output-intent profile
# of the print (PDF/X-4) edition, from Fogra's FOGRA39 characterisation data.
# See typeset/data/icc/NOTICE for where the data comes from and its licence.
#
# Needs (Debian 12 "bookworm"; nothing is installed by this script):
#   apt-get install -y argyll icc-profiles-free
#     argyll            -> colprof, and /usr/share/color/argyll/ref/sRGB.icm
#     icc-profiles-free -> /usr/share/color/icc/FOGRA39L.ti3 (the measurement data)
#   python3 (only the standard library), to pin the header date.
#
# Usage: tools/make-fogra39-icc.sh [OUTPUT.icc]   (default: the committed file)
#
# The committed file was made with argyll 2.3.1+repack-1.1+b1 (amd64) and
# icc-profiles-free 2.0.1+dfsg-1.1; with those, running this script writes the
# committed bytes exactly. Another ArgyllCMS version, or another CPU, may produce
# slightly different table values (floating point); the script warns then.
set -euo pipefail

die() { printf 'make-fogra39-icc: error: %s\n' "$*" >&2; exit 1; }
warn() { printf 'make-fogra39-icc: warning: %s\n' "$*" >&2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-"$repo/typeset/data/icc/FOGRA39-argyll.icc"}

ti3=/usr/share/color/icc/FOGRA39L.ti3
srgb=/usr/share/color/argyll/ref/sRGB.icm
# What the committed profile was built from and with.
ti3_sha256=e44e6dfa81633588db98b5613a821d4a936d3d9438d2eb983083c3232df393fa
argyll_version=2.3.1
# ICC header creation date, fixed so that the output is byte-for-byte repeatable
# (colprof writes the current time there; nothing else in its output varies).
header_date='2026-11-29 00:00:00'

desc='FOGRA39 (coated offset), TAC 300%, built with ArgyllCMS from Fogra characterisation data'
cprt='Derived from Fogra FOGRA39L characterisation data as distributed in icc-profiles-free (Copyright Kai-Uwe Behrmann, zlib licence). Built with ArgyllCMS. No warranty.'

command -v colprof >/dev/null 2>&1 \
    || die "colprof not found: install the Debian package 'argyll' (apt-get install -y argyll)"
command -v python3 >/dev/null 2>&1 || die "python3 not found"
[[ -r $ti3 ]] \
    || die "$ti3 not found: install the Debian package 'icc-profiles-free' (apt-get install -y icc-profiles-free)"
[[ -r $srgb ]] \
    || die "$srgb not found: it comes with the Debian package 'argyll'"

if [[ $(sha256sum "$ti3" | cut -d' ' -f1) != "$ti3_sha256" ]]; then
    warn "$ti3 differs from the data the committed profile was built from"
fi
found_version=$(colprof 2>&1 | sed -n 's/^Create ICC profile, Version \([^ ]*\).*/\1/p' | head -n1 || true)
if [[ $found_version != "$argyll_version" ]]; then
    warn "ArgyllCMS is '${found_version:-unknown}', the committed profile was made with $argyll_version: bytes may differ"
fi

# Environment variables that change what colprof computes; see Environment.html
# in the argyll-doc package. Clear them all for a repeatable build.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^ARGYLL_' || true)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$ti3" "$work/FOGRA39L.ti3"

# -qm          medium table resolution (cLUTs of 53 KB each; -qh would make ~0.9 MB)
# -kr          black generation: linear K ramp from 0 at white to maximum at black
#              (ArgyllCMS's default, a strong GCR: greys are carried mostly by K)
# -l 300       total ink limit 300% in every B2A (colour -> CMYK) table
# -s sRGB.icm  make a perceptual B2A table gamut-mapped from sRGB (our images);
#              the saturation intent uses the same table; the colorimetric
#              intents clip to the gamut
# -nc          do not embed the .ti3 measurement data in the profile
# (no -L: no separate black-ink limit; no -Z: the header's rendering intent
#  stays argyll's default, relative colorimetric)
if ! (cd "$work" && colprof -v -qm -kr -l 300 -s "$srgb" -nc \
        -D "$desc" -C "$cprt" -O FOGRA39-argyll.icc FOGRA39L >colprof.log 2>&1); then
    cat "$work/colprof.log" >&2
    die "colprof failed"
fi

python3 - "$work/FOGRA39-argyll.icc" "$header_date" <<'PY'
import struct
import sys
from datetime import datetime

path, when = sys.argv[1], datetime.strptime(sys.argv[2], "%Y-%m-%d %H:%M:%S")
data = bytearray(open(path, "rb").read())
size, version = struct.unpack(">I4xI", data[:12])
assert size == len(data), "ICC header size does not match the file"
assert (data[12:16], data[16:20], data[20:24]) == (b"prtr", b"CMYK", b"Lab "), data[12:24]
assert version >> 24 == 2, f"expected an ICC v2 profile, got {version:08x}"
# v2 profiles carry no profile ID (MD5), so only the date field changes.
data[24:36] = struct.pack(
    ">6H", when.year, when.month, when.day, when.hour, when.minute, when.second
)
open(path, "wb").write(bytes(data))
PY

mkdir -p "$(dirname "$out")"
mv "$work/FOGRA39-argyll.icc" "$out"
printf '%s  %s (%s bytes)\n' "$(sha256sum "$out" | cut -d' ' -f1)" "$out" "$(stat -c %s "$out")"
