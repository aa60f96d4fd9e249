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
  private final StringBuilder kinds = new StringBuilder();

  KernelArgs l(long v) {
    params.add(Pointer.to(new long[] {v}));
    kinds.append('l');
    return this;
  }

  KernelArgs i(int v) {
    params.add(Pointer.to(new int[] {v}));
    kinds.append('i');
    return this;
  }

  KernelArgs f(float v) {
    params.add(Pointer.to(new float[] {v}));
    kinds.append('f');
    return this;
  }

  KernelArgs d(double v) {
    params.add(Pointer.to(new double[] {v}));
    kinds.append('d');
    return this;
  }

  KernelArgs struct(byte[] bytes) {
    params.add(Pointer.to(bytes));
    kinds.append('s');
    return this;
  }

  /** The kinds of the parameters so far, one letter each ({@code l i f d s}), for checks against a signature. */
  String kinds() {
    return kinds.toString();
  }

  Pointer pointer() {
    return Pointer.to(params.toArray(new NativePointerObject[0]));
  }
}
