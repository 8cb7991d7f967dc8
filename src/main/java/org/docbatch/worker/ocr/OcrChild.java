package org.docbatch.worker.ocr;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.OcrWire;
import org.docbatch.worker.ocr.engine.PageText;

/**
 * One OCR child process and its supervision: a page goes in, and its text comes back, or the child
 * is killed because it crashed, ran past the page's time or grew past its memory limit. A child
 * that was killed or died is not used again; the caller starts another.
 *
 * <p>Replies are read on a thread of the child's own, so that the worker waiting for a page can
 * watch the clock and the child's resident memory meanwhile.
 */
final class OcrChild {

  private static final Logger LOG = Logger.getLogger(OcrChild.class.getName());

  /** How often a waiting worker looks at the child's memory and the clock. */
  private static final long WATCH_MILLIS = 100;

  /** Tesseract stops itself at the page's deadline; this is how long we wait beyond it. */
  private static final long GRACE_MILLIS = 5_000;

  private static final Object DIED = new Object();

  private static final int TAIL_BYTES = 2048;

  private final Process process;
  private final Path log;
  private final DataOutputStream requests;
  private final BlockingQueue<Object> replies = new ArrayBlockingQueue<>(1);
  private volatile boolean usable = true;

  private OcrChild(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.requests =
        new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    Thread reader = new Thread(this::readReplies, "ocr-child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static OcrChild start(List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear(); // only what OcrChildCommand.environment kept
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = builder.start();
    LOG.fine(() -> "DOCBATCH-0501 OCR child " + process.pid() + " started, log " + log);
    return new OcrChild(process, log);
  }

  /** The child's resident memory now, 0 once it is gone. */
  long residentBytes() {
    return ResidentMemory.of(process.pid());
  }

  boolean usable() {
    return usable && process.isAlive();
  }

  /**
   * @param memoryLimitBytes the child's resident memory limit; past it the child is killed
   * @throws OcrEngineException the page's failure: Tesseract's own, {@code ocr_timeout}, {@code
   *     memory_limit_exceeded} or {@code ocr_engine_crashed}
   */
  PageText recognize(OcrRequest request, long memoryLimitBytes)
      throws OcrEngineException, InterruptedException {
    try {
      OcrWire.writeRequest(requests, request);
    } catch (IOException e) {
      throw crashed();
    }
    long deadline = System.currentTimeMillis() + request.timeoutMillis() + GRACE_MILLIS;
    try {
      while (true) {
        Object reply = replies.poll(WATCH_MILLIS, TimeUnit.MILLISECONDS);
        if (reply instanceof PageText text) {
          return text;
        }
        if (reply instanceof OcrEngineException failure) {
          throw failure;
        }
        if (reply == DIED) {
          throw crashed();
        }
        long resident = ResidentMemory.of(process.pid());
        if (resident > memoryLimitBytes) {
          kill();
          throw new OcrEngineException(
              "memory_limit_exceeded",
              "OCR of this document used "
                  + resident / (1 << 20)
                  + " MB, over the OCR worker's limit of "
                  + memoryLimitBytes / (1 << 20)
                  + " MB, and was stopped; lower the job option dpi, split the document, or raise"
                  + " OCR_MEMORY_LIMIT.");
        }
        if (System.currentTimeMillis() > deadline) {
          kill();
          throw new OcrEngineException(
              "ocr_timeout",
              "OCR of the page did not finish within its time limit of "
                  + request.timeoutMillis()
                  + " ms and was stopped; split the document, lower the job option dpi, or raise"
                  + " OCR_TIMEOUT.");
        }
      }
    } catch (InterruptedException e) {
      kill(); // the run was cancelled or timed out: the child may be mid-page, start afresh
      throw e;
    }
  }

  private OcrEngineException crashed() throws InterruptedException {
    usable = false;
    process.waitFor(2, TimeUnit.SECONDS);
    String how =
        process.isAlive()
            ? "stopped answering"
            : nativeCrash()
                .map(signal -> "died of a native crash, " + signal)
                .orElse("exited with code " + process.exitValue());
    LOG.warning(
        () ->
            "DOCBATCH-0502 OCR child "
                + process.pid()
                + " "
                + how
                + "; the end of its log ("
                + log
                + "):\n"
                + tail(log));
    return new OcrEngineException(
        "ocr_engine_crashed",
        "The OCR engine crashed on this document (the Tesseract process "
            + how
            + "); the file may be damaged in a way that trips a Tesseract bug. Re-scan or re-export"
            + " it (e.g. as PNG) and resubmit. The rest of the job was not affected.");
  }

  /** The last few KB of the children's log, which every child appends to for the node's life. */
  private static String tail(Path log) {
    try (SeekableByteChannel file = Files.newByteChannel(log)) {
      ByteBuffer end = ByteBuffer.allocate((int) Math.min(TAIL_BYTES, file.size()));
      file.position(file.size() - end.capacity());
      while (end.hasRemaining() && file.read(end) >= 0) {
        // until the buffer is full: the file only grows
      }
      return new String(end.array(), 0, end.position(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * The signal named in the report the child's JVM writes when native code crashes ({@link
   * OcrChildCommand}: {@code -XX:ErrorFile}).
   */
  private Optional<String> nativeCrash() {
    Path report = log.resolveSibling(OcrChildCommand.crashReportName(process.pid()));
    try (Stream<String> lines = Files.lines(report, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> line.startsWith("#  SIG"))
          .findFirst()
          .map(line -> line.substring(3).split(" at ")[0].strip());
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  void kill() {
    usable = false;
    process.destroyForcibly();
  }

  /** Closing standard input ends the child's loop; it exits on its own. */
  void close() {
    usable = false;
    try {
      requests.close();
    } catch (IOException ignored) {
      // Already gone: nothing to end.
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void readReplies() {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
      while (true) {
        try {
          replies.put(OcrWire.readReply(in));
        } catch (OcrEngineException failure) {
          replies.put(failure);
        }
      }
    } catch (IOException | InterruptedException e) {
      usable = false;
      replies.offer(DIED);
    }
  }
}
