package org.neurospark.gpu.backend;

import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;

/**
 * The parameter list of one kernel launch, built in the order of the kernel's C signature: {@code l} for
 * {@code long long} and pointers (raw device addresses), {@code i} for {@code int}, {@code f}/{@code d} for
 * float/double, {@code struct} for a struct passed by value (its little-endian bytes).
 */
final class KernelArgs {
  private final List<NativePointerObject> params = new ArrayList<>();

  KernelArgs l(long v) {
    params.add(Pointer.to(new long[] {v}));
    return this;
  }

  KernelArgs i(int v) {
    params.add(Pointer.to(new int[] {v}));
    return this;
  }

  KernelArgs f(float v) {
    params.add(Pointer.to(new float[] {v}));
    return this;
  }

  KernelArgs d(double v) {
    params.add(Pointer.to(new double[] {v}));
    return this;
  }

  KernelArgs struct(byte[] bytes) {
    params.add(Pointer.to(bytes));
    return this;
  }

  Pointer pointer() {
    return Pointer.to(params.toArray(new NativePointerObject[0]));
  }
}
