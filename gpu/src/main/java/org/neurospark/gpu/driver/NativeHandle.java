package org.neurospark.gpu.driver;

import jcuda.NativePointerObject;

/** Reads the raw address of a JCuda handle or device pointer (JCuda keeps it protected). */
final class NativeHandle extends NativePointerObject {
  private NativeHandle(NativePointerObject other) {
    super(other);
  }

  /** The native value of {@code o} (a device address for a CUdeviceptr from cuMemAlloc, a handle otherwise). */
  static long address(NativePointerObject o) {
    return new NativeHandle(o).getNativePointer();
  }
}
