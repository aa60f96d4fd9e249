/**
 * Prints the JVM flags Spark needs on JDK 17+ (org.apache.spark.launcher.JavaModuleOptions of the spark-launcher jar
 * on the class path), so the cluster scripts use the list of the Spark version they run. Run as a single-file
 * source program: java -cp spark-launcher_2.13-V.jar PrintJavaModuleOptions.java
 */
public class PrintJavaModuleOptions {
  public static void main(String[] args) {
    System.out.println(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions());
  }
}
