package org.neurospark.events.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.ArrowEventWriter;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.io.InputFiles;
import org.neurospark.events.limits.MemoryBudget;
import org.neurospark.events.output.AtomicFile;
import org.neurospark.events.parquet.ParquetEventWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code events convert FILE --to arrow|parquet --out PATH}: streams a recording into an Arrow IPC file or a Parquet
 * file with the Neurospark event schema (t int64 µs, x/y int16, p int8; sensor size, source file and format in the
 * metadata), one batch at a time.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = {"Convert FILE to an Arrow IPC file or a Parquet file (columns t int64 µs, x int16, y int16,"
        + " p int8; metadata: width, height, source file, format), streaming in constant memory."})
public final class ConvertCommand implements Callable<Integer> {
  /** Output table formats. */
  enum Target {
    arrow, parquet
  }

  @Parameters(index = "0", paramLabel = "FILE", description = "event recording (any format `events info` reads)")
  Path file;

  @Option(names = "--to", required = true, paramLabel = "arrow|parquet", description = "output format")
  Target to;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "output file: written under a temporary name beside it and renamed on success (a failure leaves"
          + " the previous file); anything at PATH that is not a regular file is refused")
  Path out;

  @Mixin
  ConventionOptions conventions;

  @Option(names = "--codec", paramLabel = "zstd|snappy|none", defaultValue = "zstd",
      description = "Parquet page compression (default: ${DEFAULT-VALUE})")
  String codec;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "65536",
      description = "events per batch / Arrow record batch (default: ${DEFAULT-VALUE})")
  int batch;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (batch <= 0) {
      throw new IllegalArgumentException("--batch must be positive: " + batch);
    }
    MemoryBudget.require(MemoryBudget.product(batch, MemoryBudget.EVENT_BYTES * 2L),
        "--batch " + batch + " (events per batch, held twice)", "lower --batch (default 65536)");
    InputFiles.requireRegularFile(file);
    if (Files.exists(out) && Files.isSameFile(file, out)) {
      throw new IllegalArgumentException("--out must differ from the input file");
    }
    CompressionCodecName parquetCodec = parseCodec(codec);
    ReadOptions options = conventions.readOptions();
    long start = System.nanoTime();
    boolean existed = Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    try (AtomicFile target = AtomicFile.create(out, "--out")) {
      try {
        write(target, parquetCodec, options, start);
      } catch (Exception e) {
        throw new OutputFailedException(e, OutputFailedException.leftFile(existed, out));
      }
    }
    return 0;
  }

  private void write(AtomicFile target, CompressionCodecName parquetCodec, ReadOptions options, long start)
      throws Exception {
    long events;
    String size;
    Path tmp = target.temp();
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch(batch);
      RecordingInfo info = ConventionOptions.eventsInfo(r.info(), options);
      size = info.hasSensorSize() ? info.width() + " x " + info.height() : "sensor size not declared";
      if (to == Target.arrow) {
        try (ArrowEventWriter w = new ArrowEventWriter(tmp, info)) {
          while (r.read(b)) {
            w.write(b);
          }
          events = w.events();
        }
      } else {
        try (ParquetEventWriter w = new ParquetEventWriter(tmp, info, parquetCodec)) {
          while (r.read(b)) {
            w.write(b);
          }
          events = w.events();
        }
      }
      long bytes = Files.size(tmp);
      target.commit();
      double s = (System.nanoTime() - start) / 1e9;
      PrintWriter pw = org.neurospark.cli.support.Terminal.escaping(spec.commandLine().getOut());
      pw.printf(Locale.ROOT, "wrote %d events (%s, %s) to %s as %s%s, %d bytes, in %.3f s (%.2f Mev/s)%n", events,
          r.info().format().id(), size, out, to, to == Target.parquet ? " (" + parquetCodec.name().toLowerCase(
          Locale.ROOT) + ")" : "", bytes, s, s > 0 ? events / s / 1e6 : 0.0);
      if (!r.skipped().isEmpty()) {
        pw.println("skipped   " + r.skipped());
      }
      pw.flush();
    }
  }

  static CompressionCodecName parseCodec(String c) {
    switch (c.toLowerCase(Locale.ROOT)) {
      case "zstd":
        return CompressionCodecName.ZSTD;
      case "snappy":
        return CompressionCodecName.SNAPPY;
      case "none":
      case "uncompressed":
        return CompressionCodecName.UNCOMPRESSED;
      default:
        throw new IllegalArgumentException("--codec must be zstd, snappy or none: " + c);
    }
  }
}
