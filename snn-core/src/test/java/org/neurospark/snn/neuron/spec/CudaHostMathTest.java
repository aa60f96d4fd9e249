package org.neurospark.snn.neuron.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.testing.Npy;
import org.neurospark.snn.testing.SnnShared;

/**
 * The per-element CUDA C of {@link CudaEmitter#functions()}, compiled for the host with gcc
 * ({@code -D__host__= -D__device__=}, no FMA contraction), against the Java CPU code generated from the same spec
 * ({@code SurrogateMath}, {@code DynamicsMath}, to which the surrogate and charge classes delegate): every function
 * in both precisions, two parameter sets, on a grid of special and random values and on the inputs of the
 * SpikingJelly golden cases. Functions built from + − × ÷, abs, min/max, select, fma, sqrt and (fp32) FastMathF's exp
 * must match bit for bit; those that call libm's exp/log/pow/atan/sin/cos in double may differ by rounding (fp64:
 * relative 1e−12; their fp32 forms, rounded from double: at most 1 ulp). Skips, saying why, without gcc.
 */
class CudaHostMathTest {
  private static Path dir;
  private static Path driver;
  private static final List<Fn> FNS = new ArrayList<>();

  /** One emitted C function and its Java twin. */
  private record Fn(FunctionSpec spec, boolean fp32, Method java, boolean exact) {}

  @BeforeAll
  static void compile(@TempDir Path tmp) throws Exception {
    Path gcc = NativeToolchain.find("gcc");
    assumeTrue(gcc != null, "gcc not on the PATH: the host check of the emitted CUDA C did not run");
    dir = tmp;
    Files.writeString(dir.resolve("neuron_math.h"), CudaEmitter.functions());
    Class<?> sm = Class.forName("org.neurospark.snn.surrogate.SurrogateMath");
    Class<?> dm = Class.forName("org.neurospark.snn.neuron.dynamics.DynamicsMath");
    StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stdint.h>\n#include \"neuron_math.h\"\n");
    c.append("int main(int argc, char **argv) {\n  FILE *in = fopen(argv[1], \"rb\"), *out = fopen(argv[2], \"wb\");\n");
    c.append("  int32_t hdr[2]; double a[16];\n  if (!in || !out) return 2;\n");
    c.append("  while (fread(hdr, 4, 2, in) == 2) {\n    if (fread(a, 8, hdr[1], in) != (size_t) hdr[1]) return 3;\n");
    c.append("    double r;\n    switch (hdr[0]) {\n");
    for (boolean surrogate : new boolean[] {true, false}) {
      for (FunctionSpec f : surrogate ? NeuronMath.surrogateFunctions() : NeuronMath.dynamicsFunctions()) {
        for (boolean fp32 : new boolean[] {false, true}) {
          if (fp32 && f.floatForm() == FloatForm.NONE) {
            continue;
          }
          Class<?>[] types = new Class<?>[f.params().size() + f.vars().size()];
          for (int i = 0; i < types.length; i++) {
            types[i] = fp32 && i >= f.params().size() ? float.class : double.class;
          }
          Method m = (surrogate ? sm : dm).getDeclaredMethod(f.name() + (fp32 ? "F" : ""), types);
          m.setAccessible(true);
          c.append("      case ").append(FNS.size()).append(": r = (double) ").append(CudaEmitter.name(f, fp32))
              .append('(');
          for (int i = 0; i < types.length; i++) {
            c.append(i > 0 ? ", " : "").append(types[i] == float.class ? "(float) a[" : "a[").append(i).append(']');
          }
          c.append("); break;\n");
          FNS.add(new Fn(f, fp32, m, exact(f, fp32)));
        }
      }
    }
    c.append("      default: return 4;\n    }\n    fwrite(&r, 8, 1, out);\n  }\n  fclose(out);\n  return 0;\n}\n");
    Files.writeString(dir.resolve("driver.c"), c.toString());
    NativeToolchain.run(dir, List.of(gcc.toString(), "-O1", "-std=c99", "-Wall", "-Werror", "-Wno-unused-function",
        "-ffp-contract=off", "-D__host__=", "-D__device__=", "-o", "driver", "driver.c", "-lm"), 120);
    driver = dir.resolve("driver");
  }

  /** Whether the function's evaluation path avoids libm (then C and Java must agree bit for bit). */
  private static boolean exact(FunctionSpec f, boolean fp32) {
    boolean ops = fp32 && f.floatForm() == FloatForm.FLOAT_OPS;
    Body b = ops ? f.floatOpsBody() : f.body();
    boolean[] libm = {false};
    List<Expr> roots = new ArrayList<>();
    for (Binding x : b.bindings()) {
      roots.add(x instanceof Binding.Let l ? l.value() : ((Binding.Sum) x).term());
    }
    roots.add(b.result());
    for (Expr r : roots) {
      walk(r, ops, libm);
    }
    return !libm[0];
  }

  private static void walk(Expr e, boolean floatOps, boolean[] libm) {
    if (e instanceof Expr.Unary u) {
      switch (u.op()) {
        case EXP -> libm[0] |= !floatOps;
        case LOG, ATAN, SIN, COS, TANH, ERFC -> libm[0] = true;
        default -> { }
      }
      walk(u.a(), floatOps, libm);
    } else if (e instanceof Expr.Binary b) {
      libm[0] |= b.op() == Expr.Op2.POW;
      walk(b.a(), floatOps, libm);
      walk(b.b(), floatOps, libm);
    } else if (e instanceof Expr.Fma f) {
      walk(f.a(), floatOps, libm);
      walk(f.b(), floatOps, libm);
      walk(f.c(), floatOps, libm);
    } else if (e instanceof Expr.Compare c) {
      walk(c.a(), floatOps, libm);
      walk(c.b(), floatOps, libm);
    } else if (e instanceof Expr.Select s) {
      walk(s.cond(), floatOps, libm);
      walk(s.a(), floatOps, libm);
      walk(s.b(), floatOps, libm);
    } else if (e instanceof Expr.Derived d) {
      walk(d.value(), false, libm);
    }
  }

  private static final Map<String, double[]> PARAMS = new LinkedHashMap<>();

  static {
    PARAMS.put("alpha", new double[] {4.0, 1.7});
    PARAMS.put("beta", new double[] {1.0, 0.5});
    PARAMS.put("w", new double[] {1.0, 0.3});
    PARAMS.put("c", new double[] {0.01, 0.2});
    PARAMS.put("leak", new double[] {0.0, 0.1});
    PARAMS.put("k", new double[] {1.0, 2.0});
    PARAMS.put("slope", new double[] {25.0, 3.0});
    PARAMS.put("n", new double[] {2, 5});
    PARAMS.put("T_period", new double[] {8.0, 3.0});
    PARAMS.put("tau", new double[] {2.0, 3.7});
    PARAMS.put("vReset", new double[] {0.0, -0.25});
    PARAMS.put("decay", new double[] {0.5, (float) (1 / (1 + Math.exp(0.37)))});
    PARAMS.put("vC", new double[] {0.8, 0.6});
    PARAMS.put("a0", new double[] {1.0, 1.3});
    PARAMS.put("vRest", new double[] {0.0, -0.1});
    PARAMS.put("deltaT", new double[] {1.0, 0.7});
    PARAMS.put("thetaRh", new double[] {0.8, 1.2});
    PARAMS.put("vThreshold", new double[] {1.0, 0.7});
    PARAMS.put("threshold", new double[] {1.0, 0.6});
    PARAMS.put("tauW", new double[] {2.0, 3.5});
    PARAMS.put("a", new double[] {0.0, 0.4});
    PARAMS.put("b", new double[] {0.0, 0.3});
  }

  /** Probe values: specials, a sweep, random normals and the golden cases' inputs. */
  private static double[] probes() throws IOException {
    List<Double> v = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-30, -1e-30, 1e30, -1e30,
        87.0, -87.0, 88.5, -88.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.25, 0.125));
    for (int i = -200; i <= 200; i++) {
      v.add(i / 40.0);
    }
    SplittableRandom r = new SplittableRandom(14);
    for (int i = 0; i < 300; i++) {
      v.add(r.nextDouble(-3, 3) * (i % 5 == 0 ? 20 : 1));
    }
    v.addAll(goldenInputs());
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  private static int goldenCount;

  private static List<Double> goldenInputs() throws IOException {
    List<Double> v = new ArrayList<>();
    Path golden = SnnShared.spikingjelly();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(golden, "*.x.npy")) {
      int files = 0;
      for (Path p : ds) {
        if (files++ == 8) {
          break;
        }
        float[] x = Npy.load(p).toFloatArray();
        for (int i = 0; i < x.length && i < 64; i++) {
          v.add((double) x[i]);
        }
      }
    }
    goldenCount = v.size();
    return v;
  }

  @Test
  void everyEmittedFunctionMatchesTheGeneratedJavaOnTheHost() throws Exception {
    double[] probes = probes();
    assertTrue(goldenCount > 100, "golden-case inputs were read");
    ByteArrayOut in = new ByteArrayOut();
    List<double[]> calls = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(16);
    for (int id = 0; id < FNS.size(); id++) {
      FunctionSpec f = FNS.get(id).spec();
      for (int set = 0; set < 2; set++) {
        for (int i = 0; i < probes.length; i++) {
          double[] a = new double[f.params().size() + f.vars().size()];
          int k = 0;
          for (String p : f.params()) {
            a[k++] = PARAMS.get(p)[set];
          }
          for (int j = 0; j < f.vars().size(); j++) {
            String name = f.vars().get(j);
            double x = j == 0 ? probes[i] : probes[r.nextInt(probes.length)];
            if (name.equals("s")) {
              x = r.nextInt(4) == 0 ? x : r.nextInt(2);
            }
            a[k++] = FNS.get(id).fp32() ? (float) x : x;
          }
          calls.add(a);
          ids.add(id);
          in.record(id, a);
        }
      }
    }
    Path inFile = dir.resolve("in.bin");
    Path outFile = dir.resolve("out.bin");
    Files.write(inFile, in.bytes());
    NativeToolchain.run(dir, List.of(driver.toString(), inFile.toString(), outFile.toString()), 120);
    ByteBuffer out = ByteBuffer.wrap(Files.readAllBytes(outFile)).order(ByteOrder.nativeOrder());
    assertEquals(calls.size() * 8, out.capacity(), "one result per call");
    int exactChecked = 0;
    int roundingDiffs = 0;
    for (int c = 0; c < calls.size(); c++) {
      Fn fn = FNS.get(ids.get(c));
      double[] a = calls.get(c);
      Object[] args = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        args[i] = fn.fp32() && i >= fn.spec().params().size() ? (Object) (float) a[i] : (Object) a[i];
      }
      double jv = ((Number) fn.java().invoke(null, args)).doubleValue();
      double cuda = out.getDouble(c * 8);
      String what = CudaEmitter.name(fn.spec(), fn.fp32()) + java.util.Arrays.toString(a);
      if (Double.isNaN(jv) || Double.isNaN(cuda)) {
        assertTrue(Double.isNaN(jv) && Double.isNaN(cuda), what + ": java " + jv + ", C " + cuda);
      } else if (fn.exact()) {
        assertEquals(Double.doubleToLongBits(jv), Double.doubleToLongBits(cuda), what + ": java " + jv
            + ", C " + cuda);
        exactChecked++;
      } else if (jv != cuda) {
        roundingDiffs++;
        double tol = fn.fp32() ? Math.ulp((float) jv) : 1e-12 * Math.max(1, Math.abs(jv));
        assertTrue(Math.abs(jv - cuda) <= tol, what + ": java " + jv + ", C " + cuda + " beyond " + tol);
      }
    }
    System.out.printf("CudaHostMathTest: %d functions, %d calls (%d golden inputs), %d checked bit for bit, "
        + "%d libm calls differing by rounding%n", FNS.size(), calls.size(), goldenCount, exactChecked, roundingDiffs);
    assertTrue(exactChecked > calls.size() / 2, "most functions are checked bit for bit");
  }

  /** Little-endian record writer for the driver's input. */
  private static final class ByteArrayOut {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    void record(int id, double[] a) {
      ByteBuffer b = ByteBuffer.allocate(8 + 8 * a.length).order(ByteOrder.nativeOrder());
      b.putInt(id).putInt(a.length);
      for (double d : a) {
        b.putDouble(d);
      }
      bytes.writeBytes(b.array());
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }
}
