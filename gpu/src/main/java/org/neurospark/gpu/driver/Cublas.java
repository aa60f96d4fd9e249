package org.neurospark.gpu.driver;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * cuBLAS through JNA, opened by soname: {@code libcublas.so.13}, else {@code libcublas.so.12} (the {@code _v2}
 * entry points used here exist with the same signatures in both). JCuda's own JCublas2 links versioned
 * {@code libcublas.so.12} symbols and cannot load where only CUDA 13 is installed, hence this binding. One handle
 * per instance, bound to one stream; matrices are column-major as cuBLAS defines them (callers doing row-major
 * swap operands, see {@code CudaBackend.gemm}).
 */
public final class Cublas implements AutoCloseable {
  /** The sonames tried, in order. */
  public static final List<String> SONAMES = List.of("libcublas.so.13", "libcublas.so.12");
  /** cublasOperation_t CUBLAS_OP_N / CUBLAS_OP_T. */
  public static final int OP_N = 0;
  public static final int OP_T = 1;

  /** The C entry points (cublas_api.h, v2 API). */
  public interface Lib extends Library {
    int cublasCreate_v2(PointerByReference handle);

    int cublasDestroy_v2(Pointer handle);

    int cublasGetVersion_v2(Pointer handle, IntByReference version);

    int cublasSetStream_v2(Pointer handle, Pointer stream);

    int cublasSgemm_v2(Pointer h, int ta, int tb, int m, int n, int k, float[] alpha, Pointer a, int lda, Pointer b,
        int ldb, float[] beta, Pointer c, int ldc);

    int cublasDgemm_v2(Pointer h, int ta, int tb, int m, int n, int k, double[] alpha, Pointer a, int lda,
        Pointer b, int ldb, double[] beta, Pointer c, int ldc);

    int cublasSgemmStridedBatched(Pointer h, int ta, int tb, int m, int n, int k, float[] alpha, Pointer a, int lda,
        long strideA, Pointer b, int ldb, long strideB, float[] beta, Pointer c, int ldc, long strideC, int batch);

    int cublasDgemmStridedBatched(Pointer h, int ta, int tb, int m, int n, int k, double[] alpha, Pointer a,
        int lda, long strideA, Pointer b, int ldb, long strideB, double[] beta, Pointer c, int ldc, long strideC,
        int batch);
  }

  /** A loaded library and the soname it came from. */
  public record Loaded(Lib lib, String soname) {}

  private final Lib lib;
  private final String soname;
  private final Pointer handle;
  private boolean closed;

  private Cublas(Loaded loaded, Pointer handle) {
    this.lib = loaded.lib();
    this.soname = loaded.soname();
    this.handle = handle;
  }

  /**
   * Opens the first soname of {@link #SONAMES} that loads.
   *
   * @throws CudaException naming every soname tried and why it failed
   */
  public static Loaded load() {
    List<String> why = new ArrayList<>();
    for (String s : SONAMES) {
      try {
        return new Loaded(Native.load(s, Lib.class), s);
      } catch (UnsatisfiedLinkError e) {
        why.add(s + ": " + String.join(" ", e.getMessage().lines().filter(l -> !l.isBlank()).limit(2).toList()));
      }
    }
    throw new CudaException("cuBLAS not found: none of " + SONAMES + " could be opened (install the CUDA 12 or 13 "
        + "cuBLAS library or add its folder to LD_LIBRARY_PATH); " + String.join("; ", why));
  }

  /** A cuBLAS handle (needs a current CUDA context) issuing its work on {@code stream} (a raw CUstream value). */
  public static Cublas create(Loaded loaded, long stream) {
    PointerByReference ref = new PointerByReference();
    check(loaded.lib().cublasCreate_v2(ref), "cublasCreate_v2");
    Cublas c = new Cublas(loaded, ref.getValue());
    check(loaded.lib().cublasSetStream_v2(c.handle, new Pointer(stream)), "cublasSetStream_v2");
    return c;
  }

  /** The soname this handle's library was opened from. */
  public String soname() {
    return soname;
  }

  /** cuBLAS version number (e.g. 130001 for 13.0.1). */
  public int version() {
    IntByReference v = new IntByReference();
    check(lib.cublasGetVersion_v2(handle, v), "cublasGetVersion_v2");
    return v.getValue();
  }

  /** Column-major SGEMM/DGEMM: C = alpha op(A) op(B) + beta C on device addresses. */
  public void gemm(boolean dbl, int ta, int tb, int m, int n, int k, double alpha, long a, int lda, long b, int ldb,
      double beta, long c, int ldc) {
    if (dbl) {
      check(lib.cublasDgemm_v2(handle, ta, tb, m, n, k, new double[] {alpha}, new Pointer(a), lda, new Pointer(b),
          ldb, new double[] {beta}, new Pointer(c), ldc), "cublasDgemm_v2");
    } else {
      check(lib.cublasSgemm_v2(handle, ta, tb, m, n, k, new float[] {(float) alpha}, new Pointer(a), lda,
          new Pointer(b), ldb, new float[] {(float) beta}, new Pointer(c), ldc), "cublasSgemm_v2");
    }
  }

  /** Column-major strided batched GEMM; strides in elements. */
  public void gemmStridedBatched(boolean dbl, int ta, int tb, int m, int n, int k, double alpha, long a, int lda,
      long strideA, long b, int ldb, long strideB, double beta, long c, int ldc, long strideC, int batch) {
    if (dbl) {
      check(lib.cublasDgemmStridedBatched(handle, ta, tb, m, n, k, new double[] {alpha}, new Pointer(a), lda,
          strideA, new Pointer(b), ldb, strideB, new double[] {beta}, new Pointer(c), ldc, strideC, batch),
          "cublasDgemmStridedBatched");
    } else {
      check(lib.cublasSgemmStridedBatched(handle, ta, tb, m, n, k, new float[] {(float) alpha}, new Pointer(a),
          lda, strideA, new Pointer(b), ldb, strideB, new float[] {(float) beta}, new Pointer(c), ldc, strideC,
          batch), "cublasSgemmStridedBatched");
    }
  }

  /** Destroys the handle. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      check(lib.cublasDestroy_v2(handle), "cublasDestroy_v2");
    }
  }

  /** cublasStatus_t names (cublas_api.h). */
  static String statusName(int s) {
    switch (s) {
      case 0: return "CUBLAS_STATUS_SUCCESS";
      case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
      case 3: return "CUBLAS_STATUS_ALLOC_FAILED";
      case 7: return "CUBLAS_STATUS_INVALID_VALUE";
      case 8: return "CUBLAS_STATUS_ARCH_MISMATCH";
      case 11: return "CUBLAS_STATUS_MAPPING_ERROR";
      case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
      case 14: return "CUBLAS_STATUS_INTERNAL_ERROR";
      case 15: return "CUBLAS_STATUS_NOT_SUPPORTED";
      case 16: return "CUBLAS_STATUS_LICENSE_ERROR";
      default: return "cublasStatus " + s;
    }
  }

  static void check(int status, String call) {
    if (status != 0) {
      throw new CudaException(call + " failed: " + statusName(status));
    }
  }
}
