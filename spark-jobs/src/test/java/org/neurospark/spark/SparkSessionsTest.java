package org.neurospark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.io.NioLocalFs;
import org.neurospark.spark.testing.TestSpark;

/** The driver settings {@link SparkSessions#onDriver} applies, and the ones it leaves to the user. */
class SparkSessionsTest {
  @Test
  void theDriversFileContextUsesNioLocalFsUnlessTheUserNamedAnother() {
    SparkSession spark = TestSpark.start("SparkSessionsTest");
    try {
      Configuration h = spark.sparkContext().hadoopConfiguration();
      assertEquals(NioLocalFs.class.getName(), h.get(NioLocalFs.SETTING));
      h.set(NioLocalFs.SETTING, "com.example.TheirLocalFs");
      SparkSessions.onDriver(spark);
      assertEquals("com.example.TheirLocalFs", h.get(NioLocalFs.SETTING), "a user's choice stays");
      h.set(NioLocalFs.SETTING, SparkSessions.HADOOP_LOCAL_FS);
      SparkSessions.onDriver(spark);
      assertEquals(NioLocalFs.class.getName(), h.get(NioLocalFs.SETTING));
      assertEquals(SparkSessions.HADOOP_LOCAL_FS, new Configuration().get(NioLocalFs.SETTING), "Hadoop's default");
    } finally {
      spark.stop();
    }
  }
}
