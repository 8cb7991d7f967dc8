import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Measures (not a test) what one page of OCR costs an engine inside a JVM, in CPU seconds of the
 * whole process (user + system, from /proc/self/stat: robust to other programs sharing the
 * machine, and counting any helper threads the engine starts), and writes what it read, to compare
 * engines at equal accuracy. One engine per run, one thread, one handle initialised once, a
 * warm-up page first (not counted), each page handed over as docbatch does: 8-bit gray pixels.
 *
 * <pre>
 * java -cp CLASSPATH bench/ocr/EngineCost.java tess4j|bytedeco TESSDATA PSM PAGES_DIR OUT_DIR
 * java bench/ocr/EngineCost.java cer PAGES_DIR OUT_DIR     # character error rate against page-NNN.txt
 * </pre>
 *
 * tess4j is Tess4J's JNA mapping over the system's libtesseract (Debian: 5.3.0), docbatch's {@code
 * OCR_ENGINE=tess4j}; bytedeco is org.bytedeco:tesseract (5.5.2, its own natives), its default. Both
 * engines' jars must be on the class path (the source is compiled whole); docbatch's own class path
 * has them: {@code mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt}. Set
 * OMP_THREAD_LIMIT=1 for tess4j (Debian's build uses OpenMP). Measured figures: docs/benchmarks.md.
 */
public class EngineCost {

  interface Engine {
    String read(byte[] gray, int width, int height, int dpi, int psm);
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("cer")) {
      cer(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    Path tessdata = Path.of(args[1]);
    int psm = Integer.parseInt(args[2]);
    Path pages = Path.of(args[3]);
    Path out = Files.createDirectories(Path.of(args[4]));
    Engine engine =
        switch (args[0]) {
          case "tess4j" -> Tess4jEngine.create(tessdata);
          case "bytedeco" -> BytedecoEngine.create(tessdata);
          default -> throw new IllegalArgumentException(args[0]);
        };
    List<Path> files;
    try (Stream<Path> list = Files.list(pages)) {
      files = list.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    read(engine, files.get(0), psm); // warm-up: JIT, first-use allocations in libtesseract
    List<Double> cpu = new ArrayList<>();
    double decodeCpu = 0;
    double threadCpu = 0;
    double wall = 0;
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (Path file : files) {
      double before = processCpuSeconds();
      BufferedImage image = ImageIO.read(file.toFile());
      byte[] gray = grayPixels(image);
      double decoded = processCpuSeconds();
      long threadBefore = threads.getCurrentThreadCpuTime();
      long wallBefore = System.nanoTime();
      String text = engine.read(gray, image.getWidth(), image.getHeight(), 300, psm);
      wall += (System.nanoTime() - wallBefore) / 1e9;
      threadCpu += (threads.getCurrentThreadCpuTime() - threadBefore) / 1e9;
      double after = processCpuSeconds();
      decodeCpu += decoded - before;
      cpu.add(after - decoded);
      Files.writeString(
          out.resolve(file.getFileName().toString().replace(".png", ".txt")), text);
    }
    double total = cpu.stream().mapToDouble(Double::doubleValue).sum();
    List<Double> sorted = cpu.stream().sorted().toList();
    System.out.printf(
        "%s psm %d: %d pages, OCR CPU s/page mean %.3f median %.3f min %.3f max %.3f;"
            + " calling thread's CPU s/page %.3f; wall s/page %.3f; PNG decode + gray CPU s/page"
            + " %.3f%n",
        args[0],
        psm,
        cpu.size(),
        total / cpu.size(),
        sorted.get(sorted.size() / 2),
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        threadCpu / cpu.size(),
        wall / cpu.size(),
        decodeCpu / cpu.size());
  }

  private static String read(Engine engine, Path file, int psm) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    return engine.read(grayPixels(image), image.getWidth(), image.getHeight(), 300, psm);
  }

  private static byte[] grayPixels(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      BufferedImage gray =
          new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
      gray.getGraphics().drawImage(image, 0, 0, null);
      image = gray;
    }
    return (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
  }

  /** utime + stime of this process, fields 14 and 15 of /proc/self/stat, in clock ticks (100/s). */
  static double processCpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** Tess4J 5.14's JNA interface mapping over the system's libtesseract, as docbatch uses it. */
  static final class Tess4jEngine {
    static Engine create(Path tessdata) {
      net.sourceforge.tess4j.TessAPI api =
          com.sun.jna.Native.load(
              "tesseract",
              net.sourceforge.tess4j.TessAPI.class,
              Map.of(com.sun.jna.Library.OPTION_STRING_ENCODING, "UTF-8"));
      net.sourceforge.tess4j.ITessAPI.TessBaseAPI handle = api.TessBaseAPICreate();
      if (api.TessBaseAPIInit3(handle, tessdata.toString(), "eng") != 0) {
        throw new IllegalStateException("init failed");
      }
      return (gray, width, height, dpi, psm) -> {
        ByteBuffer pixels = ByteBuffer.allocateDirect(gray.length);
        pixels.put(gray).flip();
        api.TessBaseAPISetPageSegMode(handle, psm);
        api.TessBaseAPISetImage(handle, pixels, width, height, 1, width);
        api.TessBaseAPISetSourceResolution(handle, dpi);
        if (api.TessBaseAPIRecognize(handle, null) != 0) {
          throw new IllegalStateException("recognize failed");
        }
        com.sun.jna.Pointer text = api.TessBaseAPIGetUTF8Text(handle);
        String result = text.getString(0, "UTF-8");
        api.TessDeleteText(text);
        api.TessBaseAPIClear(handle);
        return result;
      };
    }
  }

  /** org.bytedeco:tesseract's JavaCPP mapping over the libtesseract 5.5.2 it carries. */
  static final class BytedecoEngine {
    static Engine create(Path tessdata) {
      org.bytedeco.tesseract.TessBaseAPI handle = new org.bytedeco.tesseract.TessBaseAPI();
      if (handle.Init(tessdata.toString(), "eng") != 0) {
        throw new IllegalStateException("init failed");
      }
      return (gray, width, height, dpi, psm) -> {
        handle.SetPageSegMode(psm);
        handle.SetImage(gray, width, height, 1, width);
        handle.SetSourceResolution(dpi);
        if (handle.Recognize(null) != 0) {
          throw new IllegalStateException("recognize failed");
        }
        org.bytedeco.javacpp.BytePointer text = handle.GetUTF8Text();
        String result = text.getString(StandardCharsets.UTF_8);
        text.deallocate();
        handle.Clear();
        return result;
      };
    }
  }

  /** Character error rate: edit distance over the truth's length, whitespace runs as one space. */
  static void cer(Path truth, Path read) throws IOException {
    long errors = 0;
    long length = 0;
    try (Stream<Path> list = Files.list(truth)) {
      for (Path file : list.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        Path got = read.resolve(file.getFileName());
        if (!Files.exists(got)) {
          continue;
        }
        String want = normal(Files.readString(file));
        errors += distance(want, normal(Files.readString(got)));
        length += want.length();
      }
    }
    System.out.printf("%s: CER %.4f (%d edits over %d characters)%n", read, (double) errors / length, errors, length);
  }

  private static String normal(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
