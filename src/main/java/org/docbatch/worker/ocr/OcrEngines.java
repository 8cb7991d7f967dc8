package org.docbatch.worker.ocr;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.docbatch.digest.Sha256;
import org.docbatch.node.NodeLimits;
import org.docbatch.worker.ocr.engine.OcrEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node's Tesseract: where its language data is, and how pages reach it.
 *
 * <ul>
 *   <li>{@code OCR_ENGINE}: {@code bytedeco} (default), Tesseract 5.5.2 in the JAR, or {@code
 *       tess4j}, Tess4J over Debian's libtesseract 5.3, which takes a third to a half more CPU a
 *       page and needs {@code OMP_THREAD_LIMIT=1} ({@link OcrEngine}).
 *   <li>{@code OCR_ISOLATION}: {@code process} (default) runs Tesseract in supervised child
 *       processes, one per busy OCR worker, so that a native crash, a runaway page or a leak fails
 *       one document and not the node; {@code thread} runs it inside the server, which saves the
 *       children's memory but measured no faster, for trusted documents.
 *   <li>{@code TESSDATA_PATH}: the folder of {@code *.traineddata} files (Debian's by default).
 *   <li>{@code OCR_TIMEOUT}: seconds one page may take (default 60; an A4 page at 300 dpi takes 1-3
 *       CPU seconds here, more on noisy scans).
 *   <li>{@code OCR_MEMORY_LIMIT}: megabytes of resident memory one OCR child may use (default
 *       {@code MAX_MEMORY_PER_WORKER}, 1024); past it the child is killed and the document fails.
 *   <li>{@code OCR_FAULT_INJECTION}: honour the {@code inject_fault} job option (tests only).
 * </ul>
 */
@ApplicationScoped
public class OcrEngines {

  @Inject
  @ConfigProperty(name = "ocr.engine", defaultValue = "bytedeco")
  String engine;

  @Inject
  @ConfigProperty(name = "ocr.isolation", defaultValue = "process")
  String isolation;

  @Inject
  @ConfigProperty(name = "tessdata.path", defaultValue = "/usr/share/tesseract-ocr/5/tessdata")
  String tessdataPath;

  @Inject
  @ConfigProperty(name = "ocr.timeout", defaultValue = "60")
  int timeoutSeconds;

  /** {@code MAX_MEMORY_PER_WORKER}: a child's heap unless the OCR pool sets its own. */
  @Inject NodeLimits node;

  @Inject
  @ConfigProperty(name = "ocr.memory.limit")
  Optional<Long> memoryLimit;

  @Inject
  @ConfigProperty(name = "ocr.fault.injection", defaultValue = "false")
  boolean faultsEnabled;

  private static final Logger LOG = Logger.getLogger(OcrEngines.class.getName());

  /** The deployed WAR, which the OCR child's class path is copied out of. */
  private volatile ServletContext war;

  private Recognizer recognizer;

  @PostConstruct
  void check() {
    if (!OcrEngine.NAMES.contains(engine)) {
      throw new IllegalArgumentException(
          "OCR_ENGINE must be one of " + OcrEngine.NAMES + " (got " + engine + ")");
    }
    if (OcrEngine.TESS4J.equals(engine)
        && "thread".equals(isolation)
        && !"1".equals(System.getenv("OMP_THREAD_LIMIT"))) {
      LOG.warning(
          "DOCBATCH-0507 OCR_ENGINE=tess4j with OCR_ISOLATION=thread, but OMP_THREAD_LIMIT is not 1"
              + " in the server's environment: Debian's libtesseract will take about 6x longer a"
              + " page. Set OMP_THREAD_LIMIT=1 before the server starts (bin/run does).");
    }
    if (!Files.isReadable(tessdata().resolve("osd.traineddata"))) {
      LOG.warning(
          "DOCBATCH-1551 No osd.traineddata in "
              + tessdata()
              + ": pages are read as they come, and a page turned sideways or upside down is"
              + " misread. Install tesseract-ocr-osd (bin/run and the Dockerfile do).");
    }
    if (!List.of("process", "thread").contains(isolation)) {
      throw new IllegalArgumentException(
          "OCR_ISOLATION must be process or thread (got " + isolation + ")");
    }
  }

  /** CDI hands a web application its servlet context when the application starts. */
  void started(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    war = context;
  }

  public synchronized Recognizer recognizer() {
    if (recognizer == null) {
      if ("thread".equals(isolation)) {
        NativeLibrarySettings.apply(work());
        recognizer = new InThreadRecognizer(engine, tessdata(), faultsEnabled);
      } else {
        recognizer = childProcesses();
      }
    }
    return recognizer;
  }

  /**
   * The OCR children's folder, in the server's own temporary folder: several nodes on one machine
   * do not share it.
   */
  private static Path work() {
    return Path.of(
        System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")),
        "docbatch-ocr-child");
  }

  private Recognizer childProcesses() {
    if (war == null) {
      throw new IllegalStateException("OCR child processes start once the application has started");
    }
    Path work = work();
    try {
      List<Path> classpath = OcrChildClasspath.extract(war, work);
      List<String> command =
          OcrChildCommand.of(
              engine, classpath, tessdata(), memoryLimitMegabytes(), work, faultsEnabled);
      return new ChildProcessRecognizer(
          command,
          OcrChildCommand.environment(engine, System.getenv()),
          work.resolve("ocr-child.log"),
          memoryLimitMegabytes() << 20);
    } catch (IOException e) {
      throw new UncheckedIOException("the OCR child's class path could not be written", e);
    }
  }

  /**
   * The SHA-256 of {@code <model>.traineddata}, computed once per node (the files are megabytes);
   * {@code none} when it is not installed.
   */
  public String modelDigest(String model) {
    return modelDigests.computeIfAbsent(
        model,
        name -> {
          try {
            return Sha256.ofFile(tessdata().resolve(name + ".traineddata"));
          } catch (IOException e) {
            return "none";
          }
        });
  }

  private final Map<String, String> modelDigests = new ConcurrentHashMap<>();

  public Path tessdata() {
    return Path.of(tessdataPath);
  }

  /** The languages installed in {@code TESSDATA_PATH}, sorted; empty when it is missing. */
  public List<String> languages() {
    try (Stream<Path> files = Files.list(tessdata())) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".traineddata"))
          .map(name -> name.substring(0, name.length() - ".traineddata".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The OCR child processes alive now and their resident memory. */
  public ChildMemory childMemory() {
    Recognizer current;
    synchronized (this) {
      current = recognizer;
    }
    return current instanceof ChildProcessRecognizer children
        ? children.memory()
        : ChildMemory.NONE;
  }

  /** How many OCR child processes were killed or died since start (crash, timeout, memory). */
  public long restarts() {
    Recognizer current;
    synchronized (this) {
      current = recognizer;
    }
    return current instanceof ChildProcessRecognizer children ? children.lost() : 0;
  }

  /** Which Tesseract reads pages ({@code OCR_ENGINE}). */
  public String engine() {
    return engine;
  }

  public String isolation() {
    return isolation;
  }

  public int pageTimeoutMillis() {
    return Math.max(1, timeoutSeconds) * 1000;
  }

  public long memoryLimitMegabytes() {
    return memoryLimit.orElse(node.maxMemoryPerWorkerMb());
  }

  public boolean faultsEnabled() {
    return faultsEnabled;
  }

  @PreDestroy
  synchronized void close() {
    // The closed recognizer stays: a worker still asking for one is told the node is stopping,
    // rather than starting new children during shutdown.
    if (recognizer != null) {
      recognizer.close();
    }
  }
}
