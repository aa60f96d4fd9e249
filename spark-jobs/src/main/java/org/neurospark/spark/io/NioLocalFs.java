package org.neurospark.spark.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.AbstractFileSystem;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * The {@code file:} {@link AbstractFileSystem} (what Hadoop's {@code FileContext} uses; Delta Lake writes every
 * commit and checksum file of a local table through it) built like Hadoop's {@code LocalFs} — checksummed files over
 * the raw local file system — on {@link NioRawLocalFileSystem}, so it starts no child processes.
 *
 * <p>Selected with the Hadoop setting {@value #SETTING} = this class; {@link org.neurospark.spark.SparkSessions}
 * sets it on the driver of the sessions it builds.
 */
public final class NioLocalFs extends ChecksumFs {
  /** The Hadoop setting naming the {@code file:} {@link AbstractFileSystem}. */
  public static final String SETTING = "fs.AbstractFileSystem.file.impl";

  /** The constructor {@link AbstractFileSystem#createFileSystem} calls. */
  public NioLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(new Raw(uri, conf));
  }

  /** The raw (unchecksummed) layer, as Hadoop's {@code RawLocalFs} but delegating to {@link NioRawLocalFileSystem}. */
  static final class Raw extends DelegateToFileSystem {
    Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new NioRawLocalFileSystem(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1; // file:/// has no port
    }

    @Override
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true; // as Hadoop's local file systems: the OS decides
    }
  }
}
