package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class SerializableHadoopConfTest {
  private static Map<String, String> entries(Configuration c) {
    Map<String, String> m = new TreeMap<>();
    c.forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  @Test
  void travelsWithEverySettingOfTheDriversConfiguration() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.neurospark.test.option", "42");
    conf.set("fs.file.impl.disable.cache", "true");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
      out.writeObject(new SerializableHadoopConf(conf));
    }
    Configuration back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
      back = ((SerializableHadoopConf) in.readObject()).get();
    }
    assertNotSame(conf, back);
    assertEquals("42", back.get("fs.neurospark.test.option"));
    assertEquals(entries(conf), entries(back), "the defaults Hadoop's XML files gave the driver come along");
  }
}
