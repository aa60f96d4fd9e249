#!/usr/bin/env bash
# Prepares, on a build machine with JDK 17 + Maven (+ nvcc), what gpu/device-check.sh needs on a GPU machine that has
# no Java and no Maven, under the git-ignored folder .device/ of the repository root:
#   .device/jre       a JRE made with jlink (java.base, java.logging, jdk.unsupported, jdk.incubator.vector)
#   .device/gpu/      the gpu module's classes (with the fatbins), test classes and every test-scope jar
# Then:  run(command="bash gpu/device-check.sh", carry=[".device"])   (about 45 MiB; the carry limit is 64 MiB with the working tree)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v nvcc >/dev/null || { echo "device-bundle: nvcc is needed to build the kernel images" >&2; exit 1; }
rm -rf .device/gpu && mkdir -p .device/gpu
# one reactor run: snn-core is packaged and its jar copied with every test-scope jar of gpu (and of snn-core)
mvn -B -ntp -q -pl gpu -am package dependency:copy-dependencies -DskipTests -DincludeScope=test \
  -DoutputDirectory="$ROOT/.device/gpu/lib"
cp -r gpu/target/classes .device/gpu/classes
cp -r gpu/target/test-classes .device/gpu/test-classes
# JCuda's natives jar also holds NVRTC/NvPTXCompiler/runtime bindings (~24 MB unpacked); keep only the driver binding
nat="$(ls .device/gpu/lib/jcuda-natives-*.jar)"
tmp="$(mktemp -d)"
(cd "$tmp" && jar xf "$ROOT/$nat" && find lib -type f ! -name 'libJCudaDriver-*' -delete && rm "$ROOT/$nat" \
  && jar cf "$ROOT/$nat" lib)
rm -rf "$tmp"
rm -rf .device/jre
JLINK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}/bin/jlink"
"$JLINK" --add-modules java.base,java.logging,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output .device/jre
du -sh .device/jre .device/gpu
