package org.docbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskIdTest {

  private static final String JOB = "265b58d4-4985-44b3-bc85-9712a7aca4a2";

  @Test
  void aDocumentsAndAPagesIdsReadBackAsTheyAreWritten() {
    TaskId document = TaskId.parse(JOB + ":3").orElseThrow();
    TaskId page = TaskId.parse(JOB + ":3:12").orElseThrow();

    assertEquals(new TaskId(JOB, 3, null), document);
    assertEquals(new TaskId(JOB, 3, 12), page);
    assertEquals(JOB + ":3", document.toString());
    assertEquals(JOB + ":3:12", page.toString());
    assertEquals("3:12", page.field());
  }

  @Test
  void anythingElseIsNoTask() {
    for (String text :
        new String[] {
          JOB, JOB + ":", JOB + ":-1", JOB + ":1:0", JOB + ":x", ":1", JOB + ":1:2:3"
        }) {
      assertEquals(Optional.empty(), TaskId.parse(text), text);
    }
    assertTrue(TaskId.parse(JOB + ":1:1").isPresent());
  }
}
