package org.docbatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit log does when its file cannot be written, and once it can again. */
class AuditLogTest {

  @TempDir Path dir;
  private final List<String> messages = new ArrayList<>();
  private final Logger logger = Logger.getLogger(AuditLog.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          messages.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void lostLinesAreReportedOnceAndCountedWhenTheFileWorksAgain() throws Exception {
    // given an audit file whose folder is, for now, a plain file
    Path folder = dir.resolve("audit");
    Files.writeString(folder, "not a folder");
    AuditLog log = new AuditLog();
    log.fileName = folder.resolve("audit.log").toString();
    log.maxSizeMb = 1;
    log.backups = 1;

    // when three requests are answered, then the folder is fixed and a fourth is
    log.record(entry("/jobs/1"));
    log.record(entry("/jobs/2"));
    log.record(entry("/jobs/3"));
    Files.delete(folder);
    log.record(entry("/jobs/4"));
    log.close();

    // then the loss was reported once, its end with the count, and the fourth line is written
    assertEquals(2, messages.size(), messages.toString());
    assertTrue(messages.get(0).startsWith("DOCBATCH-1211 "), messages.get(0));
    assertTrue(messages.get(1).startsWith("DOCBATCH-1212 "), messages.get(1));
    assertTrue(messages.get(1).contains(" 3 lines were lost"), messages.get(1));
    List<String> lines = Files.readAllLines(folder.resolve("audit.log"));
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).contains("\"path\":\"/jobs/4\""), lines.get(0));
  }

  private static AuditEntry entry(String path) {
    return new AuditEntry(
        Instant.now(),
        "node-a",
        "alice",
        "submitter",
        "api_key",
        "api_key",
        "127.0.0.1",
        "GET",
        path,
        "job.read",
        null,
        null,
        List.of(),
        200,
        null,
        null,
        1);
  }
}
