package org.neurospark.events.parquet;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * Builds {@link ParquetReadOptions} without Hadoop. Parquet's public {@code ParquetReadOptions.Builder} always
 * loads Hadoop classes (its constructor asks {@code ParquetInputFormat} for a record filter and builds a Hadoop codec
 * factory), so this calls the options constructor directly (it is package-private in parquet-hadoop 1.16; reached by
 * reflection, which the unnamed module allows). Filters are off, page checksums are verified, pages come from the
 * heap, and codecs from {@link HadoopFreeCodecs}. If a Parquet upgrade changes the constructor, {@link #create}
 * fails with a message saying so (and the Parquet tests fail).
 */
final class HadoopFreeReadOptions {
  /** Parquet's default cap on one allocation while reading (8 MiB). */
  static final int MAX_ALLOCATION = 8 << 20;

  private HadoopFreeReadOptions() {}

  static ParquetReadOptions create(CompressionCodecFactory codecs) {
    try {
      Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(boolean.class,
          boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
          boolean.class, FilterCompat.Filter.class, ParquetMetadataConverter.MetadataFilter.class,
          CompressionCodecFactory.class, ByteBufferAllocator.class, int.class, Map.class,
          FileDecryptionProperties.class, ParquetMetricsCallback.class, ParquetConfiguration.class);
      c.setAccessible(true);
      // order: signedStringMinMax, statsFilter, dictionaryFilter, recordFilter, columnIndexFilter,
      // pageChecksumVerification, bloomFilter, offHeapDecryptBuffer, hadoopVectoredIo
      return c.newInstance(false, false, false, false, false, true, false, false, false, FilterCompat.NOOP,
          ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(), MAX_ALLOCATION,
          new HashMap<String, String>(), null, null, new PlainParquetConfiguration());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("this Parquet version's ParquetReadOptions constructor is not the one of"
          + " parquet-hadoop 1.16 (" + e + "); update HadoopFreeReadOptions", e);
    }
  }
}
