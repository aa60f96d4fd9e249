// Prints the sizes and field offsets of the by-value kernel structs, host-compiled by nvcc (LayoutTest compares them
// with the Java packing of TensorDesc and Structs). Includes nn_ops.cu for ConvGeom/PoolGeom (its kernels are
// compiled for the device too but never launched).
#include <cstdio>
#include <cstddef>
#include "../../main/cuda/nn_ops.cu"

int main() {
  std::printf("TDesc %zu %zu %zu %zu\n", sizeof(TDesc), offsetof(TDesc, shape), offsetof(TDesc, stride),
      offsetof(TDesc, offset));
  std::printf("ConvGeom %zu %zu\n", sizeof(ConvGeom), offsetof(ConvGeom, nb));
  std::printf("PoolGeom %zu %zu\n", sizeof(PoolGeom), offsetof(PoolGeom, pw));
  std::printf("ns_adam_f %zu %zu\n", sizeof(ns_adam_f), offsetof(ns_adam_f, amsgrad));
  std::printf("ns_adam_d %zu %zu\n", sizeof(ns_adam_d), offsetof(ns_adam_d, amsgrad));
  std::printf("ns_sgd_f %zu %zu\n", sizeof(ns_sgd_f), offsetof(ns_sgd_f, first));
  std::printf("ns_sgd_d %zu %zu\n", sizeof(ns_sgd_d), offsetof(ns_sgd_d, first));
  return 0;
}
