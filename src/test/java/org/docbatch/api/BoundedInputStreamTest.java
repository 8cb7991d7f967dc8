package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

  /** Stands for the Problem the filter passes (a Problem needs a JAX-RS runtime to exist). */
  private static final IllegalStateException TOO_LARGE =
      new IllegalStateException("request_too_large");

  @Test
  void aBodyUpToTheLimitReadsWhole() throws Exception {
    byte[] body = new byte[100];
    try (InputStream in =
        new BoundedInputStream(new ByteArrayInputStream(body), 100, () -> TOO_LARGE)) {
      assertArrayEquals(body, in.readAllBytes());
    }
  }

  @Test
  void oneByteOverTheLimitThrowsTheProblem() throws Exception {
    try (InputStream in =
        new BoundedInputStream(new ByteArrayInputStream(new byte[101]), 100, () -> TOO_LARGE)) {
      IllegalStateException problem = assertThrows(IllegalStateException.class, in::readAllBytes);
      assertEquals("request_too_large", problem.getMessage());
    }
  }

  @Test
  void singleByteReadsAreCountedToo() throws Exception {
    try (InputStream in =
        new BoundedInputStream(new ByteArrayInputStream(new byte[3]), 2, () -> TOO_LARGE)) {
      in.read();
      in.read();
      assertThrows(IllegalStateException.class, in::read);
    }
  }
}
