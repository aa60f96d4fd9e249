package org.neurospark.spark.tables;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop {@link Configuration} that travels to executors (in a task closure or a broadcast): written as its
 * key/value pairs and read back into a configuration that loads no default resources, so an executor gets the
 * driver's settings (e.g. the session's {@code fs.*} options) without parsing Hadoop's XML files again, which a
 * {@code new Configuration()} per task would do.
 */
public final class SerializableHadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration conf;

  /** Wraps {@code conf} (not copied: do not change it until this object is serialized). */
  public SerializableHadoopConf(Configuration conf) {
    this.conf = conf;
  }

  /** The configuration (on an executor: the copy read from the stream). */
  public Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
