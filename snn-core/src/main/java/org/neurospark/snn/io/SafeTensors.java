package org.neurospark.snn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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
 * <p>An instance is an ordered, mutable map from names to {@link StEntry}; writing keeps insertion order.
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
      long size = ch.size();
      if (size < 8) {
        throw new DataFileException(file, 0, "file of " + size + " bytes is too short for a safetensors header"
            + " length (8 bytes)");
      }
      ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lb, 0, file);
      long n = lb.getLong(0);
      if (n < 2 || n > MAX_HEADER) {
        throw new DataFileException(file, 0, "header length " + Long.toUnsignedString(n)
            + " is invalid (expected 2.." + MAX_HEADER + "); not a safetensors file?");
      }
      if (8 + n > size) {
        throw new DataFileException(file, 8, "header of " + n + " bytes runs past the end of the file ("
            + size + " bytes): truncated");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      readFully(ch, hb, 8, file);
      String text = new String(hb.array(), StandardCharsets.UTF_8);
      if (!text.startsWith("{")) {
        throw new DataFileException(file, 8, "header does not start with '{'");
      }
      JsonNode root;
      try {
        root = JSON.readTree(text.stripTrailing());
      } catch (JsonProcessingException e) {
        throw new DataFileException(file, 8, "header is not valid JSON: " + e.getOriginalMessage(), e);
      }
      if (root == null || !root.isObject()) {
        throw new DataFileException(file, 8, "header is not a JSON object");
      }
      long bufStart = 8 + n;
      long bufSize = size - bufStart;
      SafeTensors st = new SafeTensors();
      List<Object[]> spans = new ArrayList<>();
      Map<String, Object[]> pending = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String name = f.getKey();
        JsonNode v = f.getValue();
        if (name.equals("__metadata__")) {
          if (!v.isObject()) {
            throw new DataFileException(file, 8, "__metadata__ must be an object of strings");
          }
          for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
            Map.Entry<String, JsonNode> kv = m.next();
            if (!kv.getValue().isTextual()) {
              throw new DataFileException(file, 8, "__metadata__ value of '" + kv.getKey() + "' is not a string");
            }
            st.metadata.put(kv.getKey(), kv.getValue().asText());
          }
          continue;
        }
        StDType dt = v.hasNonNull("dtype") ? StDType.parse(v.get("dtype").asText()) : null;
        if (dt == null) {
          throw new DataFileException(file, 8, "tensor '" + name + "': missing or unknown dtype "
              + v.get("dtype"));
        }
        JsonNode sh = v.get("shape");
        JsonNode off = v.get("data_offsets");
        if (sh == null || !sh.isArray() || off == null || !off.isArray() || off.size() != 2) {
          throw new DataFileException(file, 8, "tensor '" + name + "': needs 'shape' array and 'data_offsets'"
              + " [begin, end]");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
          if (!sh.get(i).canConvertToLong() || sh.get(i).asLong() < 0) {
            throw new DataFileException(file, 8, "tensor '" + name + "': bad dimension " + sh.get(i));
          }
          shape[i] = sh.get(i).asLong();
        }
        long b = off.get(0).asLong(-1);
        long e = off.get(1).asLong(-1);
        long numel;
        try {
          numel = StEntry.numel(shape);
        } catch (ArithmeticException ex) {
          throw new DataFileException(file, 8, "tensor '" + name + "': shape overflows");
        }
        if (b < 0 || e < b || e - b != numel * dt.bytes()) {
          throw new DataFileException(file, 8, "tensor '" + name + "': data_offsets [" + b + ", " + e
              + "] do not match " + numel + " elements of " + dt);
        }
        if (e > bufSize) {
          throw new DataFileException(file, bufStart + b, "tensor '" + name + "' ends at buffer byte " + e
              + " but only " + bufSize + " data bytes follow the header: truncated");
        }
        spans.add(new Object[] {b, e, name});
        pending.put(name, new Object[] {dt, shape, b, e});
      }
      spans.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
      long expect = 0;
      for (Object[] s : spans) {
        long b = (Long) s[0];
        if (b != expect) {
          throw new DataFileException(file, bufStart + Math.min(b, expect), "tensor '" + s[2] + "' starts at buffer"
              + " byte " + b + " but the previous one ends at " + expect + " (gap or overlap)");
        }
        expect = (Long) s[1];
      }
      if (expect != bufSize) {
        throw new DataFileException(file, bufStart + expect, "tensors cover " + expect + " data bytes but the file"
            + " has " + bufSize + " after the header");
      }
      for (Map.Entry<String, Object[]> p : pending.entrySet()) {
        Object[] a = p.getValue();
        long b = (Long) a[2];
        long e = (Long) a[3];
        if (e - b > Integer.MAX_VALUE - 8) {
          throw new DataFileException(file, bufStart + b, "tensor '" + p.getKey() + "' exceeds 2 GiB");
        }
        ByteBuffer data = ByteBuffer.allocate((int) (e - b));
        readFully(ch, data, bufStart + b, file);
        st.entries.put(p.getKey(), new StEntry((StDType) a[0], (long[]) a[1], data.array()));
      }
      return st;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      int r = ch.read(b, p);
      if (r < 0) {
        throw new DataFileException(file, p, "unexpected end of file");
      }
      p += r;
    }
  }
}
