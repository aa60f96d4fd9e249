#!/usr/bin/env bash
# Compiles every gpu/src/main/cuda/*.cu into OUT/NAME.fatbin with the flags of nvcc-flags.txt (SASS for sm_80 and
# sm_90, PTX for compute_90; -fmad=false so device arithmetic rounds like the Java CPU kernels). Next to each fatbin:
#   NAME.sha256     the SHA-256 of NAME.cu + every *.cuh (sorted by name, C locale) + nvcc-flags.txt, byte for byte:
#                   the loader (KernelImages) recomputes it from the sources shipped in the jar and refuses a mismatch
#   NAME.ptxas.log  ptxas -v output (registers, spills) per architecture, checked by KernelBuildTest
# A fatbin whose hash is unchanged is not rebuilt. Without nvcc nothing is built and the module still builds:
# CudaBackend then refuses to start with a message naming the missing kernel image. Usage: build-kernels.sh SRC OUT
set -euo pipefail
src="$1"; out="$2"
mkdir -p "$out"
NVCC="${NVCC:-nvcc}"
flags="$(tr -d '\n' < "$src/nvcc-flags.txt")"
mapfile -t headers < <(cd "$src" && ls -1 ./*.cuh 2>/dev/null | sed 's|^\./||' | LC_ALL=C sort)
have_nvcc=1
command -v "$NVCC" >/dev/null 2>&1 || have_nvcc=0
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  hash="$(cd "$src" && cat "$name.cu" "${headers[@]}" nvcc-flags.txt | sha256sum | cut -d' ' -f1)"
  if [[ -f "$out/$name.fatbin" && -f "$out/$name.sha256" && "$(cat "$out/$name.sha256")" == "$hash" ]]; then
    echo "build-kernels: $name.fatbin up to date ($hash)"
    continue
  fi
  rm -f "$out/$name.fatbin" "$out/$name.sha256" "$out/$name.ptxas.log"
  if [[ $have_nvcc == 0 ]]; then
    echo "build-kernels: WARNING nvcc not found: $name.fatbin NOT built (CudaBackend will refuse to start)" >&2
    continue
  fi
  echo "build-kernels: $NVCC -fatbin $flags $name.cu"
  # shellcheck disable=SC2086
  (cd "$src" && "$NVCC" -fatbin $flags -o "$out/$name.fatbin.tmp" "$name.cu") 2> "$out/$name.ptxas.log" || {
    cat "$out/$name.ptxas.log" >&2; rm -f "$out/$name.fatbin.tmp"; exit 1; }
  mv "$out/$name.fatbin.tmp" "$out/$name.fatbin"
  printf '%s' "$hash" > "$out/$name.sha256"
done
