package org.docbatch.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PipelinesTest {

  /**
   * A pipeline opened with {@code redis.pipelined()} works on one Redis and costs a thread pool per
   * sync on a Redis Cluster: every pipeline goes through {@link Pipelines#open}. And Jedis has no
   * MULTI on a Redis Cluster: no {@code redis.multi()} either.
   */
  @Test
  void everyPipelineIsOpenedThroughPipelinesAndNothingUsesMulti() throws IOException {
    Path main = Path.of("src/main/java");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.endsWith(Path.of("org/docbatch/redis/Pipelines.java")))
              .filter(file -> read(file).contains(".pipelined(") || read(file).contains(".multi("))
              .map(file -> main.relativize(file).toString())
              .toList();
    }

    assertEquals(List.of(), offenders);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
