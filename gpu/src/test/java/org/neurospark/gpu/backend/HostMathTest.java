package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.Philox;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.SgdParams;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * The kernels' per-element math ({@code ns_math.cuh}, {@code __host__ __device__}) compiled for the host with g++
 * ({@code -ffp-contract=off}, as the device build uses {@code -fmad=false}) and run against the Java CPU kernels
 * and the Java Philox reference, bit for bit where the CPU is sequential per element. Skips visibly without g++.
 */
class HostMathTest {
  private static Process proc;
  private static BufferedWriter toC;
  private static BufferedReader fromC;

  @BeforeAll
  static void compile() throws Exception {
    Path work = Path.of(System.getProperty("gpu.test.work", "target/host-check"));
    Path cuda = Path.of(System.getProperty("gpu.cuda.src", "src/main/cuda"));
    Path src = cuda.resolveSibling("").resolve("../test/cuda/host_check.cpp").normalize();
    Files.createDirectories(work);
    Path exe = work.resolve("host_check");
    Process cc;
    try {
      cc = new ProcessBuilder("g++", "-O2", "-ffp-contract=off", "-std=c++17", "-I", cuda.toString(), "-o",
          exe.toString(), src.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      Assumptions.assumeTrue(false, "g++ not found: the host check of ns_math.cuh is skipped (" + e.getMessage()
          + ")");
      return;
    }
    String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, "g++ failed:\n" + out);
    proc = new ProcessBuilder(exe.toString()).start();
    toC = new BufferedWriter(new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.US_ASCII));
    fromC = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.US_ASCII));
  }

  @AfterAll
  static void stop() throws Exception {
    if (proc != null) {
      toC.close();
      proc.waitFor(10, TimeUnit.SECONDS);
      proc.destroy();
    }
  }

  private static String[] ask(String line) throws Exception {
    toC.write(line);
    toC.newLine();
    toC.flush();
    String r = fromC.readLine();
    assertTrue(r != null && !r.startsWith("unknown"), "host_check answered " + r + " to " + line);
    return r.trim().split(" ");
  }

  private static String hx(float f) {
    return Integer.toHexString(Float.floatToRawIntBits(f));
  }

  private static String hx(double d) {
    return Long.toHexString(Double.doubleToRawLongBits(d));
  }

  private static float fl(String h) {
    return Float.intBitsToFloat(Integer.parseUnsignedInt(h, 16));
  }

  private static double db(String h) {
    return Double.longBitsToDouble(Long.parseUnsignedLong(h, 16));
  }

  @Test
  void structLayoutsMatchTheJavaPacking() throws Exception {
    String[] s = ask("layout");
    AdamParams h = new AdamParams(1e-3, 0.9, 0.999, 1e-8, 0, false);
    assertEquals(Structs.adamF(h, 1, false).length, Integer.parseInt(s[0]));
    assertEquals(Structs.adamD(h, 1, false).length, Integer.parseInt(s[1]));
    SgdParams g = new SgdParams(0.1, 0.9, 0, 0, false);
    assertEquals(Structs.sgdF(g, true).length, Integer.parseInt(s[2]));
    assertEquals(Structs.sgdD(g, true).length, Integer.parseInt(s[3]));
  }

  private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 0.5f, -2.75f, 3.1f, 1e-30f, -1e30f, 88f, -104f,
      Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 7f};

  private static boolean transcendental(String op) {
    return op.equals("EXP") || op.equals("LOG") || op.equals("SIGMOID") || op.equals("TANH") || op.equals("POW")
        || op.equals("POW_SCALAR");
  }

  /** Equal bits, or (glibc vs Java libm) within one float ulp for the transcendental ops. */
  private static void sameFloat(float want, float got, boolean ulp, String what) {
    if (Float.floatToIntBits(want) == Float.floatToIntBits(got)) {
      return;
    }
    assertTrue(ulp && !Float.isNaN(want) && Math.abs(want - got) <= Math.ulp(want), what + ": want " + want
        + ", host kernel math gave " + got);
  }

  @Test
  void everyUnaryOpMatchesTheCpuKernelOnSpecialValues() throws Exception {
    for (org.neurospark.snn.tensor.UnaryOp op : org.neurospark.snn.tensor.UnaryOp.values()) {
      for (float p : new float[] {0.3f, 2f, 1f, -1.5f}) {
        Tensor in = Tensor.fromArray(CpuBackend.INSTANCE, SPECIAL.clone(), SPECIAL.length);
        Tensor out = Tensor.zeros(CpuBackend.INSTANCE, org.neurospark.snn.tensor.DType.FLOAT32, SPECIAL.length);
        CpuBackend.INSTANCE.unary(op, p, in, out);
        for (int i = 0; i < SPECIAL.length; i++) {
          String[] o = ask("unaryf " + Integer.toHexString(op.ordinal()) + " " + hx(p) + " " + hx(SPECIAL[i]));
          sameFloat(out.floatData()[i], fl(o[0]), transcendental(op.name()), op + "(" + SPECIAL[i] + ", p=" + p + ")");
        }
      }
    }
  }

  @Test
  void everyBinaryOpMatchesTheCpuKernelOnSpecialValues() throws Exception {
    int n = SPECIAL.length;
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = SPECIAL[i];
        b[i * n + j] = SPECIAL[j];
      }
    }
    for (org.neurospark.snn.tensor.BinaryOp op : org.neurospark.snn.tensor.BinaryOp.values()) {
      Tensor out = Tensor.zeros(CpuBackend.INSTANCE, org.neurospark.snn.tensor.DType.FLOAT32, n * n);
      CpuBackend.INSTANCE.binary(op, Tensor.fromArray(CpuBackend.INSTANCE, a.clone(), n * n),
          Tensor.fromArray(CpuBackend.INSTANCE, b.clone(), n * n), out);
      for (int i = 0; i < n * n; i++) {
        String[] o = ask("binaryf " + Integer.toHexString(op.ordinal()) + " " + hx(a[i]) + " " + hx(b[i]));
        sameFloat(out.floatData()[i], fl(o[0]), transcendental(op.name()), op + "(" + a[i] + ", " + b[i] + ")");
      }
    }
  }

  @Test
  void philoxAndDropoutMatchTheJavaReference() throws Exception {
    Random r = new Random(3);
    for (int t = 0; t < 200; t++) {
      int[] c = {r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt()};
      int k0 = r.nextInt();
      int k1 = r.nextInt();
      String[] got = ask("philox " + Integer.toHexString(c[0]) + " " + Integer.toHexString(c[1]) + " "
          + Integer.toHexString(c[2]) + " " + Integer.toHexString(c[3]) + " " + Integer.toHexString(k0) + " "
          + Integer.toHexString(k1));
      int[] want = new int[4];
      Philox.block(c[0], c[1], c[2], c[3], k0, k1, want);
      for (int i = 0; i < 4; i++) {
        assertEquals(want[i], Integer.parseUnsignedInt(got[i], 16), "word " + i);
      }
      long seed = r.nextLong();
      long off = r.nextLong() >>> 1;
      long i = r.nextLong() >>> 20;
      String[] u = ask("dropout " + Long.toHexString(seed) + " " + Long.toHexString(off) + " " + Long.toHexString(i));
      assertEquals(Philox.uniform(seed, off + i), fl(u[0]));
    }
  }

  private static int[] words(byte[] struct) {
    ByteBuffer b = ByteBuffer.wrap(struct).order(ByteOrder.LITTLE_ENDIAN);
    int[] w = new int[struct.length / 4];
    for (int i = 0; i < w.length; i++) {
      w[i] = b.getInt();
    }
    return w;
  }

  @Test
  void adamFloat32MatchesTheCpuKernelBitForBit() throws Exception {
    Random r = new Random(5);
    int n = 64;
    for (AdamParams h : new AdamParams[] {new AdamParams(1e-3, 0.9, 0.999, 1e-8, 0, false),
        new AdamParams(3e-3, 0.8, 0.99, 1e-6, 0.01, false), new AdamParams(1e-2, 0.9, 0.999, 1e-8, 0.05, true)}) {
      for (boolean ams : new boolean[] {false, true}) {
        long t = 1 + r.nextInt(50);
        float[] p = new float[n];
        float[] g = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          p[i] = (float) r.nextGaussian();
          g[i] = (float) r.nextGaussian() * 0.1f;
          m[i] = (float) r.nextGaussian() * 0.01f;
          v[i] = r.nextFloat() * 1e-3f;
          x[i] = v[i] + r.nextFloat() * 1e-4f;
        }
        Tensor tp = Tensor.fromArray(CpuBackend.INSTANCE, p.clone(), n);
        Tensor tm = Tensor.fromArray(CpuBackend.INSTANCE, m.clone(), n);
        Tensor tv = Tensor.fromArray(CpuBackend.INSTANCE, v.clone(), n);
        Tensor tx = Tensor.fromArray(CpuBackend.INSTANCE, x.clone(), n);
        CpuBackend.INSTANCE.adamUpdate(h, t, tp, Tensor.fromArray(CpuBackend.INSTANCE, g, n), tm, tv,
            ams ? tx : null);
        int[] w = words(Structs.adamF(h, t, ams));
        StringBuilder pre = new StringBuilder("adamf");
        for (int k = 0; k < 11; k++) {
          pre.append(' ').append(Integer.toHexString(w[k]));
        }
        for (int i = 0; i < n; i++) {
          String[] o = ask(pre + " " + hx(g[i]) + " " + hx(p[i]) + " " + hx(m[i]) + " " + hx(v[i]) + " " + hx(x[i]));
          String at = h + " t=" + t + " ams=" + ams + " i=" + i;
          assertEquals(tp.floatData()[i], fl(o[0]), "param " + at);
          assertEquals(tm.floatData()[i], fl(o[1]), "exp_avg " + at);
          assertEquals(tv.floatData()[i], fl(o[2]), "exp_avg_sq " + at);
          if (ams) {
            assertEquals(tx.floatData()[i], fl(o[3]), "max_exp_avg_sq " + at);
          }
        }
      }
    }
  }

  @Test
  void adamFloat64MatchesTheCpuKernelBitForBit() throws Exception {
    Random r = new Random(6);
    int n = 32;
    AdamParams h = new AdamParams(2e-3, 0.9, 0.999, 1e-8, 0.01, true);
    long t = 7;
    double[] p = new double[n];
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = r.nextGaussian();
      g[i] = r.nextGaussian();
    }
    Tensor tp = Tensor.fromArray(CpuBackend.INSTANCE, p.clone(), n);
    Tensor tm = Tensor.fromArray(CpuBackend.INSTANCE, new double[n], n);
    Tensor tv = Tensor.fromArray(CpuBackend.INSTANCE, new double[n], n);
    CpuBackend.INSTANCE.adamUpdate(h, t, tp, Tensor.fromArray(CpuBackend.INSTANCE, g, n), tm, tv, null);
    ByteBuffer b = ByteBuffer.wrap(Structs.adamD(h, t, false)).order(ByteOrder.LITTLE_ENDIAN);
    StringBuilder pre = new StringBuilder("adamd");
    for (int k = 0; k < 7; k++) {
      pre.append(' ').append(Long.toHexString(b.getLong()));
    }
    pre.append(' ').append(b.getInt()).append(' ').append(b.getInt());
    for (int i = 0; i < n; i++) {
      String[] o = ask(pre + " " + hx(g[i]) + " " + hx(p[i]) + " 0 0 0");
      assertEquals(tp.doubleData()[i], db(o[0]), "param " + i);
      assertEquals(tm.doubleData()[i], db(o[1]), "exp_avg " + i);
      assertEquals(tv.doubleData()[i], db(o[2]), "exp_avg_sq " + i);
    }
  }

  @Test
  void sgdFloat32MatchesTheCpuKernelBitForBit() throws Exception {
    Random r = new Random(7);
    int n = 48;
    for (SgdParams h : new SgdParams[] {new SgdParams(0.1, 0, 0, 0, false), new SgdParams(0.05, 0.9, 0.1, 1e-4,
        false), new SgdParams(0.05, 0.9, 0, 5e-4, true)}) {
      for (boolean first : new boolean[] {true, false}) {
        float[] p = new float[n];
        float[] g = new float[n];
        float[] buf = new float[n];
        for (int i = 0; i < n; i++) {
          p[i] = (float) r.nextGaussian();
          g[i] = (float) r.nextGaussian();
          buf[i] = (float) r.nextGaussian() * 0.1f;
        }
        Tensor tp = Tensor.fromArray(CpuBackend.INSTANCE, p.clone(), n);
        Tensor tb = Tensor.fromArray(CpuBackend.INSTANCE, buf.clone(), n);
        CpuBackend.INSTANCE.sgdUpdate(h, tp, Tensor.fromArray(CpuBackend.INSTANCE, g, n),
            h.momentum() != 0 ? tb : null, first);
        int[] w = words(Structs.sgdF(h, first));
        StringBuilder pre = new StringBuilder("sgdf");
        for (int k = 0; k < 4; k++) {
          pre.append(' ').append(Integer.toHexString(w[k]));
        }
        for (int k = 4; k < 8; k++) {
          pre.append(' ').append(w[k]);
        }
        for (int i = 0; i < n; i++) {
          String[] o = ask(pre + " " + hx(g[i]) + " " + hx(p[i]) + " " + hx(buf[i]));
          assertEquals(tp.floatData()[i], fl(o[0]), "param " + h + " first=" + first + " i=" + i);
          if (h.momentum() != 0) {
            assertEquals(tb.floatData()[i], fl(o[1]), "buffer " + h + " i=" + i);
          }
        }
      }
    }
  }

  @Test
  void batchNormInputGradientMatchesTheCpuKernel() throws Exception {
    Random r = new Random(8);
    int n = 3;
    int c = 2;
    int sp = 7;
    float[] x = new float[n * c * sp];
    float[] g = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian() * 2 + 1;
      g[i] = (float) r.nextGaussian();
    }
    float[] mean = {0.9f, 1.1f};
    float[] invstd = {0.45f, 0.55f};
    float[] w = {1.3f, 0.7f};
    Tensor gx = Tensor.zeros(CpuBackend.INSTANCE, org.neurospark.snn.tensor.DType.FLOAT32, n, c, sp);
    CpuBackend.INSTANCE.batchNormBackward(Tensor.fromArray(CpuBackend.INSTANCE, g, n, c, sp),
        Tensor.fromArray(CpuBackend.INSTANCE, x, n, c, sp), Tensor.fromArray(CpuBackend.INSTANCE, mean, c),
        Tensor.fromArray(CpuBackend.INSTANCE, invstd, c), Tensor.fromArray(CpuBackend.INSTANCE, w, c), true, gx,
        null, null);
    for (int ch = 0; ch < c; ch++) {
      double sg = 0;
      double sgx = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < sp; j++) {
          int o = (i * c + ch) * sp + j;
          sg += g[o];
          sgx += g[o] * (x[o] - (double) mean[ch]);
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < sp; j++) {
          int o = (i * c + ch) * sp + j;
          String[] out = ask("bngrad " + hx(sg) + " " + hx(sgx) + " " + hx((double) w[ch]) + " "
              + hx((double) invstd[ch]) + " " + hx((double) n * sp) + " " + hx(g[o]) + " " + hx(x[o]) + " "
              + hx(mean[ch]));
          float want = gx.floatData()[o];
          // the sums are accumulated in another order than the CPU's (four accumulators / Vector API)
          assertEquals(want, fl(out[0]), 1e-5f * Math.max(1f, Math.abs(want)), "gx[" + o + "]");
        }
      }
    }
  }

  private static String floats(float[] a, int off, int len) {
    StringBuilder sb = new StringBuilder(Integer.toHexString(len));
    for (int i = 0; i < len; i++) {
      sb.append(' ').append(hx(a[off + i]));
    }
    return sb.toString();
  }

  private static float[] parse(String[] words, int from) {
    float[] r = new float[words.length - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = fl(words[from + i]);
    }
    return r;
  }

  private static String ints(int... v) {
    StringBuilder sb = new StringBuilder();
    for (int x : v) {
      sb.append(Integer.toHexString(x)).append(' ');
    }
    return sb.toString();
  }

  private static float[] randn(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  private static void near(float[] want, float[] got, float tol, String what) {
    assertEquals(want.length, got.length, what + ": size");
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * Math.max(1f, Math.abs(want[i])), what + "[" + i + "]");
    }
  }

  /**
   * im2col and col2im of nn_ops.cu (host-compiled) around the same GEMMs CudaBackend issues (here in float64 in
   * Java), image chunk by image chunk, against CpuBackend's conv2d and both backward passes.
   */
  @Test
  void convolutionThroughIm2colAndCol2imMatchesTheCpu() throws Exception {
    Random r = new Random(9);
    org.neurospark.snn.tensor.ConvParams[] ps = {org.neurospark.snn.tensor.ConvParams.of(1, 1, 1, 1),
        org.neurospark.snn.tensor.ConvParams.of(2, 0, 1, 1),
        new org.neurospark.snn.tensor.ConvParams(1, 2, 2, 1, 2, 1, 2)};
    for (org.neurospark.snn.tensor.ConvParams p : ps) {
      int n = 3, c = 4, h = 9, w = 8, co = 6, kh = 3, kw = 3, chunk = 2;
      int g = p.groups(), cg = c / g, cog = co / g, ckg = cg * kh * kw;
      int ho = org.neurospark.snn.tensor.ConvParams.outSize(h, kh, p.strideH(), p.padH(), p.dilationH());
      int wo = org.neurospark.snn.tensor.ConvParams.outSize(w, kw, p.strideW(), p.padW(), p.dilationW());
      int hw = ho * wo;
      float[] x = randn(r, n * c * h * w);
      float[] wt = randn(r, co * ckg);
      float[] gout = randn(r, n * co * hw);
      float[] out = new float[n * co * hw];
      float[] gx = new float[n * c * h * w];
      double[] gw = new double[co * ckg];
      for (int n0 = 0; n0 < n; n0 += chunk) {
        int nb = Math.min(chunk, n - n0);
        int cols = nb * hw;
        String geom = ints(c, h, w, kh, kw, p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(),
            p.dilationW(), ho, wo, nb);
        float[] col = parse(ask("im2col " + geom + floats(x, n0 * c * h * w, nb * c * h * w)), 0);
        assertEquals(c * kh * kw * cols, col.length);
        float[] colBack = new float[c * kh * kw * cols];
        for (int gi = 0; gi < g; gi++) {
          for (int o = 0; o < cog; o++) {
            int oc = gi * cog + o;
            for (int j = 0; j < cols; j++) {
              int img = j / hw;
              int pix = j % hw;
              double s = 0;
              for (int k = 0; k < ckg; k++) {
                s += (double) wt[oc * ckg + k] * col[(gi * ckg + k) * cols + j];
              }
              out[((n0 + img) * co + oc) * hw + pix] = (float) s;
            }
            for (int k = 0; k < ckg; k++) {
              double s = 0;
              for (int j = 0; j < cols; j++) {
                s += (double) gout[((n0 + j / hw) * co + oc) * hw + j % hw] * col[(gi * ckg + k) * cols + j];
              }
              gw[oc * ckg + k] += s;
            }
          }
          for (int k = 0; k < ckg; k++) {
            for (int j = 0; j < cols; j++) {
              double s = 0;
              for (int o = 0; o < cog; o++) {
                int oc = gi * cog + o;
                s += (double) wt[oc * ckg + k] * gout[((n0 + j / hw) * co + oc) * hw + j % hw];
              }
              colBack[(gi * ckg + k) * cols + j] = (float) s;
            }
          }
        }
        float[] gxChunk = parse(ask("col2im " + geom + floats(colBack, 0, colBack.length)), 0);
        System.arraycopy(gxChunk, 0, gx, n0 * c * h * w, gxChunk.length);
      }
      org.neurospark.snn.tensor.Backend cpu = CpuBackend.INSTANCE;
      Tensor want = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.FLOAT32, n, co, ho, wo);
      cpu.conv2d(Tensor.fromArray(cpu, x.clone(), n, c, h, w), Tensor.fromArray(cpu, wt.clone(), co, cg, kh, kw), p,
          want);
      near(want.floatData(), out, 1e-4f, "conv2d " + p);
      Tensor wantGx = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.FLOAT32, n, c, h, w);
      cpu.conv2dBackwardInput(Tensor.fromArray(cpu, gout.clone(), n, co, ho, wo),
          Tensor.fromArray(cpu, wt.clone(), co, cg, kh, kw), p, wantGx);
      near(wantGx.floatData(), gx, 1e-4f, "conv2d backward input " + p);
      Tensor wantGw = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.FLOAT32, co, cg, kh, kw);
      cpu.conv2dBackwardWeight(Tensor.fromArray(cpu, gout.clone(), n, co, ho, wo),
          Tensor.fromArray(cpu, x.clone(), n, c, h, w), p, wantGw);
      float[] gwf = new float[gw.length];
      for (int i = 0; i < gw.length; i++) {
        gwf[i] = (float) gw[i];
      }
      near(wantGw.floatData(), gwf, 1e-4f, "conv2d backward weight " + p);
    }
  }

  /** The pooling element functions of ns_math.cuh against CpuBackend, bit for bit (same summation order). */
  @Test
  void poolingMatchesTheCpuBitForBit() throws Exception {
    Random r = new Random(10);
    org.neurospark.snn.tensor.Backend cpu = CpuBackend.INSTANCE;
    int n = 2, c = 3, h = 9, w = 7, planes = n * c;
    float[] x = randn(r, planes * h * w);
    x[5] = Float.NaN;
    for (org.neurospark.snn.tensor.PoolParams p : new org.neurospark.snn.tensor.PoolParams[] {
        org.neurospark.snn.tensor.PoolParams.of(2, 2, 0), org.neurospark.snn.tensor.PoolParams.of(3, 2, 1),
        new org.neurospark.snn.tensor.PoolParams(3, 2, 1, 2, 1, 1)}) {
      int ho = (h + 2 * p.padH() - p.kernelH()) / p.strideH() + 1;
      int wo = (w + 2 * p.padW() - p.kernelW()) / p.strideW() + 1;
      String geom = ints(h, w, ho, wo, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW(),
          planes);
      Tensor out = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.FLOAT32, n, c, ho, wo);
      Tensor arg = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.INT32, n, c, ho, wo);
      cpu.maxPool2d(Tensor.fromArray(cpu, x.clone(), n, c, h, w), p, out, arg);
      String[] mo = ask("maxpool " + geom + floats(x, 0, x.length));
      int m = planes * ho * wo;
      for (int i = 0; i < m; i++) {
        assertEquals(arg.intData()[i], Integer.parseUnsignedInt(mo[i], 16), "max-pool argmax " + p + " at " + i);
        assertEquals(Float.floatToIntBits(out.floatData()[i]), Float.floatToIntBits(fl(mo[m + i])),
            "max-pool " + p + " at " + i);
      }
      cpu.avgPool2d(Tensor.fromArray(cpu, x.clone(), n, c, h, w), p, out);
      assertEquals(java.util.Arrays.toString(out.floatData()),
          java.util.Arrays.toString(parse(ask("avgpool " + geom + floats(x, 0, x.length)), 0)), "avg-pool " + p);
      float[] g = randn(r, m);
      Tensor gx = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.FLOAT32, n, c, h, w);
      cpu.avgPool2dBackward(Tensor.fromArray(cpu, g.clone(), n, c, ho, wo), p, gx);
      assertEquals(java.util.Arrays.toString(gx.floatData()),
          java.util.Arrays.toString(parse(ask("avgpoolbwd " + geom + floats(g, 0, g.length)), 0)),
          "avg-pool backward " + p);
    }
    float[] xs = randn(r, planes * h * w);
    Tensor out = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.FLOAT32, n, c, 4, 3);
    cpu.adaptiveAvgPool2d(Tensor.fromArray(cpu, xs.clone(), n, c, h, w), out);
    assertEquals(java.util.Arrays.toString(out.floatData()), java.util.Arrays.toString(
        parse(ask("adaptive " + ints(h, w, 4, 3, planes) + floats(xs, 0, xs.length)), 0)), "adaptive avg-pool");
    float[] g = randn(r, planes * 12);
    Tensor gx = Tensor.zeros(cpu, org.neurospark.snn.tensor.DType.FLOAT32, n, c, h, w);
    cpu.adaptiveAvgPool2dBackward(Tensor.fromArray(cpu, g.clone(), n, c, 4, 3), gx);
    assertEquals(java.util.Arrays.toString(gx.floatData()), java.util.Arrays.toString(
        parse(ask("adaptivebwd " + ints(h, w, 4, 3, planes) + floats(g, 0, g.length)), 0)),
        "adaptive avg-pool backward");
  }
}
