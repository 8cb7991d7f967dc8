package org.docbatch.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.docbatch.redis.RedisScript;
import redis.clients.jedis.AbstractPipeline;

/**
 * Records documents' outcomes, once each. A worker thread whose partition ends with its lease
 * release holds its outcome back, so that the outcome is written with that release, ahead of the
 * done message, many partitions' at a time; any other caller records at once.
 */
@ApplicationScoped
public class DocumentOutcomes {

  /** An outcome held back, and whom to tell whether it was recorded. */
  public record Held(
      String jobId, int index, boolean succeeded, String json, Consumer<Boolean> recorded) {}

  private final ThreadLocal<List<Held>> held = new ThreadLocal<>();

  @Inject JobResults results;

  /**
   * Records document {@code index}'s outcome, unless it has one, then tells {@code recorded}
   * whether this call recorded it (now, or when this thread's held outcomes are written).
   */
  public void record(
      String jobId, int index, boolean succeeded, String json, Consumer<Boolean> recorded) {
    List<Held> outcomes = held.get();
    if (outcomes != null) {
      outcomes.add(new Held(jobId, index, succeeded, json, recorded));
      return;
    }
    recorded.accept(results.recordResult(jobId, index, succeeded, json));
  }

  /** From now on this thread's outcomes wait for {@link #takeHeld} or {@link #releaseHeld}. */
  public void holdOnThisThread() {
    held.set(new ArrayList<>());
  }

  /** What this thread held back, to be written with {@link #append}; it stops holding. */
  public List<Held> takeHeld() {
    List<Held> outcomes = held.get();
    held.remove();
    return outcomes == null ? List.of() : outcomes;
  }

  /**
   * Adds outcomes to {@code pipeline}, one script call per job.
   *
   * @return what to run once the pipeline is synced: it tells each caller whether it recorded
   */
  public Runnable append(AbstractPipeline pipeline, List<Held> outcomes) {
    if (outcomes.isEmpty()) {
      return () -> {};
    }
    Map<String, List<Held>> byJob = new LinkedHashMap<>();
    outcomes.forEach(o -> byJob.computeIfAbsent(o.jobId(), job -> new ArrayList<>()).add(o));
    List<Runnable> tellers = new ArrayList<>(byJob.size());
    byJob.forEach(
        (jobId, ofJob) -> {
          RedisScript.Queued reply =
              results.recordResults(
                  pipeline,
                  jobId,
                  ofJob.stream()
                      .map(o -> new JobResults.Result(o.index(), o.succeeded(), o.json()))
                      .toList());
          tellers.add(
              () -> {
                List<?> recorded = (List<?>) reply.get();
                for (int i = 0; i < ofJob.size(); i++) {
                  ofJob.get(i).recorded().accept(Long.valueOf(1).equals(recorded.get(i)));
                }
              });
        });
    return () -> tellers.forEach(Runnable::run);
  }

  /** Records what this thread still holds, at once, and stops holding. */
  public void releaseHeld() {
    takeHeld()
        .forEach(
            o ->
                o.recorded()
                    .accept(results.recordResult(o.jobId(), o.index(), o.succeeded(), o.json())));
  }
}
