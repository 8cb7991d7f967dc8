package org.docbatch.wildfly;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jberet.repository.InMemoryRepository;
import org.jberet.repository.JobRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluggableJobRepositoryTest {

  private final PluggableJobRepository server = PluggableJobRepository.server();
  private final JobRepository application = new InMemoryRepository();

  @AfterEach
  void unplug() {
    server.unplug(application);
    server.waitTimeout(Duration.ofSeconds(60));
  }

  @Test
  void aCallBeforeTheApplicationPlugsInWaitsForItsRepository() throws Exception {
    server.waitTimeout(Duration.ofSeconds(10));
    CompletableFuture<Integer> early = new CompletableFuture<>();
    Thread caller = new Thread(() -> early.complete(server.getJobInstanceCount("noop")));
    caller.start();

    // the call waits on the repository's lock, with its timeout, until something is plugged in
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> caller.getState() == Thread.State.TIMED_WAITING);
    server.plug(application);

    assertEquals(0, early.get(5, TimeUnit.SECONDS));
    assertSame(application, server.plugged());
  }

  @Test
  void aCallFailsClearlyWhenNothingIsPluggedInWithinTheTimeout() {
    server.waitTimeout(Duration.ofMillis(300));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> server.getJobInstanceCount("noop"));

    assertTrue(e.getMessage().startsWith("DOCBATCH-1841"), e.getMessage());
  }

  @Test
  void unpluggingAnotherRepositoryKeepsThePluggedOne() {
    server.plug(application);

    server.unplug(new InMemoryRepository());

    assertSame(application, server.plugged());
  }

  @Test
  void theSubsystemFindsNoJobNamesToStopAsTheServerSuspends() {
    server.plug(application);

    assertTrue(server.getJobNames().isEmpty());
    assertTrue(server.jobExists("a-job-type-that-never-ran"));
  }
}
