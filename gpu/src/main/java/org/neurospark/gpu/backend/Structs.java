package org.neurospark.gpu.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.SgdParams;

/**
 * The by-value structs of the kernels (ns_math.cuh, nn_ops.cu), packed little-endian in C layout. The optimizer
 * scalars are prepared exactly as snn-core's CPU OptimizerKernels prepares them (float32: rounded to float).
 */
final class Structs {
  private Structs() {}

  private static ByteBuffer buf(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** struct ConvGeom { int c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, ho, wo, nb; }. */
  static byte[] conv(int c, int h, int w, int kh, int kw, ConvParams p, int ho, int wo, int nb) {
    ByteBuffer b = buf(14 * 4);
    for (int v : new int[] {c, h, w, kh, kw, p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(),
        p.dilationW(), ho, wo, nb}) {
      b.putInt(v);
    }
    return b.array();
  }

  /** struct PoolGeom { int h, w, ho, wo, kh, kw, sh, sw, ph, pw; }. */
  static byte[] pool(int h, int w, int ho, int wo, PoolParams p) {
    ByteBuffer b = buf(10 * 4);
    for (int v : new int[] {h, w, ho, wo, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(),
        p.padW()}) {
      b.putInt(v);
    }
    return b.array();
  }

  /** struct ns_adam_f { float stepSize, bc2Sqrt, decay, wd, w1, b2, w2, eps; int hasDecay, decoupled, amsgrad; }. */
  static byte[] adamF(AdamParams h, long t, boolean amsgrad) {
    double lr = h.lr();
    double bc1 = 1 - Math.pow(h.beta1(), t);
    double bc2 = 1 - Math.pow(h.beta2(), t);
    ByteBuffer b = buf(44);
    b.putFloat((float) (lr / bc1)).putFloat((float) Math.sqrt(bc2)).putFloat((float) (1 - lr * h.weightDecay()))
        .putFloat((float) h.weightDecay()).putFloat((float) (1 - h.beta1())).putFloat((float) h.beta2())
        .putFloat((float) (1 - h.beta2())).putFloat((float) h.eps());
    b.putInt(h.weightDecay() != 0 ? 1 : 0).putInt(h.decoupled() ? 1 : 0).putInt(amsgrad ? 1 : 0);
    return b.array();
  }

  /** struct ns_adam_d { double lr, beta1, beta2, eps, wd, stepSize, bc2Sqrt; int decoupled, amsgrad; }. */
  static byte[] adamD(AdamParams h, long t, boolean amsgrad) {
    ByteBuffer b = buf(64);
    b.putDouble(h.lr()).putDouble(h.beta1()).putDouble(h.beta2()).putDouble(h.eps()).putDouble(h.weightDecay())
        .putDouble(h.lr() / (1 - Math.pow(h.beta1(), t))).putDouble(Math.sqrt(1 - Math.pow(h.beta2(), t)));
    b.putInt(h.decoupled() ? 1 : 0).putInt(amsgrad ? 1 : 0);
    return b.array();
  }

  /** struct ns_sgd_f { float lr, wd, mu, damp; int decay, mom, nesterov, first; }. */
  static byte[] sgdF(SgdParams h, boolean first) {
    ByteBuffer b = buf(32);
    b.putFloat((float) h.lr()).putFloat((float) h.weightDecay()).putFloat((float) h.momentum())
        .putFloat((float) (1 - h.dampening()));
    b.putInt(h.weightDecay() != 0 ? 1 : 0).putInt(h.momentum() != 0 ? 1 : 0).putInt(h.nesterov() ? 1 : 0)
        .putInt(first ? 1 : 0);
    return b.array();
  }

  /** struct ns_sgd_d { double lr, wd, mu, damp; int decay, mom, nesterov, first; }. */
  static byte[] sgdD(SgdParams h, boolean first) {
    ByteBuffer b = buf(48);
    b.putDouble(h.lr()).putDouble(h.weightDecay()).putDouble(h.momentum()).putDouble(1 - h.dampening());
    b.putInt(h.weightDecay() != 0 ? 1 : 0).putInt(h.momentum() != 0 ? 1 : 0).putInt(h.nesterov() ? 1 : 0)
        .putInt(first ? 1 : 0);
    return b.array();
  }
}
