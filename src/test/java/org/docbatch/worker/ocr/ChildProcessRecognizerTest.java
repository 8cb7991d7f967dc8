package org.docbatch.worker.ocr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.worker.ocr.engine.Faults;
import org.docbatch.worker.ocr.engine.GrayPage;
import org.docbatch.worker.ocr.engine.OcrEngine;
import org.docbatch.worker.ocr.engine.OcrEngineException;
import org.docbatch.worker.ocr.engine.OcrRequest;
import org.docbatch.worker.ocr.engine.PageText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Tesseract in real child processes, and faults injected into them. */
class ChildProcessRecognizerTest {

  private static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

  @TempDir Path work;
  private ChildProcessRecognizer recognizer;

  @AfterEach
  void close() {
    if (recognizer != null) {
      recognizer.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {OcrEngine.BYTEDECO, OcrEngine.TESS4J})
  void reads_a_page_in_a_child_process(String engine) throws Exception {
    recognizer = recognizer(engine, 1024);

    PageText read = recognizer.recognize(request(0, ""));

    assertCer(0, read.text(), 0.02);
    assertTrue(read.confidence() > 80, "confidence " + read.confidence());
    assertEquals(1, recognizer.children());
  }

  /**
   * Orientation detection runs in the child too, for both engines, and comes back over the pipe.
   */
  @ParameterizedTest
  @ValueSource(strings = {OcrEngine.BYTEDECO, OcrEngine.TESS4J})
  void a_page_upside_down_is_read_upright_in_the_child(String engine) throws Exception {
    recognizer = recognizer(engine, 1024);
    BufferedImage turned = OcrDocuments.turned(OcrDocuments.page(2, 0, 0), 180);
    byte[] pixels =
        (byte[])
            turned.getRaster().getDataElements(0, 0, turned.getWidth(), turned.getHeight(), null);

    PageText read =
        recognizer.recognize(
            new OcrRequest(
                "eng",
                3,
                false,
                30_000,
                "",
                new GrayPage(turned.getWidth(), turned.getHeight(), OcrDocuments.DPI, pixels),
                true,
                60));

    assertEquals(180, read.orientation().degrees(), read.toString());
    assertTrue(read.orientation().rotated());
    assertCer(2, read.text(), 0.02);
  }

  /** Tess4jOcrIT checks a live child's environment (this JVM's own has the variable already). */
  @Test
  void only_debians_tesseract_gets_a_single_openmp_thread() {
    assertEquals(
        Map.of("OMP_THREAD_LIMIT", "1"), OcrChildCommand.environment(OcrEngine.TESS4J, Map.of()));
    assertEquals(Map.of(), OcrChildCommand.environment(OcrEngine.BYTEDECO, Map.of()));
  }

  /** Issue 22: OCR child processes inherited every secret of the server's environment. */
  @Test
  void ocr_children_inherit_no_secret_of_the_servers_environment() {
    Map<String, String> server =
        Map.of(
            "PATH", "/usr/bin:/bin",
            "LANG", "C.UTF-8",
            "LC_ALL", "C.UTF-8",
            "JAVA_HOME", "/usr/lib/jvm/java-17",
            "REDIS_URL", "redis://:hunter2@redis:6379",
            "AUTH_JWT_SECRET", "0123456789abcdef0123456789abcdef",
            "API_KEYS", "admin:secret",
            "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI");

    Map<String, String> child = OcrChildCommand.environment(OcrEngine.BYTEDECO, server);

    assertEquals(
        Map.of(
            "PATH", "/usr/bin:/bin",
            "LANG", "C.UTF-8",
            "LC_ALL", "C.UTF-8",
            "JAVA_HOME", "/usr/lib/jvm/java-17"),
        child);
  }

  /** The live child's environment is the one computed: ProcessBuilder's copy is cleared first. */
  @Test
  void a_live_ocr_child_has_only_the_environment_it_was_given() throws Exception {
    recognizer =
        new ChildProcessRecognizer(
            OcrChildCommand.of(OcrEngine.BYTEDECO, classpath(), TESSDATA, 1024, work, true),
            Map.of("DOCBATCH_CHILD_MARK", "1"),
            work.resolve("ocr-child.log"),
            1024L << 20);
    recognizer.recognize(request(0, ""));

    List<String> environments = new java.util.ArrayList<>();
    ProcessHandle.current()
        .descendants()
        .forEach(
            child -> {
              try {
                environments.add(
                    java.nio.file.Files.readString(Path.of("/proc/" + child.pid() + "/environ"))
                        .replace('\0', '\n'));
              } catch (java.io.IOException e) {
                // it ended meanwhile
              }
            });
    String mine =
        environments.stream()
            .filter(e -> e.contains("DOCBATCH_CHILD_MARK=1"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no OCR child found: " + environments));
    assertEquals("DOCBATCH_CHILD_MARK=1\n", mine);
  }

  @Test
  void a_native_crash_fails_that_page_and_the_next_page_gets_a_new_child() throws Exception {
    recognizer = recognizer(1024);

    OcrEngineException crash =
        assertThrows(
            OcrEngineException.class, () -> recognizer.recognize(request(0, Faults.NATIVE_CRASH)));
    PageText next = recognizer.recognize(request(1, ""));

    assertEquals("ocr_engine_crashed", crash.code());
    assertTrue(crash.getMessage().contains("native crash, SIGSEGV"), crash.getMessage());
    assertCer(1, next.text(), 0.02);
  }

  @Test
  void a_child_over_its_memory_limit_is_stopped() throws Exception {
    recognizer = recognizer(400);

    OcrEngineException hog =
        assertThrows(
            OcrEngineException.class,
            () -> recognizer.recognize(request(0, Faults.NATIVE_MEMORY_HOG)));

    assertEquals("memory_limit_exceeded", hog.code());
    assertTrue(hog.getMessage().contains("limit of 400 MB"), hog.getMessage());
    assertEquals(0, recognizer.children());
  }

  @Test
  void a_page_being_read_when_the_node_stops_fails_the_run_not_the_document() throws Exception {
    recognizer = recognizer(1024);
    recognizer.recognize(request(0, ""));
    OcrRequest longPage = longPage();

    CompletableFuture<PageText> reading =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return recognizer.recognize(longPage);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> recognizer.idle() == 0);
    recognizer.close();

    ExecutionException stopped = assertThrows(ExecutionException.class, reading::get);
    assertEquals(IllegalStateException.class, stopped.getCause().getClass(), stopped.toString());
    assertThrows(IllegalStateException.class, () -> recognizer.recognize(request(1, "")));
  }

  /** A page stacked 24 times into one: longer to read than close() waits for a child to finish. */
  private static OcrRequest longPage() {
    BufferedImage page = OcrDocuments.page(0, 0, 0);
    int copies = 24;
    byte[] one =
        (byte[]) page.getRaster().getDataElements(0, 0, page.getWidth(), page.getHeight(), null);
    byte[] pixels = new byte[one.length * copies];
    for (int i = 0; i < copies; i++) {
      System.arraycopy(one, 0, pixels, i * one.length, one.length);
    }
    return new OcrRequest(
        "eng",
        3,
        false,
        60_000,
        "",
        new GrayPage(page.getWidth(), page.getHeight() * copies, OcrDocuments.DPI, pixels));
  }

  private ChildProcessRecognizer recognizer(long memoryLimitMegabytes) {
    return recognizer(OcrEngine.BYTEDECO, memoryLimitMegabytes);
  }

  private static List<Path> classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .toList();
  }

  private ChildProcessRecognizer recognizer(String engine, long memoryLimitMegabytes) {
    return new ChildProcessRecognizer(
        OcrChildCommand.of(engine, classpath(), TESSDATA, memoryLimitMegabytes, work, true),
        OcrChildCommand.environment(engine, System.getenv()),
        work.resolve("ocr-child.log"),
        memoryLimitMegabytes << 20);
  }

  static OcrRequest request(int page, String fault) {
    BufferedImage image = OcrDocuments.page(page, 0, 0);
    byte[] pixels =
        (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
    return new OcrRequest(
        "eng",
        3,
        false,
        30_000,
        fault,
        new GrayPage(image.getWidth(), image.getHeight(), OcrDocuments.DPI, pixels));
  }

  static void assertCer(int page, String read, double limit) {
    double cer = OcrDocuments.characterErrorRate(OcrDocuments.text(page), read);
    assertTrue(cer < limit, "character error rate " + cer + " reading: " + read);
  }
}
