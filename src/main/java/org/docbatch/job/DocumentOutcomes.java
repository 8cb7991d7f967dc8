package org.docbatch.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.AbstractPipeline;

/**
 * Records documents' outcomes, once each. A worker thread that ends its partition with one round
 * trip (lease release and done message) holds its outcome back until then, so that the outcome
 * travels in that round trip too, ahead of the done message; any other caller records at once.
 */
@ApplicationScoped
public class DocumentOutcomes {

  /** An outcome held back, and whom to tell whether it was recorded. */
  private record Held(
      String jobId, int index, boolean succeeded, String json, Consumer<Boolean> recorded) {}

  private final ThreadLocal<List<Held>> held = new ThreadLocal<>();

  @Inject JobStore store;

  /**
   * Records document {@code index}'s outcome, unless it has one, then tells {@code recorded}
   * whether this call recorded it (now, or when this thread's held outcomes are sent).
   */
  public void record(
      String jobId, int index, boolean succeeded, String json, Consumer<Boolean> recorded) {
    List<Held> outcomes = held.get();
    if (outcomes != null) {
      outcomes.add(new Held(jobId, index, succeeded, json, recorded));
      return;
    }
    recorded.accept(store.recordResult(jobId, index, succeeded, json));
  }

  /** From now on this thread's outcomes wait for {@link #appendHeld} or {@link #releaseHeld}. */
  public void holdOnThisThread() {
    held.set(new ArrayList<>());
  }

  /**
   * Adds this thread's held outcomes to {@code pipeline} and stops holding them.
   *
   * @return what to run once the pipeline is synced: it tells each caller whether it recorded
   */
  public Runnable appendHeld(AbstractPipeline pipeline) {
    List<Held> outcomes = held.get();
    held.remove();
    if (outcomes == null || outcomes.isEmpty()) {
      return () -> {};
    }
    List<RedisScript.Queued> replies = new ArrayList<>(outcomes.size());
    for (Held outcome : outcomes) {
      replies.add(
          store.recordResult(
              pipeline, outcome.jobId(), outcome.index(), outcome.succeeded(), outcome.json()));
    }
    return () -> {
      for (int i = 0; i < outcomes.size(); i++) {
        outcomes.get(i).recorded().accept(Long.valueOf(1).equals(replies.get(i).get()));
      }
    };
  }

  /** Records what this thread still holds, at once, and stops holding. */
  public void releaseHeld() {
    List<Held> outcomes = held.get();
    held.remove();
    if (outcomes != null) {
      outcomes.forEach(
          o ->
              o.recorded()
                  .accept(store.recordResult(o.jobId(), o.index(), o.succeeded(), o.json())));
    }
  }
}
