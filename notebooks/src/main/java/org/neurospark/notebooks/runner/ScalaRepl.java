package org.neurospark.notebooks.runner;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * A class-based Scala 2.13 REPL set up the way Zeppelin's {@code SparkScala213Interpreter} sets up its
 * {@link IMain}: {@code -Yrepl-class-based -Yrepl-outdir DIR} (every line is compiled into a class whose files land
 * in {@code DIR}, which Spark serves to executors through {@code spark.repl.class.uri}), {@code usejavacp} (the
 * compiler sees the JVM's class path). One {@link #interpret} call compiles and runs one whole paragraph.
 *
 * <p>Not thread-safe: one paragraph at a time. {@link #close()} closes the compiler.
 */
public final class ScalaRepl implements Closeable {
  /** What one {@link #interpret} call ended with, as Zeppelin reports a paragraph. */
  public enum Outcome {
    /** the code compiled and ran */
    SUCCESS,
    /** it did not compile, or it threw */
    ERROR,
    /** the code ends in the middle of an expression */
    INCOMPLETE
  }

  private final IMain intp;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintWriter replOut = new PrintWriter(buffer, true, StandardCharsets.UTF_8);

  /**
   * Starts the compiler.
   *
   * @param outputDir the {@code -Yrepl-outdir}: where the classes of interpreted lines are written (the same folder
   *     as {@code spark.repl.class.outputDir})
   */
  public ScalaRepl(Path outputDir) {
    Settings settings = new Settings();
    settings.processArguments(scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(
        "-Yrepl-class-based", "-Yrepl-outdir", outputDir.toAbsolutePath().toString())).toList(), true);
    settings.usejavacp().value_$eq(true);
    ReplReporterImpl reporter = new ReplReporterImpl(settings, replOut);
    intp = new IMain(settings, reporter);
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try {
      if (!intp.initializeCompiler()) {
        throw new IllegalStateException("the Scala compiler did not start: " + takeOutput());
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /**
   * Binds {@code value} to {@code name} with static type {@code type} (a fully qualified Scala type name), as
   * Zeppelin binds {@code spark}, {@code sc} and {@code z}.
   */
  public void bind(String name, String type, Object value) {
    Results.Result r = intp.bind(name, type, value, scala.collection.immutable.List$.MODULE$.empty());
    if (!(r instanceof Results.Success$)) {
      throw new IllegalStateException("could not bind " + name + ": " + takeOutput());
    }
    takeOutput();
  }

  /**
   * What a paragraph ended with and what it printed.
   *
   * @param outcome how it ended
   * @param output what the code printed ({@code println}, {@code Console.out}, {@code System.out}), in order
   * @param echo what the REPL printed: compiler messages and its {@code name: Type = value} echo of definitions
   */
  public record Run(Outcome outcome, String output, String echo) {}

  /**
   * Compiles and runs {@code code}. What the code prints and what the REPL prints come back apart, so that a
   * paragraph ending in a {@code %html} or {@code %table} result keeps it clean of the REPL's echo.
   */
  public Run interpret(String code) {
    PrintStream sysOut = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        printed.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        printed.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8);
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Results.Result r;
    try {
      System.setOut(capture);
      // Spark deserialises task results with the context class loader: it must see the REPL's classes
      Thread.currentThread().setContextClassLoader(intp.classLoader());
      r = scala.Console$.MODULE$.withOut(capture, () -> intp.interpret(code));
    } catch (RuntimeException | Error e) {
      capture.flush();
      e.printStackTrace(new PrintStream(printed, true, StandardCharsets.UTF_8));
      r = scala.tools.nsc.interpreter.Results.Error$.MODULE$;
    } finally {
      capture.flush();
      System.setOut(sysOut);
      Thread.currentThread().setContextClassLoader(previous);
    }
    String echo = takeOutput();
    Outcome o = r instanceof Results.Success$ ? Outcome.SUCCESS
        : r instanceof Results.Incomplete$ ? Outcome.INCOMPLETE : Outcome.ERROR;
    return new Run(o, printed.toString(StandardCharsets.UTF_8), echo);
  }

  /** The class loader of the interpreted code. */
  public ClassLoader classLoader() {
    return intp.classLoader();
  }

  private String takeOutput() {
    replOut.flush();
    String s = buffer.toString(StandardCharsets.UTF_8);
    buffer.reset();
    return s;
  }

  @Override
  public void close() {
    intp.close();
  }

}
