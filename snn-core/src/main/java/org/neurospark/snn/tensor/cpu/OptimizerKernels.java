package org.neurospark.snn.tensor.cpu;

import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.SgdParams;

/**
 * The fused optimizer updates of the CPU backend: one pass over parameter, gradient and state, in the parameter's
 * precision (float32: the scalar factors rounded to float first, as PyTorch does), sequential per element.
 */
final class OptimizerKernels {
  private OptimizerKernels() {}

  static void sgd(SgdParams h, float[] p, int po, float[] g, int go, float[] buf, int bo, boolean first, int n) {
    float lr = (float) h.lr();
    float wd = (float) h.weightDecay();
    float mu = (float) h.momentum();
    float damp = (float) (1 - h.dampening());
    boolean decay = h.weightDecay() != 0;
    boolean mom = h.momentum() != 0;
    boolean nesterov = h.nesterov();
    for (int i = 0; i < n; i++) {
      float d = g[go + i];
      if (decay) {
        d = d + wd * p[po + i];
      }
      if (mom) {
        float b = first ? d : mu * buf[bo + i] + damp * d;
        buf[bo + i] = b;
        d = nesterov ? d + mu * b : b;
      }
      p[po + i] = p[po + i] - lr * d;
    }
  }

  static void sgd(SgdParams h, double[] p, int po, double[] g, int go, double[] buf, int bo, boolean first,
      int n) {
    double lr = h.lr();
    double wd = h.weightDecay();
    double mu = h.momentum();
    double damp = 1 - h.dampening();
    boolean decay = wd != 0;
    boolean mom = mu != 0;
    boolean nesterov = h.nesterov();
    for (int i = 0; i < n; i++) {
      double d = g[go + i];
      if (decay) {
        d = d + wd * p[po + i];
      }
      if (mom) {
        double b = first ? d : mu * buf[bo + i] + damp * d;
        buf[bo + i] = b;
        d = nesterov ? d + mu * b : b;
      }
      p[po + i] = p[po + i] - lr * d;
    }
  }

  static void adam(AdamParams h, long t, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo,
      float[] vmax, int xo, int n) {
    double lr = h.lr();
    double bc1 = 1 - Math.pow(h.beta1(), t);
    double bc2 = 1 - Math.pow(h.beta2(), t);
    float stepSize = (float) (lr / bc1);
    float bc2Sqrt = (float) Math.sqrt(bc2);
    float decay = (float) (1 - lr * h.weightDecay());
    float wd = (float) h.weightDecay();
    float w1 = (float) (1 - h.beta1());
    float b2 = (float) h.beta2();
    float w2 = (float) (1 - h.beta2());
    float e = (float) h.eps();
    boolean hasDecay = h.weightDecay() != 0;
    boolean decoupled = h.decoupled();
    boolean amsgrad = vmax != null;
    // whole vectors first (the same operations in the same order, so the same bits), then this loop
    int done = KernelsF.VECTOR ? VectorOps.adam(stepSize, bc2Sqrt, decay, wd, w1, b2, w2, e, hasDecay, decoupled, p,
        po, g, go, m, mo, v, vo, vmax, xo, n) : 0;
    for (int i = done; i < n; i++) {
      float gi = g[go + i];
      float pi = p[po + i];
      if (hasDecay) {
        if (decoupled) {
          pi = pi * decay;
        } else {
          gi = gi + wd * pi;
        }
      }
      float mi = m[mo + i] + w1 * (gi - m[mo + i]);
      float vi = b2 * v[vo + i] + w2 * gi * gi;
      m[mo + i] = mi;
      v[vo + i] = vi;
      float vd = vi;
      if (amsgrad) {
        vd = Math.max(vmax[xo + i], vi);
        vmax[xo + i] = vd;
      }
      float denom = (float) Math.sqrt(vd) / bc2Sqrt + e;
      p[po + i] = pi - stepSize * (mi / denom);
    }
  }

  static void adam(AdamParams h, long t, double[] p, int po, double[] g, int go, double[] m, int mo, double[] v,
      int vo, double[] vmax, int xo, int n) {
    double lr = h.lr();
    double beta1 = h.beta1();
    double beta2 = h.beta2();
    double eps = h.eps();
    double weightDecay = h.weightDecay();
    boolean decoupled = h.decoupled();
    boolean amsgrad = vmax != null;
    double stepSize = lr / (1 - Math.pow(beta1, t));
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < n; i++) {
      double gi = g[go + i];
      double pi = p[po + i];
      if (weightDecay != 0) {
        if (decoupled) {
          pi = pi * (1 - lr * weightDecay);
        } else {
          gi = gi + weightDecay * pi;
        }
      }
      double mi = m[mo + i] + (1 - beta1) * (gi - m[mo + i]);
      double vi = beta2 * v[vo + i] + (1 - beta2) * gi * gi;
      m[mo + i] = mi;
      v[vo + i] = vi;
      double vd = vi;
      if (amsgrad) {
        vd = Math.max(vmax[xo + i], vi);
        vmax[xo + i] = vd;
      }
      p[po + i] = pi - stepSize * (mi / (Math.sqrt(vd) / bc2Sqrt + eps));
    }
  }
}
