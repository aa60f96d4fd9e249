#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.worker.resource.gpu.discoveryScript): prints the GPUs this
# container sees as one JSON object, {"name":"gpu","addresses":["0","1"]}, the ResourceInformation Spark expects.
# The addresses are nvidia-smi's indexes. In a container, the NVIDIA container runtime exposes only the GPUs given to
# it (compose: deploy.resources.reservations.devices; docker run --gpus), so nvidia-smi lists exactly those.
# NVIDIA_SMI names another nvidia-smi (tests put a stand-in there). Exits non-zero, with a message on stderr, when
# nvidia-smi is missing or fails, so the worker refuses to start rather than offer GPUs it does not have.
set -euo pipefail
smi="${NVIDIA_SMI:-nvidia-smi}"
command -v "$smi" >/dev/null 2>&1 || { echo "gpu-discovery: $smi not found (no NVIDIA container runtime?)" >&2; exit 1; }
out="$("$smi" --query-gpu=index --format=csv,noheader)" || { echo "gpu-discovery: $smi failed" >&2; exit 1; }
addresses=""
while IFS= read -r line; do
  line="${line//[[:space:]]/}"
  [[ -z "$line" ]] && continue
  [[ "$line" =~ ^[0-9]+$ ]] || { echo "gpu-discovery: unexpected line from $smi: '$line'" >&2; exit 1; }
  addresses+="${addresses:+,}\"$line\""
done <<< "$out"
[[ -n "$addresses" ]] || { echo "gpu-discovery: $smi lists no GPU" >&2; exit 1; }
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
