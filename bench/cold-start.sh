#!/usr/bin/env bash
# Cold start of the vqz command against libwebp, interleaved runs in one set, medians (issue: drop-in, cold start).
# Usage: bench/cold-start.sh [RUNS] [IMAGE]   (default 5, testdata/kodak/kodim23.png; the quality is the default)
# Needs cwebp/dwebp on the PATH; JAVA25 (default /usr/lib/jvm/temurin-25-jdk-amd64) for the AOT-cache column.
# Quiet the machine first (pause training): this machine's speed drifts 2x from hour to hour.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
image="$(cd "$(dirname "${2:-$root/testdata/kodak/kodim23.png}")" && pwd)/$(basename "${2:-kodim23.png}")"
java25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
"$root/vqz" encode "$image" -o in.vqz -f >/dev/null 2>&1      # builds the jar if needed
size=$(wc -c < in.vqz)
cwebp -quiet -size "$size" "$image" -o in.webp
[[ -x "$java25/bin/java" ]] && JAVA_HOME="$java25" "$root/vqz" info in.vqz >/dev/null 2>&1  # records its AOT cache once
ms() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
declare -A t
for _ in $(seq "$runs"); do
    t[decode17]+="$(ms "$root/vqz" decode in.vqz -o out.png -f) "
    [[ -x "$java25/bin/java" ]] && t[decode25]+="$(ms env JAVA_HOME="$java25" "$root/vqz" decode in.vqz -o out.png -f) "
    t[encode17]+="$(ms "$root/vqz" encode "$image" -o out.vqz -f) "
    t[info17]+="$(ms "$root/vqz" info in.vqz) "
    t[dwebp]+="$(ms dwebp -quiet in.webp -o w.png) "
    t[cwebp]+="$(ms cwebp -quiet -size "$size" "$image" -o w.webp) "
done
echo "$(basename "$image"): vqz $size bytes, webp $(wc -c < in.webp) bytes; ms per run, then the median"
for k in decode17 decode25 encode17 info17 dwebp cwebp; do
    [[ -n "${t[$k]:-}" ]] || continue
    echo "$k: ${t[$k]}-> $(echo ${t[$k]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
