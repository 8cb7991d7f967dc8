package org.docbatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileTest {

  @TempDir Path dir;

  @Test
  void linesAreAppendedToWhatTheFileAlreadyHolds() throws Exception {
    // given a file a previous run wrote, in a folder that does not exist yet for the first run
    Path path = dir.resolve("audit/audit.log");
    try (AuditFile first = new AuditFile(path, 1024, 2)) {
      first.append("{\"n\":1}");
    }
    // when the next run appends
    try (AuditFile second = new AuditFile(path, 1024, 2)) {
      second.append("{\"n\":2}");
    }
    // then both lines are there, in order
    assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), Files.readAllLines(path));
  }

  @Test
  void aFullFileRotatesAndOnlyTheNewestBackupsAreKept() throws Exception {
    // given a file that holds two 10-byte lines
    Path path = dir.resolve("audit.log");
    try (AuditFile file = new AuditFile(path, 20, 2)) {
      // when seven lines are written
      for (int i = 1; i <= 7; i++) {
        file.append("line-000" + i);
      }
      // then the newest line is in the file, the two before in .1, and so on; .3 never exists
      assertEquals(List.of("line-0007"), Files.readAllLines(path));
      assertEquals(List.of("line-0005", "line-0006"), Files.readAllLines(file.backup(1)));
      assertEquals(List.of("line-0003", "line-0004"), Files.readAllLines(file.backup(2)));
      assertFalse(Files.exists(file.backup(3)));
    }
  }

  @Test
  void aLineLargerThanTheLimitIsStillWrittenWhole() throws Exception {
    Path path = dir.resolve("audit.log");
    try (AuditFile file = new AuditFile(path, 8, 1)) {
      file.append("a-line-longer-than-eight-bytes");
      file.append("next");
      assertEquals(List.of("next"), Files.readAllLines(path));
      assertTrue(Files.readString(file.backup(1)).startsWith("a-line-longer"));
    }
  }

  @Test
  void withoutBackupsAFullFileStartsAgain() throws Exception {
    Path path = dir.resolve("audit.log");
    try (AuditFile file = new AuditFile(path, 12, 0)) {
      file.append("first-line");
      file.append("second-line");
      assertEquals(List.of("second-line"), Files.readAllLines(path));
      assertFalse(Files.exists(file.backup(1)));
    }
  }
}
