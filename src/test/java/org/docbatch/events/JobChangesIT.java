package org.docbatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.stream.IntStream;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStatus;
import org.docbatch.store.JobStore;
import org.docbatch.store.JobStores;
import org.docbatch.store.JobSubmission;
import org.docbatch.store.JobType;
import org.docbatch.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * What the dashboard's feed sends, against a real Redis: each change of a job once, its final
 * record when it finishes, and a job that began and ended between two looks.
 */
@ExtendWith(TestRedis.class)
class JobChangesIT {

  private JobStore store;
  private JobResults results;
  private JobChanges changes;

  @BeforeEach
  void setUp(RedisClient redis) {
    redis.flushAll();
    store = JobStores.over(redis, "test:");
    changes = new JobChanges();
    changes.store = store;
    changes.jobIndex = JobStores.indexOf(store);
    results = JobStores.resultsOf(store);
  }

  @Test
  void eachChangeOfAJobIsSentOnceAndItsEndToo() {
    JobRecord job = store.create(submission(2), "node-a@1");

    assertEquals(List.of(job.id()), ids(changes.read()), "a first look sends the active jobs");
    assertEquals(1, changes.activeJobs());
    assertEquals(List.of(), changes.read(), "nothing changed");

    results.recordResult(job.id(), 0, true, "{}");
    List<JobRecord> progressed = changes.read();
    assertEquals(1, progressed.get(0).completedTasks());
    assertEquals(List.of(), changes.read());

    results.recordResult(job.id(), 1, true, "{}");
    store.finish(job.id(), 1, false, null);
    List<JobRecord> finished = changes.read();
    assertEquals(JobStatus.COMPLETED, finished.get(0).status(), "its last record, out of the set");
    assertEquals(0, changes.activeJobs());
    assertEquals(List.of(), changes.read(), "a finished job is not read again");
  }

  @Test
  void aJobThatStartedAndEndedBetweenTwoLooksIsSent() {
    changes.read();
    JobRecord quick = store.create(submission(1), "node-b@1");
    results.recordResult(quick.id(), 0, true, "{}");
    store.finish(quick.id(), 1, false, null);

    List<JobRecord> seen = changes.read();

    assertEquals(List.of(quick.id()), ids(seen));
    assertEquals(JobStatus.COMPLETED, seen.get(0).status());
  }

  @Test
  void withNobodyListeningItForgetsAndStartsAgainFromTheWholePicture() {
    JobRecord job = store.create(submission(1), "node-a@1");
    changes.read();

    changes.forget();

    assertEquals(List.of(job.id()), ids(changes.read()));
  }

  private static List<String> ids(List<JobRecord> jobs) {
    return jobs.stream().map(JobRecord::id).toList();
  }

  private static JobSubmission submission(int documents) {
    List<String> names = IntStream.range(0, documents).mapToObj(i -> "d" + i + ".txt").toList();
    return new JobSubmission(JobType.VALIDATION, names, JsonValue.EMPTY_JSON_OBJECT, 0);
  }
}
