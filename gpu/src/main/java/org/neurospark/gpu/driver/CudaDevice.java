package org.neurospark.gpu.driver;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventQuery;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadDataEx;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import org.neurospark.gpu.memory.RawDeviceMemory;

/**
 * One CUDA device through JCuda's driver API (its native library links only {@code libcuda.so.1}, so it runs on
 * CUDA 12 and 13 drivers): the device's primary context (shared with any other library in the process that uses
 * the runtime API), one non-blocking stream, raw memory and events for the {@link
 * org.neurospark.gpu.memory.CachingAllocator}, kernel modules loaded with {@code cuModuleLoadDataEx} and launches.
 * Every call makes the primary context current on the calling thread first. Close releases the stream, the
 * modules and the primary-context reference; memory still allocated is the allocator's to free before.
 */
public final class CudaDevice implements RawDeviceMemory, AutoCloseable {
  /** The stream id the allocator sees for {@link #stream()}. */
  public static final long STREAM_ID = 1;

  private final int ordinal;
  private final CUdevice device = new CUdevice();
  private final CUcontext context = new CUcontext();
  private final CUstream stream = new CUstream();
  private final Map<Long, CUdeviceptr> pointers = new HashMap<>();
  private final Map<Long, CUevent> events = new HashMap<>();
  private final Map<String, CUmodule> modules = new HashMap<>();
  private long nextEvent = 1;
  private boolean closed;

  /**
   * Opens device {@code ordinal}: cuInit, the primary context, a stream.
   *
   * @throws CudaException when the driver library is missing, cuInit fails or there is no such device
   */
  public CudaDevice(int ordinal) {
    this.ordinal = ordinal;
    DriverInfo.requireDriver();
    check(cuInit(0), "cuInit");
    int[] count = new int[1];
    check(cuDeviceGetCount(count), "cuDeviceGetCount");
    if (ordinal < 0 || ordinal >= count[0]) {
      throw new CudaException("no CUDA device " + ordinal + " (the driver reports " + count[0] + ")");
    }
    check(cuDeviceGet(device, ordinal), "cuDeviceGet");
    check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
    bind();
    check(cuStreamCreate(stream, 1 /* CU_STREAM_NON_BLOCKING */), "cuStreamCreate");
  }

  /** Makes this device's primary context current on the calling thread. */
  public void bind() {
    check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
  }

  /** The device ordinal. */
  public int ordinal() {
    return ordinal;
  }

  /** The device's name (e.g. "NVIDIA H100 80GB HBM3"). */
  public String name() {
    byte[] b = new byte[256];
    check(cuDeviceGetName(b, b.length, device), "cuDeviceGetName");
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.US_ASCII);
  }

  /** Compute capability as major * 10 + minor (80 for an A100, 90 for an H100). */
  public int computeCapability() {
    int[] ma = new int[1];
    int[] mi = new int[1];
    check(cuDeviceGetAttribute(ma, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "attr");
    check(cuDeviceGetAttribute(mi, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "attr");
    return ma[0] * 10 + mi[0];
  }

  /** Number of streaming multiprocessors (grid sizing). */
  public int multiprocessors() {
    int[] v = new int[1];
    check(cuDeviceGetAttribute(v, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device), "attr");
    return v[0];
  }

  /** {free, total} device memory in bytes. */
  public long[] memoryInfo() {
    bind();
    long[] free = new long[1];
    long[] total = new long[1];
    check(cuMemGetInfo(free, total), "cuMemGetInfo");
    return new long[] {free[0], total[0]};
  }

  /** The stream all work of this device object is queued on. */
  public CUstream stream() {
    return stream;
  }

  /** The raw CUstream handle (for cuBLAS). */
  public long streamHandle() {
    return NativeHandle.address(stream);
  }

  /** Blocks until the stream's work is done. */
  public void synchronize() {
    bind();
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
  }

  /**
   * Loads a module image (fatbin/cubin/PTX bytes) once per name with {@code cuModuleLoadDataEx}; the driver picks
   * the SASS for this device or JIT-compiles the PTX.
   */
  public CUmodule module(String name, byte[] image) {
    return module(name, () -> image);
  }

  /**
   * As {@link #module(String, byte[])}, reading the image only when the module is not loaded yet (images are
   * megabytes: hashing and copying one per kernel lookup would dominate first calls).
   */
  public CUmodule module(String name, java.util.function.Supplier<byte[]> images) {
    CUmodule m = modules.get(name);
    if (m == null) {
      byte[] image = images.get();
      bind();
      m = new CUmodule();
      int rc = cuModuleLoadDataEx(m, Pointer.to(image), 0, new int[0], Pointer.to(new int[0]));
      if (rc != CUresult.CUDA_SUCCESS) {
        throw new CudaException("cuModuleLoadDataEx(" + name + ") failed: " + CUresult.stringFor(rc) + " (device "
            + name() + ", compute capability " + computeCapability() + ", driver " + DriverInfo.driverVersion()
            + "; the image holds SASS for sm_80/sm_90 and PTX for compute_90 built by nvcc 13, whose PTX a CUDA 12 "
            + "driver cannot JIT)");
      }
      modules.put(name, m);
    }
    return m;
  }

  /** A kernel of a loaded module. */
  public CUfunction function(CUmodule module, String kernel) {
    CUfunction f = new CUfunction();
    check(cuModuleGetFunction(f, module, kernel), "cuModuleGetFunction(" + kernel + ")");
    return f;
  }

  /** Launches {@code f} on this device's stream with a 1-D grid. */
  public void launch(CUfunction f, int grid, int block, int sharedBytes, Pointer params, String what) {
    check(cuLaunchKernel(f, grid, 1, 1, block, 1, 1, sharedBytes, stream, params, null), "cuLaunchKernel(" + what
        + ")");
  }

  /** The JCuda pointer of an address returned by {@link #allocate}. */
  public CUdeviceptr pointer(long address) {
    CUdeviceptr p = pointers.get(address);
    if (p == null) {
      throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is not a live allocation");
    }
    return p;
  }

  @Override
  public long allocate(long bytes) {
    bind();
    CUdeviceptr p = new CUdeviceptr();
    int rc = cuMemAlloc(p, bytes);
    if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
      return 0;
    }
    check(rc, "cuMemAlloc(" + bytes + ")");
    long a = NativeHandle.address(p);
    pointers.put(a, p);
    return a;
  }

  @Override
  public void free(long address) {
    bind();
    check(cuMemFree(pointer(address)), "cuMemFree");
    pointers.remove(address);
  }

  @Override
  public long recordEvent(long streamId) {
    bind();
    CUevent e = new CUevent();
    check(cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
    check(cuEventRecord(e, stream), "cuEventRecord");
    long id = nextEvent++;
    events.put(id, e);
    return id;
  }

  @Override
  public boolean eventCompleted(long event) {
    bind();
    int rc = cuEventQuery(events.get(event));
    if (rc == CUresult.CUDA_ERROR_NOT_READY) {
      return false;
    }
    check(rc, "cuEventQuery");
    return true;
  }

  @Override
  public void destroyEvent(long event) {
    CUevent e = events.remove(event);
    if (e != null) {
      bind();
      check(cuEventDestroy(e), "cuEventDestroy");
    }
  }

  /** Synchronises, unloads the modules, destroys the stream and releases the primary context. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    bind();
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
    for (CUevent e : events.values()) {
      cuEventDestroy(e);
    }
    events.clear();
    for (CUmodule m : modules.values()) {
      cuModuleUnload(m);
    }
    modules.clear();
    cuStreamDestroy(stream);
    check(cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
  }

  static void check(int rc, String call) {
    if (rc != CUresult.CUDA_SUCCESS) {
      throw new CudaException(call + " failed: " + CUresult.stringFor(rc));
    }
  }
}
