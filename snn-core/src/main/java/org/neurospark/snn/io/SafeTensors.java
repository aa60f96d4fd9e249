package org.neurospark.snn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.snn.tensor.Tensor;

/**
 * Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian unsigned header length N, N bytes
 * of UTF-8 JSON ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}, padded with spaces to a multiple of 8), then the byte buffer; offsets are
 * relative to the buffer start, must tile it exactly (no gaps, no overlap). Tensor names follow PyTorch's state dict
 * ({@code conv_fc.0.weight}, {@code 1.running_mean}, {@code 1.num_batches_tracked} as I64 scalar).
 *
 * <p>An instance is an ordered, mutable map from names to {@link StEntry}; writing keeps insertion order. Reading
 * and writing work on local files ({@link Path}) and on streams, channels and buffers, so checkpoints can live on
 * any file system (HDFS, S3) whose client gives an {@link InputStream}/{@link OutputStream}.
 */
public final class SafeTensors {
  /** Largest accepted header (the reference implementation's limit). */
  public static final long MAX_HEADER = 100_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, StEntry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /** Entries in insertion (file) order; unmodifiable view. */
  public Map<String, StEntry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** The {@code __metadata__} string map (mutable). */
  public Map<String, String> metadata() {
    return metadata;
  }

  public SafeTensors put(String name, StEntry e) {
    if (name.equals("__metadata__")) {
      throw new IllegalArgumentException("'__metadata__' is reserved");
    }
    entries.put(name, e);
    return this;
  }

  /** Stores a tensor's values (F32 or F64). */
  public SafeTensors put(String name, Tensor t) {
    return put(name, StEntry.of(t));
  }

  /** The entry, or throws naming the missing key and the known ones. */
  public StEntry get(String name) {
    StEntry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no tensor '" + name + "' (have " + entries.keySet() + ")");
    }
    return e;
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The header JSON (unpadded), as written. */
  public byte[] headerBytes() {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = root.putObject("__metadata__");
      metadata.forEach(m::put);
    }
    long off = 0;
    for (Map.Entry<String, StEntry> e : entries.entrySet()) {
      ObjectNode o = root.putObject(e.getKey());
      o.put("dtype", e.getValue().dtype().name());
      ArrayNode s = o.putArray("shape");
      for (long d : e.getValue().shape()) {
        s.add(d);
      }
      ArrayNode d = o.putArray("data_offsets");
      d.add(off);
      off += e.getValue().byteSize();
      d.add(off);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Writes the file atomically (temp file in the same folder, then rename). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      write(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes the format to a stream. */
  public void write(OutputStream out) throws IOException {
    byte[] header = headerBytes();
    int pad = (8 - header.length % 8) % 8;
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + pad);
    out.write(len.array());
    out.write(header);
    for (int i = 0; i < pad; i++) {
      out.write(' ');
    }
    for (StEntry e : entries.values()) {
      out.write(e.rawBytes());
    }
  }

  /** Reads a whole file, validating the header and that the offsets tile the byte buffer exactly. */
  public static SafeTensors read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return parse(new Input(ch, ch.size(), file, file.toString()));
    }
  }

  /**
   * Reads the format from a stream up to its end (a Hadoop {@code FSDataInputStream}, a zip entry, a socket...):
   * the stream must end exactly where the last tensor ends. The stream is not closed. {@code name} names the source
   * in errors.
   */
  public static SafeTensors read(InputStream in, String name) throws IOException {
    return read(Channels.newChannel(in), name);
  }

  /** {@link #read(InputStream, String)} with the source called "&lt;stream&gt;" in errors. */
  public static SafeTensors read(InputStream in) throws IOException {
    return read(in, "<stream>");
  }

  /**
   * Reads the format from a channel up to its end (sequential reads only; a {@link SeekableByteChannel} is read from
   * its position, and its size is used to report truncation early). The channel is not closed.
   */
  public static SafeTensors read(ReadableByteChannel ch, String name) throws IOException {
    long size = ch instanceof SeekableByteChannel ? ((SeekableByteChannel) ch).size()
        - ((SeekableByteChannel) ch).position() : -1;
    return parse(new Input(ch, size, null, name));
  }

  /**
   * Reads the format from the remaining bytes of a buffer (its position and limit delimit the data; the buffer's
   * position is not moved).
   */
  public static SafeTensors read(ByteBuffer buf, String name) throws IOException {
    ByteBuffer b = buf.duplicate();
    ReadableByteChannel ch = new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) {
        if (!b.hasRemaining()) {
          return -1;
        }
        int n = Math.min(dst.remaining(), b.remaining());
        ByteBuffer part = b.slice();
        part.limit(n);
        dst.put(part);
        b.position(b.position() + n);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
    return parse(new Input(ch, b.remaining(), null, name));
  }

  /** Reads the format from a byte array (as {@link #write(OutputStream)} produced it). */
  public static SafeTensors read(byte[] bytes) throws IOException {
    return read(ByteBuffer.wrap(bytes), "<bytes>");
  }

  /** Reads the format from a byte array, naming it {@code name} in errors. */
  public static SafeTensors read(byte[] bytes, String name) throws IOException {
    return read(ByteBuffer.wrap(bytes), name);
  }

  /** The file as bytes (what {@link #write(OutputStream)} writes). */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A sequential byte source with an optional known size, naming itself in errors. */
  private static final class Input {
    final ReadableByteChannel ch;
    /** Total bytes from the start, or -1 when unknown until the end is reached. */
    final long size;
    final Path file;
    final String name;
    long pos;

    Input(ReadableByteChannel ch, long size, Path file, String name) {
      this.ch = ch;
      this.size = size;
      this.file = file;
      this.name = name;
    }

    DataFileException error(long offset, String problem) {
      return file != null ? new DataFileException(file, offset, problem) : new DataFileException(name, offset, problem);
    }

    DataFileException error(long offset, String problem, Throwable cause) {
      return file != null ? new DataFileException(file, offset, problem, cause)
          : new DataFileException(name, offset, problem, cause);
    }

    /** Reads until {@code b} is full; returns false when the end came first (b then holds what there was). */
    boolean fill(ByteBuffer b) throws IOException {
      while (b.hasRemaining()) {
        int r = ch.read(b);
        if (r < 0) {
          return false;
        }
        pos += r;
      }
      return true;
    }

    /** True when no byte follows (consumes at most one byte). */
    boolean atEnd() throws IOException {
      ByteBuffer one = ByteBuffer.allocate(1);
      int r;
      do {
        r = ch.read(one);
      } while (r == 0);
      return r < 0;
    }
  }

  private static SafeTensors parse(Input in) throws IOException {
    long size = in.size;
    if (size >= 0 && size < 8) {
      throw in.error(0, "file of " + size + " bytes is too short for a safetensors header length (8 bytes)");
    }
    ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    if (!in.fill(lb)) {
      throw in.error(0, "data of " + in.pos + " bytes is too short for a safetensors header length (8 bytes)");
    }
    long n = lb.getLong(0);
    if (n < 2 || n > MAX_HEADER) {
      throw in.error(0, "header length " + Long.toUnsignedString(n) + " is invalid (expected 2.." + MAX_HEADER
          + "); not a safetensors file?");
    }
    if (size >= 0 && 8 + n > size) {
      throw in.error(8, "header of " + n + " bytes runs past the end of the file (" + size + " bytes): truncated");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) n);
    if (!in.fill(hb)) {
      throw in.error(8, "header of " + n + " bytes runs past the end of the data (" + in.pos + " bytes): truncated");
    }
    String text = new String(hb.array(), StandardCharsets.UTF_8);
    if (!text.startsWith("{")) {
      throw in.error(8, "header does not start with '{'");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text.stripTrailing());
    } catch (JsonProcessingException e) {
      throw in.error(8, "header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw in.error(8, "header is not a JSON object");
    }
    long bufStart = 8 + n;
    long bufSize = size >= 0 ? size - bufStart : -1;
    SafeTensors st = new SafeTensors();
    List<Object[]> spans = new ArrayList<>();
    Map<String, Object[]> pending = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (name.equals("__metadata__")) {
        if (!v.isObject()) {
          throw in.error(8, "__metadata__ must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
          Map.Entry<String, JsonNode> kv = m.next();
          if (!kv.getValue().isTextual()) {
            throw in.error(8, "__metadata__ value of '" + kv.getKey() + "' is not a string");
          }
          st.metadata.put(kv.getKey(), kv.getValue().asText());
        }
        continue;
      }
      StDType dt = v.hasNonNull("dtype") ? StDType.parse(v.get("dtype").asText()) : null;
      if (dt == null) {
        throw in.error(8, "tensor '" + name + "': missing or unknown dtype " + v.get("dtype"));
      }
      JsonNode sh = v.get("shape");
      JsonNode off = v.get("data_offsets");
      if (sh == null || !sh.isArray() || off == null || !off.isArray() || off.size() != 2) {
        throw in.error(8, "tensor '" + name + "': needs 'shape' array and 'data_offsets' [begin, end]");
      }
      long[] shape = new long[sh.size()];
      for (int i = 0; i < shape.length; i++) {
        if (!sh.get(i).canConvertToLong() || sh.get(i).asLong() < 0) {
          throw in.error(8, "tensor '" + name + "': bad dimension " + sh.get(i));
        }
        shape[i] = sh.get(i).asLong();
      }
      long b = off.get(0).asLong(-1);
      long e = off.get(1).asLong(-1);
      long numel;
      try {
        numel = StEntry.numel(shape);
      } catch (ArithmeticException ex) {
        throw in.error(8, "tensor '" + name + "': shape overflows");
      }
      if (b < 0 || e < b || e - b != numel * dt.bytes()) {
        throw in.error(8, "tensor '" + name + "': data_offsets [" + b + ", " + e + "] do not match " + numel
            + " elements of " + dt);
      }
      if (bufSize >= 0 && e > bufSize) {
        throw in.error(bufStart + b, "tensor '" + name + "' ends at buffer byte " + e + " but only " + bufSize
            + " data bytes follow the header: truncated");
      }
      if (e - b > Integer.MAX_VALUE - 8) {
        throw in.error(bufStart + b, "tensor '" + name + "' exceeds 2 GiB");
      }
      spans.add(new Object[] {b, e, name});
      pending.put(name, new Object[] {dt, shape, b, e});
    }
    spans.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
    long expect = 0;
    for (Object[] s : spans) {
      long b = (Long) s[0];
      if (b != expect) {
        throw in.error(bufStart + Math.min(b, expect), "tensor '" + s[2] + "' starts at buffer byte " + b
            + " but the previous one ends at " + expect + " (gap or overlap)");
      }
      expect = (Long) s[1];
    }
    if (bufSize >= 0 && expect != bufSize) {
      throw in.error(bufStart + expect, "tensors cover " + expect + " data bytes but the file has " + bufSize
          + " after the header");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    for (Object[] s : spans) {
      long b = (Long) s[0];
      long e = (Long) s[1];
      ByteBuffer d = ByteBuffer.allocate((int) (e - b));
      if (!in.fill(d)) {
        throw in.error(in.pos, "tensor '" + s[2] + "' ends at buffer byte " + e + " but the data ended at buffer"
            + " byte " + (in.pos - bufStart) + ": truncated");
      }
      data.put((String) s[2], d.array());
    }
    if (bufSize < 0 && !in.atEnd()) {
      throw in.error(bufStart + expect, "tensors cover " + expect + " data bytes but more data follows them");
    }
    for (Map.Entry<String, Object[]> p : pending.entrySet()) {
      Object[] a = p.getValue();
      st.entries.put(p.getKey(), new StEntry((StDType) a[0], (long[]) a[1], data.get(p.getKey())));
    }
    return st;
  }
}
