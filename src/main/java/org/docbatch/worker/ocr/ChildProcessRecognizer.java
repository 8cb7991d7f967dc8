package org.docbatch.worker.ocr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.PageText;

/**
 * Tesseract in supervised child processes ({@code OCR_ISOLATION=process}, the default): each worker
 * thread borrows an idle child for a page, so there are never more children than OCR workers. A
 * native crash, a runaway page or a memory leak ends that child and fails that one document; the
 * next page starts a fresh child (JVM start and model load, well under a second).
 */
final class ChildProcessRecognizer implements Recognizer {

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final long memoryLimitBytes;
  private final BlockingDeque<OcrChild> idle = new LinkedBlockingDeque<>();
  private final Set<OcrChild> children = ConcurrentHashMap.newKeySet();
  private final AtomicLong lost = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param command the child's command line ({@link OcrChildCommand})
   * @param environment the child's whole environment ({@link OcrChildCommand#environment})
   * @param log the file the children's standard error is appended to
   * @param memoryLimitBytes a child's resident memory limit
   */
  ChildProcessRecognizer(
      List<String> command, Map<String, String> environment, Path log, long memoryLimitBytes) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.memoryLimitBytes = memoryLimitBytes;
  }

  @Override
  public PageText recognize(OcrRequest request) throws OcrEngineException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    OcrChild child = borrow();
    try {
      return child.recognize(request, memoryLimitBytes);
    } catch (OcrEngineException e) {
      if (closed) {
        // The node is stopping and took the child with it: not the document's fault, so the run
        // fails (and its partition runs again, here or on another node) instead of the document.
        throw new IllegalStateException("OCR stopped: this node is shutting down", e);
      }
      throw e;
    } finally {
      if (child.usable()) {
        idle.offerFirst(child);
      } else if (children.remove(child)) {
        lost.incrementAndGet();
      }
    }
  }

  /** How many children were killed or died (crash, time limit, memory limit, cancel). */
  long lost() {
    return lost.get();
  }

  /** How many children wait for a page. */
  int idle() {
    return idle.size();
  }

  /** The children running now and their resident memory, read from /proc. */
  ChildMemory memory() {
    int count = 0;
    long total = 0;
    long largest = 0;
    for (OcrChild child : children) {
      long resident = child.residentBytes();
      if (resident > 0) {
        count++;
        total += resident;
        largest = Math.max(largest, resident);
      }
    }
    return new ChildMemory(count, total, largest);
  }

  /** How many children are running now. */
  int children() {
    return children.size();
  }

  private OcrChild borrow() {
    if (closed) {
      throw new IllegalStateException("OCR stopped: this node is shutting down");
    }
    OcrChild child;
    while ((child = idle.pollFirst()) != null) {
      if (child.usable()) {
        return child;
      }
      if (children.remove(child)) {
        lost.incrementAndGet();
      }
    }
    try {
      child = OcrChild.start(command, environment, log);
    } catch (IOException e) {
      // Not the document's fault: the run is retried, and dead-lettered if this persists.
      throw new UncheckedIOException("the OCR child process could not be started", e);
    }
    children.add(child);
    return child;
  }

  @Override
  public void close() {
    closed = true;
    idle.clear();
    children.forEach(OcrChild::close);
    children.clear();
  }
}
