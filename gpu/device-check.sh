#!/usr/bin/env bash
# The one prepared check for a lent GPU machine (CUDA 13 driver, libcublas.so.13, no Java). Prepare here with
#   bash gpu/device-bundle.sh          (builds the module with nvcc, jlinks a JRE; everything under .device/)
# then run in the repository root on the GPU machine (device tool: carry [".device"]):
#   bash gpu/device-check.sh [--require-gpu]
# It prints the GPU and driver, what the backend finds (driver, devices, cuBLAS soname, kernel images), then runs
# every JUnit test of the gpu module (GpuParityTest: every op of CudaBackend vs the CPU backend; NeuronGpuParityTest:
# the kernels emitted from the neuron spec, forward + backward of IF/LIF/PLIF x surrogates x resets vs the CPU's
# NeuronKernels; NeuronModelGpuParityTest: the emitted KLIF, LIAF, Izhikevich, Leaky and Synaptic kernels vs the
# CPU's NeuronModelKernels; GpuTrainingStepTest: training steps of ModelZoo.csnnFmnist / plifMnist on the GPU vs the CPU; plus
# the host tests) printing each test's outcome, then the benchmarks (GpuBench: SGEMM, the conv layers of the issue's
# networks in ms and TFLOP/s, the multi-step LIF T 16 x N 8,388,608 fp32 forward+backward in ms and GB/s) when a
# device is usable; exits non-zero on a test failure (with --require-gpu also when the GPU tests were skipped).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-$ROOT/.device/jre/bin/java}"
B="$ROOT/.device/gpu"
if [[ ! -x "$JAVA" || ! -d "$B/classes" ]]; then
  echo "device-check: $JAVA or $B missing: run gpu/device-bundle.sh on the build machine and carry .device" >&2
  exit 2
fi
echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv 2>&1 || echo "(no nvidia-smi)"
ls /usr/lib/x86_64-linux-gnu/libcuda.so.1 /usr/local/cuda*/lib64/libcublas.so.* 2>/dev/null || true
"$JAVA" -version 2>&1 | head -1
echo "== tests (org.neurospark.gpu)"
cd "$B"
# the host tests compile gpu/src/test/cuda/host_check.cpp when g++ is present and skip visibly otherwise
CP="$B/test-classes:$B/classes:$B/lib/*"
OPTS=(-Xmx8g --add-modules jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED)
"$JAVA" "${OPTS[@]}" -Dgpu.cuda.src="$ROOT/gpu/src/main/cuda" -Dgpu.kernels.dir="$B/classes/org/neurospark/gpu/kernels" \
  -Dgpu.test.work="$ROOT/.device/host-check" -cp "$CP" org.neurospark.gpu.DeviceCheck "$@"
rc=$?
echo "== benchmarks (GEMM, conv layers of DVSGestureNet / FashionMNISTNet, multi-step LIF)"
if "$JAVA" "${OPTS[@]}" -cp "$CP" org.neurospark.gpu.GpuMain info >/dev/null 2>&1; then
  timeout 300 "$JAVA" "${OPTS[@]}" -cp "$CP" org.neurospark.gpu.GpuBench || echo "GpuBench failed (rc $?)"
else
  echo "skipped: no usable CUDA device (see the probe above)"
fi
exit $rc
