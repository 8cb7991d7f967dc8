package org.docbatch.config;

/**
 * Prints the value a configuration file gives a key, nothing when it gives none: {@code bin/run}
 * asks whether the file names a Redis before it starts one of its own.
 *
 * <pre>java -cp ... org.docbatch.config.ConfigFileValue config.yaml redis.url</pre>
 */
public final class ConfigFileValue {

  private ConfigFileValue() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ConfigFileValue FILE KEY");
      System.exit(2);
    }
    String value = new FileConfigSource(args[0]).getValue(args[1]);
    if (value != null) {
      System.out.println(value);
    }
  }
}
