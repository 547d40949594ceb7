#!/usr/bin/env bash
# Rebuilds the native codebook search shipped in the jar (codec/src/main/resources/io/vqz/codec/native/) from
# vqz_codebook.c, and records the source's SHA-256 beside it (CodebookKernelTest fails when the two disagree).
# Needs gcc and a JDK's headers (JAVA_HOME, else the java on the PATH). Linux x86-64 only for now.
#   -ffp-contract=off, no -ffast-math: every multiply and add rounded on its own, in the source's order (the Java
#   reference's bits); -O3 vectorises across codewords only. Stripped and without a build id, so the same
#   compiler gives the same bytes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../resources/io/vqz/codec/native"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
mkdir -p "$out/linux-x64"
gcc -O3 -std=gnu11 -fPIC -shared -ffp-contract=off -fno-fast-math -fvisibility=default -Wall -Wextra -Werror \
    -I"$jdk/include" -I"$jdk/include/linux" -Wl,--build-id=none -s \
    -o "$out/linux-x64/libvqzcodebook.so" "$here/vqz_codebook.c"
echo "vqz_codebook.c=$(sha256sum "$here/vqz_codebook.c" | cut -d' ' -f1)" > "$out/source.properties"
ls -l "$out/linux-x64/libvqzcodebook.so"
