package org.docbatch.worker.ocr;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.docbatch.json.Json;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.PdfLoader;
import org.docbatch.worker.document.PdfRasterizer;
import org.docbatch.worker.ocr.engine.OcrEngine;

/**
 * Measures (not a test) what one page of a scanned PDF costs docbatch's page reading, in CPU
 * seconds, so that the figures hold on a machine other work shares: each page of the PDF is read
 * through {@link PagePlans#readPage} (open the PDF, render the page with PDFBox, gray, speckle
 * check, the engine, in this thread) once with {@code auto_rotate} (the default, Tesseract's OSD
 * first) and once without, the order alternating page by page; and rendered alone once. Prints,
 * per page and in the mean, the calling thread's CPU seconds (the engine runs in it, so native time
 * counts), the page's {@code ocr_ms} and whether it was read twice or preprocessed, and appends a
 * summary line to the file named by the third argument. Run by {@code bench/page-cost.sh}.
 *
 * <pre>
 * java -cp CLASSPATH PageCost.java SCAN_PDF TESSDATA RESULTS_JSONL
 * </pre>
 */
public class PageCost {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    Path pdf = Path.of(args[0]);
    InThreadRecognizer engine = new InThreadRecognizer(OcrEngine.BYTEDECO, Path.of(args[1]), false);
    OcrOptions rotate = OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng"));
    OcrOptions upright =
        OcrOptions.from(Json.createObjectBuilder().add("auto_rotate", false).build(), List.of("eng"));
    int pages;
    try (PDDocument document = PdfLoader.open(pdf)) {
      pages = document.getNumberOfPages();
    }
    read(pdf, 1, rotate, engine); // warm-up: JIT, the engine's handles (OSD's too)
    read(pdf, 1, upright, engine);
    double render = 0;
    double[] cpu = new double[2];
    double[] ocrMillis = new double[2];
    int[] twice = new int[2];
    int[] cleaned = new int[2];
    for (int page = 1; page <= pages; page++) {
      render += renderCpu(pdf, page);
      for (int turn = 0; turn < 2; turn++) {
        int mode = (page + turn) % 2; // 0: auto_rotate, 1: without
        long before = THREADS.getCurrentThreadCpuTime();
        JsonObject read = read(pdf, page, mode == 0 ? rotate : upright, engine);
        double seconds = (THREADS.getCurrentThreadCpuTime() - before) / 1e9;
        cpu[mode] += seconds;
        ocrMillis[mode] += read.getJsonNumber("ocr_ms").longValue();
        twice[mode] += read.getBoolean("read_twice") ? 1 : 0;
        cleaned[mode] += read.getBoolean("preprocessed") ? 1 : 0;
        System.out.printf(
            Locale.ROOT,
            "page %d %s: CPU %.2f s, ocr_ms %d, orientation %s, read_twice %s, preprocessed %s%n",
            page,
            mode == 0 ? "auto_rotate" : "upright    ",
            seconds,
            read.getJsonNumber("ocr_ms").longValue(),
            read.containsKey("orientation") ? read.get("orientation") : "-",
            read.getBoolean("read_twice"),
            read.getBoolean("preprocessed"));
      }
    }
    engine.close();
    String summary =
        String.format(
            Locale.ROOT,
            "{\"benchmark\": \"page-cost\", \"date\": \"%s\", \"pdf\": \"%s\", \"pages\": %d,"
                + " \"load_average\": \"%s\", \"render_cpu_s_per_page\": %.3f,"
                + " \"auto_rotate\": {\"cpu_s_per_page\": %.3f, \"ocr_ms_mean\": %.0f,"
                + " \"read_twice\": %d, \"preprocessed\": %d},"
                + " \"auto_rotate_false\": {\"cpu_s_per_page\": %.3f, \"ocr_ms_mean\": %.0f,"
                + " \"read_twice\": %d, \"preprocessed\": %d}}",
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            pdf.getFileName(),
            pages,
            loadAverage(),
            render / pages,
            cpu[0] / pages,
            ocrMillis[0] / pages,
            twice[0],
            cleaned[0],
            cpu[1] / pages,
            ocrMillis[1] / pages,
            twice[1],
            cleaned[1]);
    System.out.println(summary);
    Files.writeString(
        Path.of(args[2]), summary + "\n", java.nio.file.StandardOpenOption.APPEND);
  }

  /** Page {@code page} read as a page partition reads it; its reading. */
  private static JsonObject read(Path pdf, int page, OcrOptions options, InThreadRecognizer engine)
      throws Exception {
    PageReader reader = new PageReader(engine, options, 600_000, "");
    return PagePlans.readPage(
        pdf, DocumentType.PDF, null, Optional.empty(), page, options, reader);
  }

  /** The calling thread's CPU seconds to open the PDF and render one page at 300 dpi. */
  private static double renderCpu(Path pdf, int page) throws Exception {
    long before = THREADS.getCurrentThreadCpuTime();
    try (PDDocument document = PdfLoader.open(pdf);
        PdfRasterizer.Page rendered =
            new PdfRasterizer(document, 300, OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng")).pixelLimit())
                .render(page - 1)) {
      rendered.image();
    }
    return (THREADS.getCurrentThreadCpuTime() - before) / 1e9;
  }

  private static String loadAverage() throws IOException {
    return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
  }
}
