package org.neurospark.snn.neuron.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the fp32 forms of {@link FunctionSpec}s as Vector API methods, {@code nameV(double params...,
 * FloatVector vars...)}, lane for lane the same IEEE float32 operations in the same order as the scalar
 * {@code nameF} that {@link JavaEmitter} writes, so SIMD kernels built on them are bit-identical to the scalar ones.
 * Only functions whose fp32 form is {@link FloatForm#FLOAT_OPS}, that have per-element inputs and whose operations
 * have an exact lane-wise counterpart (+ − × ÷, fma, abs, neg, sqrt, min/max, comparisons and selects, and, in the
 * surrogate package, {@code FastMathF}'s exp as {@code VectorMathF.exp}) get a vector form; the others are left out
 * ({@link #vectorizable}). Every vector has the preferred float species, the one species of the code base. Pure string
 * generation.
 */
public final class VectorEmitter {
  private final String pkg;

  private VectorEmitter(String pkg) {
    this.pkg = pkg;
  }

  /** A Java expression and whether its value is a FloatVector (else a float). */
  private record Code(String text, boolean vector) {}

  /**
   * The source of a package-private final class {@code pkg.className} holding the vector forms of those of
   * {@code functions} that have one.
   */
  public static String emitClass(String pkg, String className, String doc, List<FunctionSpec> functions) {
    VectorEmitter e = new VectorEmitter(pkg);
    StringBuilder sb = new StringBuilder();
    JavaEmitter.header(sb, pkg);
    sb.append("import jdk.incubator.vector.FloatVector;\nimport jdk.incubator.vector.VectorOperators;\n");
    sb.append("import jdk.incubator.vector.VectorSpecies;\n\n");
    sb.append("/**\n * ").append(doc).append("\n *\n");
    sb.append(" * <p>Generated from {@code org.neurospark.snn.neuron.spec.NeuronMath} ({@code VectorEmitter}): {@code fV(params...,\n");
    sb.append(" * vars...)} computes, on every lane, the float32 operations of the scalar {@code fF} in the same order\n");
    sb.append(" * (parameters are passed as doubles and rounded to float). Load only when the Vector API module is present.\n */\n");
    sb.append("final class ").append(className).append(" {\n");
    sb.append("  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;\n\n");
    sb.append("  private ").append(className).append("() {}\n");
    for (FunctionSpec f : functions) {
      if (e.vectorizable(f)) {
        e.function(sb, f);
      }
    }
    sb.append("}\n");
    return sb.toString();
  }

  /** Whether {@code f} gets a vector form when emitted into this emitter's package. */
  boolean vectorizable(FunctionSpec f) {
    if (f.floatForm() != FloatForm.FLOAT_OPS || f.vars().isEmpty()) {
      return false;
    }
    Body b = f.floatOpsBody();
    for (Binding x : b.bindings()) {
      if (!(x instanceof Binding.Let l) || !supported(l.value())) {
        return false;
      }
    }
    return supported(b.result());
  }

  /** Whether {@code f} gets a vector form in {@code pkg}. */
  public static boolean vectorizable(String pkg, FunctionSpec f) {
    return new VectorEmitter(pkg).vectorizable(f);
  }

  private boolean supported(Expr e) {
    if (e instanceof Expr.Var || e instanceof Expr.Param || e instanceof Expr.Const || e instanceof Expr.Derived) {
      return true;
    }
    if (e instanceof Expr.Unary u) {
      boolean op = switch (u.op()) {
        case NEG, ABS, SQRT -> true;
        case EXP -> pkg.equals(JavaEmitter.SURROGATE_PACKAGE);
        default -> false;
      };
      return op && supported(u.a());
    }
    if (e instanceof Expr.Binary b) {
      return b.op() != Expr.Op2.POW && supported(b.a()) && supported(b.b());
    }
    if (e instanceof Expr.Fma f) {
      return supported(f.a()) && supported(f.b()) && supported(f.c());
    }
    if (e instanceof Expr.Compare c) {
      return supported(c.a()) && supported(c.b());
    }
    if (e instanceof Expr.Select s) {
      return supported(s.cond()) && supported(s.a()) && supported(s.b());
    }
    return false;
  }

  private void function(StringBuilder sb, FunctionSpec f) {
    sb.append("\n  /** ").append(f.doc()).append(" (fp32 operations on every lane). */\n");
    sb.append("  static FloatVector ").append(f.name()).append("V(");
    String sep = "";
    for (String p : f.params()) {
      sb.append(sep).append("double ").append(p);
      sep = ", ";
    }
    for (String v : f.vars()) {
      sb.append(sep).append("FloatVector ").append(v);
      sep = ", ";
    }
    sb.append(") {\n");
    Set<String> vectors = new HashSet<>(f.vars());
    Body body = f.floatOpsBody();
    for (Binding b : body.bindings()) {
      Binding.Let let = (Binding.Let) b;
      Code c = expr(let.value(), vectors);
      if (c.vector()) {
        vectors.add(let.name());
      }
      sb.append("    ").append(c.vector() ? "FloatVector " : "float ").append(let.name()).append(" = ")
          .append(c.text()).append(";\n");
    }
    sb.append("    return ").append(vec(expr(body.result(), vectors))).append(";\n  }\n");
  }

  private static String vec(Code c) {
    return c.vector() ? c.text() : "FloatVector.broadcast(F, " + c.text() + ")";
  }

  private static Code v(String text) {
    return new Code(text, true);
  }

  private static Code s(String text) {
    return new Code(text, false);
  }

  private Code expr(Expr e, Set<String> vectors) {
    if (e instanceof Expr.Var var) {
      return new Code(var.name(), vectors.contains(var.name()));
    }
    if (e instanceof Expr.Param p) {
      return s("((float) " + p.name() + ")");
    }
    if (e instanceof Expr.Const c) {
      return s(JavaEmitter.constant(c.value(), true));
    }
    if (e instanceof Expr.Derived d) {
      return s("((float) " + JavaEmitter.doubleExpr(pkg, d.value()) + ")");
    }
    if (e instanceof Expr.Unary u) {
      Code a = expr(u.a(), vectors);
      if (!a.vector()) {
        return switch (u.op()) {
          case NEG -> s("(-" + a.text() + ")");
          case ABS -> s("Math.abs(" + a.text() + ")");
          case SQRT -> s("((float) Math.sqrt(" + a.text() + "))");
          case EXP -> s("FastMathF.exp(" + a.text() + ")");
          default -> throw new AssertionError(u.op());
        };
      }
      return switch (u.op()) {
        case NEG -> v(a.text() + ".neg()");
        case ABS -> v(a.text() + ".abs()");
        case SQRT -> v(a.text() + ".sqrt()");
        case EXP -> v("VectorMathF.exp(" + a.text() + ")");
        default -> throw new AssertionError(u.op());
      };
    }
    if (e instanceof Expr.Binary b) {
      Code x = expr(b.a(), vectors);
      Code y = expr(b.b(), vectors);
      String m = switch (b.op()) {
        case ADD -> "add";
        case SUB -> "sub";
        case MUL -> "mul";
        case DIV -> "div";
        case MIN -> "min";
        case MAX -> "max";
        default -> throw new AssertionError(b.op());
      };
      if (!x.vector() && !y.vector()) {
        String op = switch (b.op()) {
          case ADD -> " + ";
          case SUB -> " - ";
          case MUL -> " * ";
          case DIV -> " / ";
          default -> null;
        };
        return s(op != null ? "(" + x.text() + op + y.text() + ")" : "Math." + m + "(" + x.text() + ", " + y.text()
            + ")");
      }
      if (x.vector()) {
        return v(x.text() + "." + m + "(" + y.text() + ")");
      }
      // scalar op vector: + × min max commute exactly; − ÷ broadcast the scalar
      boolean commutes = b.op() == Expr.Op2.ADD || b.op() == Expr.Op2.MUL || b.op() == Expr.Op2.MIN
          || b.op() == Expr.Op2.MAX;
      return commutes ? v(y.text() + "." + m + "(" + x.text() + ")") : v(vec(x) + "." + m + "(" + y.text() + ")");
    }
    if (e instanceof Expr.Fma f) {
      Code a = expr(f.a(), vectors);
      Code b = expr(f.b(), vectors);
      Code c = expr(f.c(), vectors);
      if (!a.vector() && b.vector()) {
        Code t = a;
        a = b;
        b = t;
      }
      if (a.vector() && !b.vector() && !c.vector()) {
        return v(a.text() + ".fma(" + b.text() + ", " + c.text() + ")");
      }
      return v(vec(a) + ".fma(" + vec(b) + ", " + vec(c) + ")");
    }
    if (e instanceof Expr.Select sel) {
      Code mask = compare(sel.cond(), vectors);
      Code a = expr(sel.a(), vectors);
      Code b = expr(sel.b(), vectors);
      return v(vec(b) + ".blend(" + a.text() + ", " + mask.text() + ")");
    }
    throw new AssertionError(e);
  }

  private Code compare(Expr.Compare c, Set<String> vectors) {
    Code a = expr(c.a(), vectors);
    Code b = expr(c.b(), vectors);
    Expr.Cmp op = c.op();
    if (!a.vector()) {
      if (!b.vector()) {
        throw new IllegalArgumentException("a comparison of two scalars has no vector form: " + c);
      }
      Code t = a;
      a = b;
      b = t;
      op = switch (op) {
        case LT -> Expr.Cmp.GT;
        case LE -> Expr.Cmp.GE;
        case GT -> Expr.Cmp.LT;
        case GE -> Expr.Cmp.LE;
      };
    }
    return v(a.text() + ".compare(VectorOperators." + op.name() + ", " + b.text() + ")");
  }
}
