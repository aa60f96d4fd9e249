import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build-time generator of snn-core's float64 CPU kernels from the float32 sources: {@code KernelsF.java} →
 * {@code KernelsD.java}, {@code VectorGemmF.java} → {@code VectorGemmD.java} (package
 * {@code org.neurospark.snn.tensor.cpu}). Run by snn-core's pom (exec-maven-plugin, phase generate-sources) with the
 * JDK's source launcher, so the float64 twins exist only under {@code target/generated-sources/float64} and cannot
 * drift from their float32 source; {@code KernelsGeneratedTest} regenerates them and fails when the compiled copy is
 * stale or a hand-written copy reappears under {@code src/main/java}.
 *
 * <p>The rewrite is textual: {@code float} → {@code double}, {@code Float} → {@code Double} (so {@code FloatVector}
 * → {@code DoubleVector}, {@code floats(} → {@code doubles(}), the class names F → D, and
 * {@code @SuppressWarnings("cast")} on the class (casts to float become redundant casts to double). It fails, naming
 * the file, when a source lacks its {@code final class} line or the output still mentions float32 types.
 *
 * <pre>java snn-core/src/build/Float64Kernels.java SOURCE_DIR OUT_DIR</pre>
 * SOURCE_DIR holds the float32 sources; the outputs go to OUT_DIR/org/neurospark/snn/tensor/cpu/.
 */
public final class Float64Kernels {
  private static final String PACKAGE_DIR = "org/neurospark/snn/tensor/cpu";
  private static final String[][] PAIRS = {{"KernelsF", "KernelsD"}, {"VectorGemmF", "VectorGemmD"}};

  private Float64Kernels() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: Float64Kernels SOURCE_DIR OUT_DIR");
    }
    Path src = Path.of(args[0]);
    Path out = Path.of(args[1]).resolve(PACKAGE_DIR);
    Files.createDirectories(out);
    for (String[] pair : PAIRS) {
      Path in = src.resolve(pair[0] + ".java");
      String generated = generate(Files.readString(in, StandardCharsets.UTF_8), pair[0], pair[1], in);
      Path target = out.resolve(pair[1] + ".java");
      // rewrite only on change, so an incremental compile sees an unchanged file as unchanged
      if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(generated)) {
        Files.writeString(target, generated, StandardCharsets.UTF_8);
      }
    }
  }

  /** The float64 twin of {@code source} (the text of class {@code from}, read from {@code file}). */
  static String generate(String source, String from, String to, Path file) {
    String s = source.replace("float", "double").replace(from, to).replace("Float", "Double");
    for (String[] pair : PAIRS) {
      s = s.replace(pair[0], pair[1]);
    }
    Matcher decl = Pattern.compile("(?m)^final class " + to + " \\{").matcher(s);
    if (!decl.find()) {
      throw new IllegalStateException(file + ": no line 'final class " + from + " {' to generate " + to + " from");
    }
    s = s.substring(0, decl.start()) + "@SuppressWarnings(\"cast\")\n" + s.substring(decl.start());
    Matcher left = Pattern.compile("(?i)\\bfloat").matcher(s);
    if (left.find()) {
      throw new IllegalStateException(file + ": the float64 output still says float at offset " + left.start());
    }
    return "// GENERATED at build time by snn-core/src/build/Float64Kernels.java from " + from + ".java: do not"
        + " edit, edit " + from + ".java.\n" + s;
  }
}
