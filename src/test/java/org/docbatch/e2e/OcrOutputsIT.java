package org.docbatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.testing.ApiClient;
import org.docbatch.testing.DocbatchServer;
import org.docbatch.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Output formats from one reading: a scanned multi-page PDF (read a page per partition) and a PNG
 * come back as a searchable PDF, hOCR, ALTO, TSV and text, checked with the tools people use on
 * them: pdftotext, pdfimages and qpdf (poppler-utils, qpdf) and an XML parser.
 */
class OcrOutputsIT {

  private static final int PAGES = 3;

  private Path work;
  private Path documents;
  private RedisServer redis;
  private Map<String, String> env;

  @BeforeEach
  void startRedis() throws Exception {
    work =
        Path.of(System.getProperty("docbatch.test-work", "target/it-work"))
            .toAbsolutePath()
            .resolve("ocr-outputs");
    documents = Files.createDirectories(work.resolve("documents"));
    redis = RedisServer.start(work.resolve("redis"));
    env = new HashMap<>();
    env.put("REDIS_URL", redis.url());
    env.put("DOCUMENT_ROOT", documents.toString());
    env.put("OUTPUT_ROOT", work.resolve("output").toString());
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void aScanAndAnImageComeBackAsSearchablePdfHocrAltoTsvAndText() throws Exception {
    Path scan = OcrDocuments.scannedPdf(documents.resolve("scan.pdf"), PAGES);
    Path png = OcrDocuments.cleanPng(documents);
    Path upsideDown = OcrDocuments.upsideDownPng(documents);
    Path tiff = OcrDocuments.multiPageTiff(documents);
    Path jpeg = OcrDocuments.jpeg(documents);
    Path mixed = mixedPdf(documents.resolve("mixed.pdf"));
    try (DocbatchServer node = DocbatchServer.start(work.resolve("node"), env)) {
      ApiClient api = new ApiClient(node::api);

      var refused =
          api.post(
              "/jobs",
              "{\"job_type\": \"ocr\", \"documents\": [\"scan.pdf\"],"
                  + " \"options\": {\"outputs\": [\"pdf\", \"docx\"]}}");
      assertEquals(400, refused.status(), refused.body());
      assertTrue(refused.body().contains("docx"), refused.body());

      var submitted =
          api.post(
              "/jobs",
              "{\"job_type\": \"ocr\", \"documents\": [\"scan.pdf\", \""
                  + png.getFileName()
                  + "\", \""
                  + upsideDown.getFileName()
                  + "\", \""
                  + tiff.getFileName()
                  + "\", \""
                  + jpeg.getFileName()
                  + "\", \""
                  + mixed.getFileName()
                  + "\"], \"options\": {\"outputs\": [\"pdf\", \"hocr\", \"alto\", \"text\","
                  + " \"tsv\"]}}");
      assertEquals(202, submitted.status(), submitted.body());
      String id = submitted.json().getString("job_id");
      api.awaitFinished(id, Duration.ofMinutes(3));
      var results = api.get("/jobs/" + id + "/results").json().getJsonArray("results");

      // The scan: read a page per partition, its outputs made where the pages were put together.
      JsonObject read = completed(results.getJsonObject(0));
      assertTrue(read.getBoolean("paged", false), read.toString());
      assertEquals(
          Map.of(
              "pdf", "scan.pdf",
              "hocr", "scan.hocr",
              "alto", "scan.alto.xml",
              "text", "scan.txt",
              "tsv", "scan.tsv"),
          names(read.getJsonObject("outputs")));
      Path out = work.resolve("output").resolve(id).resolve("0");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < PAGES; i++) {
        expected.add(OcrDocuments.text(i % 3));
      }
      String expectedText = String.join("\n", expected);

      Path pdf = out.resolve("scan.pdf");
      assertCer(expectedText, run("pdftotext", pdf.toString(), "-"), 0.02);
      assertEquals(imageSizes(scan), imageSizes(pdf), "the pages' images as they were");
      assertEquals(PAGES, imageSizes(pdf).size());
      run("qpdf", "--check", pdf.toString());
      // The invisible text of "Invoice" lies where it was drawn: x = 100 px, baseline 110 px at
      // 300 dpi, so from 24 pt, with its top near 18 pt (PDF points from the top of the page).
      double[] invoice =
          wordBox(run("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf.toString(), "-"), "Invoice");
      assertTrue(Math.abs(invoice[0] - 24) < 3, "xMin " + invoice[0]);
      assertTrue(invoice[1] > 12 && invoice[1] < 24, "yMin " + invoice[1]);
      assertTrue(invoice[3] > 24 && invoice[3] < 32, "yMax " + invoice[3]);

      assertCer(expectedText, Files.readString(out.resolve("scan.txt")), 0.02);

      Document hocr = parse(out.resolve("scan.hocr"));
      List<Element> hocrPages = byClass(hocr, "div", "ocr_page");
      assertEquals(PAGES, hocrPages.size());
      for (Element page : hocrPages) {
        int[] pageBox = bbox(page.getAttribute("title"));
        // The page as rendered at 300 dpi: 1900 x 520 pixels, give or take PDFBox's rounding.
        assertEquals(List.of(0, 0, 520), List.of(pageBox[0], pageBox[1], pageBox[3]));
        assertTrue(Math.abs(pageBox[2] - 1900) <= 1, page.getAttribute("title"));
        List<Element> words = byClass(page, "span", "ocrx_word");
        assertTrue(words.size() > 30, "words on the page: " + words.size());
        for (Element word : words) {
          int[] box = bbox(word.getAttribute("title"));
          assertTrue(
              box[0] >= 0 && box[1] >= 0 && box[2] <= pageBox[2] && box[3] <= pageBox[3],
              word.getAttribute("title"));
          assertTrue(word.getAttribute("title").contains("x_wconf"), word.getAttribute("title"));
        }
      }
      Element first = byClass(hocrPages.get(0), "span", "ocrx_word").get(0);
      assertEquals("Invoice", first.getTextContent());
      int[] box = bbox(first.getAttribute("title"));
      assertTrue(
          Math.abs(box[0] - 100) < 10 && box[1] > 60 && box[1] < 100, first.getAttribute("title"));
      assertTrue(box[3] > 100 && box[3] < 135, first.getAttribute("title"));

      Document alto = parse(out.resolve("scan.alto.xml"));
      assertEquals(PAGES, alto.getElementsByTagNameNS("*", "Page").getLength());
      NodeList strings = alto.getElementsByTagNameNS("*", "String");
      assertTrue(strings.getLength() > 90, "ALTO words: " + strings.getLength());
      Element altoFirst = (Element) strings.item(0);
      assertEquals("Invoice", altoFirst.getAttribute("CONTENT"));
      assertTrue(
          Math.abs(Integer.parseInt(altoFirst.getAttribute("HPOS")) - 100) < 10,
          altoFirst.getAttribute("HPOS"));
      List<String> altoWords = new ArrayList<>();
      for (int i = 0; i < strings.getLength(); i++) {
        altoWords.add(((Element) strings.item(i)).getAttribute("CONTENT"));
      }
      assertCer(expectedText, String.join(" ", altoWords), 0.02);

      List<String> tsv = Files.readAllLines(out.resolve("scan.tsv"));
      assertTrue(tsv.get(0).startsWith("level\tpage_num"), tsv.get(0));
      assertTrue(tsv.stream().anyMatch(row -> row.startsWith("5\t3\t") && row.endsWith("\tDear")));
      // Artifacts: the five outputs and each page's kept text and words, downloadable.
      JsonObject stored = api.get("/jobs/" + id + "/documents/0/artifacts").json();
      List<String> artifacts =
          stored.getJsonArray("artifacts").getValuesAs(JsonObject.class).stream()
              .map(artifact -> artifact.getString("name"))
              .sorted()
              .toList();
      assertEquals(
          List.of(
              "scan.alto.xml",
              "scan.hocr",
              "scan.page-0001.tsv",
              "scan.page-0001.txt",
              "scan.page-0002.tsv",
              "scan.page-0002.txt",
              "scan.page-0003.tsv",
              "scan.page-0003.txt",
              "scan.pdf",
              "scan.tsv",
              "scan.txt"),
          artifacts);
      String pdfPath = read.getJsonObject("artifacts").getString("pdf");
      ApiClient.Download downloaded = api.download(pdfPath.replaceFirst("^/api", ""));
      assertEquals(200, downloaded.status());
      assertTrue(downloaded.header("Content-Type").startsWith("application/pdf"));
      assertTrue(Arrays.equals(Files.readAllBytes(pdf), downloaded.body()), "the PDF as stored");

      // The PNG, read in one piece: a one-page PDF of the image at its size; its page's words were
      // kept in memory, not as artifacts.
      JsonObject image = completed(results.getJsonObject(1));
      assertEquals(
          List.of(
              "letter-clean.alto.xml",
              "letter-clean.hocr",
              "letter-clean.pdf",
              "letter-clean.tsv",
              "letter-clean.txt"),
          api
              .get("/jobs/" + id + "/documents/1/artifacts")
              .json()
              .getJsonArray("artifacts")
              .getValuesAs(JsonObject.class)
              .stream()
              .map(artifact -> artifact.getString("name"))
              .sorted()
              .toList());
      assertEquals("letter-clean.pdf", image.getJsonObject("outputs").getString("pdf"));
      Path imagePdf = work.resolve("output").resolve(id).resolve("1").resolve("letter-clean.pdf");
      assertEquals(List.of("1900x520"), imageSizes(imagePdf));
      run("qpdf", "--check", imagePdf.toString());
      assertCer(OcrDocuments.text(0), run("pdftotext", imagePdf.toString(), "-"), 0.02);
      assertEquals(
          1,
          byClass(parse(imagePdf.resolveSibling("letter-clean.hocr")), "div", "ocr_page").size());

      // Upside down: read upright, its words laid back over the image as it came, turned.
      JsonObject turned = completed(results.getJsonObject(2));
      assertTrue(
          turned.getJsonArray("pages").getJsonObject(0).getBoolean("rotated"), turned.toString());
      Path turnedPdf =
          work.resolve("output").resolve(id).resolve("2").resolve("letter-upside-down.pdf");
      assertCer(OcrDocuments.text(0), run("pdftotext", turnedPdf.toString(), "-"), 0.02);
      // "Invoice" drawn at x 100..281, y 73..111 px upright is at x 1619..1800, y 409..447 px in
      // the turned image: its centre at (410, 103) pt.
      double[] upside = wordBox(run("pdftotext", "-bbox", turnedPdf.toString(), "-"), "Invoice");
      assertEquals(410, (upside[0] + upside[2]) / 2, 8, "x of the turned word");
      assertEquals(103, (upside[1] + upside[3]) / 2, 8, "y of the turned word");

      // A TIFF of three pages, read in one piece: a page per TIFF page, each at its size.
      completed(results.getJsonObject(3));
      Path tiffPdf = work.resolve("output").resolve(id).resolve("3").resolve("letters.pdf");
      assertEquals(List.of("1900x520", "1900x520", "1900x520"), imageSizes(tiffPdf));
      assertCer(
          String.join("\n", OcrDocuments.text(0), OcrDocuments.text(1), OcrDocuments.text(2)),
          run("pdftotext", tiffPdf.toString(), "-"),
          0.02);
      // A JPEG is embedded as it is: its own bytes, DCT-encoded.
      completed(results.getJsonObject(4));
      Path jpegPdf = work.resolve("output").resolve(id).resolve("4").resolve("letter.pdf");
      String listed = run("pdfimages", "-list", jpegPdf.toString());
      assertTrue(listed.contains(" jpeg "), listed);
      assertCer(OcrDocuments.text(2), run("pdftotext", jpegPdf.toString(), "-"), 0.02);

      // Two scanned pages and one with its own text: that page is copied through untouched.
      JsonObject both = completed(results.getJsonObject(5));
      assertTrue(both.getBoolean("paged", false), both.toString());
      assertEquals(
          "text_layer",
          both.getJsonArray("pages").getJsonObject(2).getString("source"),
          both.toString());
      assertTrue(
          both.getString("text").contains(OcrDocuments.PAGES.get(2).get(0)), both.toString());
      Path mixedPdf = work.resolve("output").resolve(id).resolve("5").resolve("mixed.pdf");
      // The text page's text, kept while the document was planned, is in the text output.
      assertTrue(
          Files.readString(mixedPdf.resolveSibling("mixed.txt"))
              .contains(OcrDocuments.PAGES.get(2).get(0)));
      try (PDDocument original = Loader.loadPDF(mixed.toFile());
          PDDocument searchable = Loader.loadPDF(mixedPdf.toFile())) {
        assertEquals(3, searchable.getNumberOfPages());
        assertTrue(
            Arrays.equals(contents(original.getPage(2)), contents(searchable.getPage(2))),
            "the text page's content as it was");
        assertFalse(
            Arrays.equals(contents(original.getPage(0)), contents(searchable.getPage(0))),
            "a scanned page gets its text layer");
      }
      assertCer(
          OcrDocuments.text(2),
          run("pdftotext", "-f", "3", "-l", "3", mixedPdf.toString(), "-"),
          0.02);
      assertCer(
          OcrDocuments.text(1),
          run("pdftotext", "-f", "2", "-l", "2", mixedPdf.toString(), "-"),
          0.02);

      // Greek, beyond any standard PDF font's encoding: the text layer gives back what was read.
      Path greek = greekScan(documents.resolve("greek.pdf"));
      var greekJob =
          api.post(
              "/jobs",
              "{\"job_type\": \"ocr\", \"documents\": [\""
                  + greek.getFileName()
                  + "\"], \"options\": {\"language\": \"ell\", \"outputs\": [\"pdf\", \"text\"]}}");
      assertEquals(202, greekJob.status(), greekJob.body());
      String greekId = greekJob.json().getString("job_id");
      api.awaitFinished(greekId, Duration.ofMinutes(2));
      completed(
          api.get("/jobs/" + greekId + "/results").json().getJsonArray("results").getJsonObject(0));
      Path greekPdf = work.resolve("output").resolve(greekId).resolve("0").resolve("greek.pdf");
      run("qpdf", "--check", greekPdf.toString());
      String fonts = run("pdffonts", greekPdf.toString());
      assertTrue(fonts.contains("CID TrueType") && fonts.contains("Identity-H"), fonts);
      String layer = run("pdftotext", greekPdf.toString(), "-");
      assertCer(String.join("\n", GREEK), layer, 0.02);
      assertEquals(
          words(Files.readString(greekPdf.resolveSibling("greek.txt"))),
          words(layer),
          "the text layer copies as the text output reads");
    }
  }

  private static final List<String> GREEK =
      List.of( // no digits: Debian's ell data misreads them ("2024" as "202484")
          "Τιμολόγιο για την Μαρία Παπαδοπούλου",
          "στις δεκατέσσερις Μαρτίου, ποσό εκατόν είκοσι ευρώ.");

  /** A one-page scan (an image only) of {@link #GREEK}, at 300 dpi. */
  private static Path greekScan(Path file) throws IOException {
    BufferedImage image = new BufferedImage(1900, 360, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SERIF, Font.PLAIN, 50));
      for (int i = 0; i < GREEK.size(); i++) {
        g.drawString(GREEK.get(i), 100, 130 + i * 100);
      }
    } finally {
      g.dispose();
    }
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage(new PDRectangle(456, 86.4f));
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.drawImage(LosslessFactory.createFromImage(document, image), 0, 0, 456, 86.4f);
      }
      document.save(file.toFile());
    }
    return file;
  }

  private static List<String> words(String text) {
    return Arrays.asList(text.strip().split("\\s+"));
  }

  /** Pages 0 and 1 scanned (images only), then page 2's text as real text, in Helvetica. */
  private static Path mixedPdf(Path file) throws IOException {
    Path scanned = OcrDocuments.scannedPdf(file.resolveSibling("two-scanned.pdf"), 2);
    try (PDDocument document = Loader.loadPDF(scanned.toFile())) {
      PDPage page = new PDPage(new PDRectangle(456, 124.8f));
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
        content.newLineAtOffset(24, 100);
        for (String line : OcrDocuments.PAGES.get(2)) {
          content.showText(line);
          content.newLineAtOffset(0, -14);
        }
        content.endText();
      }
      document.save(file.toFile());
    }
    return file;
  }

  private static byte[] contents(PDPage page) throws IOException {
    try (InputStream in = page.getContents()) {
      return in.readAllBytes();
    }
  }

  private static Map<String, String> names(JsonObject outputs) {
    Map<String, String> names = new HashMap<>();
    outputs.forEach((format, name) -> names.put(format, outputs.getString(format)));
    return names;
  }

  private static JsonObject completed(JsonObject outcome) {
    assertEquals("completed", outcome.getString("status"), outcome.toString());
    return outcome.getJsonObject("result");
  }

  /** Each image's width x height, as pdfimages lists them, page by page. */
  private static List<String> imageSizes(Path pdf) throws Exception {
    List<String> sizes = new ArrayList<>();
    for (String line : run("pdfimages", "-list", pdf.toString()).split("\n")) {
      String[] cells = line.trim().split("\\s+");
      if (cells.length > 4 && cells[0].matches("\\d+")) {
        sizes.add(cells[3] + "x" + cells[4]);
      }
    }
    return sizes;
  }

  /** xMin, yMin, xMax, yMax of the first word {@code text} in pdftotext -bbox's page. */
  private static double[] wordBox(String html, String text) {
    Matcher word =
        Pattern.compile(
                "<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">"
                    + Pattern.quote(text)
                    + "</word>")
            .matcher(html);
    assertTrue(word.find(), "no word " + text + " in " + html);
    return new double[] {
      Double.parseDouble(word.group(1)),
      Double.parseDouble(word.group(2)),
      Double.parseDouble(word.group(3)),
      Double.parseDouble(word.group(4))
    };
  }

  private static Document parse(Path xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(xml.toFile());
  }

  private static List<Element> byClass(Object root, String tag, String hocrClass) {
    NodeList all =
        root instanceof Document document
            ? document.getElementsByTagNameNS("*", tag)
            : ((Element) root).getElementsByTagNameNS("*", tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (hocrClass.equals(element.getAttribute("class"))) {
        found.add(element);
      }
    }
    return found;
  }

  private static int[] bbox(String title) {
    Matcher box = Pattern.compile("bbox (\\d+) (\\d+) (\\d+) (\\d+)").matcher(title);
    assertTrue(box.find(), title);
    return new int[] {
      Integer.parseInt(box.group(1)),
      Integer.parseInt(box.group(2)),
      Integer.parseInt(box.group(3)),
      Integer.parseInt(box.group(4))
    };
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    return output;
  }

  private static void assertCer(String expected, String read, double limit) {
    double cer = OcrDocuments.characterErrorRate(expected, read);
    assertTrue(cer <= limit, "character error rate " + cer + " over " + limit + ", read: " + read);
  }
}
