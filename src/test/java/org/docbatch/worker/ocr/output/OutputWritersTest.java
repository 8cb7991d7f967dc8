package org.docbatch.worker.ocr.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The output formats made from a page's words, without OCR: from a TSV as Tesseract writes it. */
class OutputWritersTest {

  /** A 1000 x 400 page at 200 dpi: "Hello world" on one line, "Łódź" on the next. */
  private static final String TSV =
      String.join(
          "\n",
          "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
          "1\t1\t0\t0\t0\t0\t0\t0\t1000\t400\t-1\t",
          "2\t1\t1\t0\t0\t0\t100\t100\t500\t150\t-1\t",
          "3\t1\t1\t1\t0\t0\t100\t100\t500\t150\t-1\t",
          "4\t1\t1\t1\t1\t0\t100\t100\t500\t50\t-1\t",
          "5\t1\t1\t1\t1\t1\t100\t100\t200\t50\t96.5\tHello",
          "5\t1\t1\t1\t1\t2\t350\t100\t250\t50\t91\tworld",
          "4\t1\t1\t1\t2\t0\t100\t200\t300\t50\t-1\t",
          "5\t1\t1\t1\t2\t1\t100\t200\t300\t50\t88\tŁódź & <co>",
          "");

  private static ReadPage page(int turned) {
    return new ReadPage(
        1, false, "Hello world\nŁódź & <co>", TSV, PageWords.fromTsv(TSV), turned, 200);
  }

  @Test
  void theTsvIsReadAsBlocksOfParagraphsOfLinesOfWords() {
    PageWords words = PageWords.fromTsv(TSV);
    assertEquals(1000, words.width());
    assertEquals(400, words.height());
    assertEquals(2, words.blocks().get(0).paragraphs().get(0).lines().size());
    assertEquals(
        List.of("Hello", "world", "Łódź & <co>"),
        words.words().stream().map(PageWords.Word::text).toList());
    assertEquals(new Box(350, 100, 250, 50), words.words().get(1).box());
  }

  @Test
  void hocrIsXhtmlWithPagesLinesAndWordsInTheirBoxes() throws Exception {
    Document hocr = xml(write(out -> new HocrWriter(out, "scan \"1\".tif", "eng")));
    NodeList words = hocr.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "span");
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < words.getLength(); i++) {
      titles.add(((org.w3c.dom.Element) words.item(i)).getAttribute("title"));
    }
    assertTrue(titles.contains("bbox 350 100 600 150; x_wconf 91"), titles.toString());
    assertTrue(hocr.getDocumentElement().getTextContent().contains("Łódź & <co>"));
    String page =
        ((org.w3c.dom.Element) hocr.getElementsByTagNameNS("*", "div").item(0))
            .getAttribute("title");
    assertTrue(page.startsWith("image \"scan 1.tif\"; bbox 0 0 1000 400; ppageno 0"), page);
  }

  @Test
  void altoHasStringsWithContentPositionAndConfidence() throws Exception {
    Document alto = xml(write(out -> new AltoWriter(out, "scan.tif")));
    assertEquals(AltoWriter.NAMESPACE, alto.getDocumentElement().getNamespaceURI());
    NodeList strings = alto.getElementsByTagNameNS(AltoWriter.NAMESPACE, "String");
    assertEquals(3, strings.getLength());
    var world = (org.w3c.dom.Element) strings.item(1);
    assertEquals("world", world.getAttribute("CONTENT"));
    assertEquals("350", world.getAttribute("HPOS"));
    assertEquals("0.91", world.getAttribute("WC"));
    assertEquals(1, alto.getElementsByTagNameNS(AltoWriter.NAMESPACE, "SP").getLength());
  }

  @Test
  void tsvCarriesThePageNumberAndOneHeader() throws Exception {
    String tsv =
        new String(
            write(
                out -> new TsvWriter(out),
                new ReadPage(7, false, "", TSV, PageWords.fromTsv(TSV), 0, 200)),
            StandardCharsets.UTF_8);
    assertEquals(1, tsv.split("level\t").length - 1);
    assertTrue(tsv.contains("\n5\t7\t1\t1\t1\t2\t350\t100\t250\t50\t91\tworld\n"), tsv);
  }

  @Test
  void theSearchablePdfLaysEachWordInvisiblyOverItsBox() throws Exception {
    for (int turned : new int[] {0, 90, 180, 270}) {
      ReadPage page = page(turned);
      BufferedImage image = blank(page.imageWidth(), page.imageHeight());
      byte[] pdf =
          write(
              out ->
                  SearchablePdf.ofImages(
                      (target, number) -> LosslessFactory.createFromImage(target, image), out),
              page);
      try (PDDocument read = Loader.loadPDF(pdf)) {
        PDRectangle size = read.getPage(0).getMediaBox();
        assertEquals(page.imageWidth() * 72f / 200, size.getWidth(), 0.01);
        List<TextPosition> positions = new ArrayList<>();
        PDFTextStripper stripper =
            new PDFTextStripper() {
              @Override
              protected void processTextPosition(TextPosition text) {
                positions.add(text);
                super.processTextPosition(text);
              }
            };
        stripper.setSortByPosition(true);
        String text = stripper.getText(read);
        assertTrue(text.contains("Hello world"), turned + ": " + text);
        assertTrue(text.contains("Łódź & <co>"), turned + ": " + text);
        // The H of Hello starts at the word box's left, upright pixel (100, 150) on its baseline
        // side: where that point of the upright page lies in the image as it came, in points.
        TextPosition h =
            positions.stream().filter(p -> p.getUnicode().equals("H")).findFirst().get();
        Point2D expected =
            PageGeometry.uprightToImage(turned, page.imageWidth(), page.imageHeight())
                .transform(new Point2D.Double(100, 140), null);
        Point2D origin =
            new Point2D.Double(
                h.getTextMatrix().getTranslateX(), h.getTextMatrix().getTranslateY());
        double x = expected.getX() * 72 / 200;
        double y = size.getHeight() - expected.getY() * 72 / 200;
        assertEquals(x, origin.getX(), 1.0, turned + "° x");
        assertEquals(y, origin.getY(), 1.0, turned + "° y");
      }
    }
  }

  /**
   * Words of six scripts and characters beyond the BMP on three lines of a 1000 x 400 page; the
   * Hebrew line as Tesseract gives it, in reading order, its first word on the right.
   */
  private static final String SCRIPTS_TSV =
      String.join(
          "\n",
          "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
          "1\t1\t0\t0\t0\t0\t0\t0\t1000\t400\t-1\t",
          "2\t1\t1\t0\t0\t0\t50\t50\t900\t300\t-1\t",
          "3\t1\t1\t1\t0\t0\t50\t50\t900\t300\t-1\t",
          "4\t1\t1\t1\t1\t0\t50\t50\t900\t60\t-1\t",
          "5\t1\t1\t1\t1\t1\t50\t50\t300\t60\t90\tΚαλημέρα",
          "5\t1\t1\t1\t1\t2\t400\t50\t200\t60\t90\tκόσμε",
          "5\t1\t1\t1\t1\t3\t650\t50\t300\t60\t90\tПривет",
          "4\t1\t1\t1\t2\t0\t50\t150\t900\t60\t-1\t",
          "5\t1\t1\t1\t2\t1\t50\t150\t200\t60\t90\t日本語",
          "5\t1\t1\t1\t2\t2\t300\t150\t250\t60\t90\tŐrség-łąka",
          "5\t1\t1\t1\t2\t3\t600\t150\t150\t60\t90\t120€",
          "5\t1\t1\t1\t2\t4\t800\t150\t150\t60\t90\t𝔘𝔫𝔦",
          "4\t1\t1\t1\t3\t0\t50\t250\t900\t60\t-1\t",
          "5\t1\t1\t1\t3\t1\t50\t250\t300\t60\t90\tעולם",
          "5\t1\t1\t1\t3\t2\t400\t250\t300\t60\t90\tשלום",
          "");

  @Test
  void theTextLayerCopiesAndSearchesAsReadInAnyScript() throws Exception {
    ReadPage page = new ReadPage(1, false, "", SCRIPTS_TSV, PageWords.fromTsv(SCRIPTS_TSV), 0, 200);
    BufferedImage image = blank(page.imageWidth(), page.imageHeight());
    byte[] pdf =
        write(
            out ->
                SearchablePdf.ofImages(
                    (target, number) -> LosslessFactory.createFromImage(target, image), out),
            page);
    // As poppler (pdftotext, and viewers built on it) and PDFBox read it.
    Path file = Files.createTempFile("scripts", ".pdf");
    try {
      Files.write(file, pdf);
      String poppler = run("pdftotext", "-layout", file.toString(), "-");
      String fonts = run("pdffonts", file.toString());
      assertTrue(fonts.contains("CID TrueType") && fonts.contains("Identity-H"), fonts);
      String pdfbox;
      try (PDDocument read = Loader.loadPDF(pdf)) {
        pdfbox = new PDFTextStripper().getText(read);
      }
      for (String text : List.of(poppler, pdfbox)) {
        for (String word :
            List.of("Καλημέρα κόσμε", "Привет", "日本語", "Őrség-łąka", "120€", "𝔘𝔫𝔦")) {
          assertTrue(text.contains(word), word + " in: " + text);
        }
      }
      // Laid leftwards as Tesseract lays it, which poppler reads in reading order (PDFBox's
      // extraction gives this line's letters reversed).
      assertTrue(poppler.contains("שלום עולם"), poppler);
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void theGlyphlessFontIsAWholeTrueTypeProgram() throws Exception {
    byte[] program = GlyphlessTrueType.program();
    assertTrue(program.length < 1024, program.length + " bytes");
    long sum = 0;
    for (int i = 0; i < program.length; i += 4) {
      sum = (sum + (ByteBuffer.wrap(program, i, 4).getInt() & 0xFFFFFFFFL)) & 0xFFFFFFFFL;
    }
    assertEquals(0xB1B0AFBAL, sum, "the whole font's checksum, which head's adjustment sets");
    try (TrueTypeFont font =
        new TTFParser().parse(new RandomAccessReadBuffer(new ByteArrayInputStream(program)))) {
      assertEquals(2, font.getNumberOfGlyphs());
      assertEquals(1000, font.getUnitsPerEm());
      assertEquals(500, font.getAdvanceWidth(1));
      assertEquals(800, font.getHorizontalHeader().getAscender());
      assertEquals(GlyphlessTrueType.NAME, font.getName());
      assertEquals(0, font.getGlyph().getGlyph(1).getNumberOfContours());
    }
    Font awt = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(program));
    assertEquals(GlyphlessTrueType.NAME, awt.getFontName());
  }

  @Test
  void overAPdfThePagesOwnContentCannotMoveTheTextLayer() throws Exception {
    // A page whose content scales the space by 3 and never restores it.
    ByteArrayOutputStream original = new ByteArrayOutputStream();
    try (PDDocument source = new PDDocument()) {
      PDPage sourcePage = new PDPage(new PDRectangle(360, 144)); // 1000 x 400 pixels at 200 dpi
      source.addPage(sourcePage);
      try (PDPageContentStream content = new PDPageContentStream(source, sourcePage)) {
        content.transform(Matrix.getScaleInstance(3, 3));
      }
      source.save(original);
    }
    byte[] pdf =
        write(
            out -> SearchablePdf.over(Loader.loadPDF(original.toByteArray()), out),
            new ReadPage(1, false, "", TSV, PageWords.fromTsv(TSV), 0, 200));
    try (PDDocument read = Loader.loadPDF(pdf)) {
      List<TextPosition> positions = new ArrayList<>();
      PDFTextStripper stripper =
          new PDFTextStripper() {
            @Override
            protected void processTextPosition(TextPosition text) {
              positions.add(text);
            }
          };
      stripper.getText(read);
      TextPosition h = positions.get(0);
      assertEquals("H", h.getUnicode());
      assertEquals(100 * 72 / 200.0, h.getTextMatrix().getTranslateX(), 0.5);
      assertEquals(144 - 140 * 72 / 200.0, h.getTextMatrix().getTranslateY(), 0.5);
    }
  }

  @Test
  void numbersAreWrittenAsPdfReadsThem() {
    assertEquals("12", InvisibleText.number(12));
    assertEquals("-0.5", InvisibleText.number(-0.5));
    assertEquals("0.0001", InvisibleText.number(0.00012));
    assertEquals("0", InvisibleText.number(-0.00001));
    assertEquals("1.2346", InvisibleText.number(1.23456));
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
    return out;
  }

  @Test
  void wordsOfAPageReadUprightAreTurnedBackAsTheEngineTurnedThePage() {
    // The engine turns an image w x h turned 90° clockwise counter-clockwise: (x, y) becomes
    // (y, w - 1 - x); 270°: (h - 1 - y, x); 180°: (w - 1 - x, h - 1 - y).
    assertPoint(260, 100, PageGeometry.uprightToImage(90, 400, 1000), 100, 140);
    assertPoint(140, 900, PageGeometry.uprightToImage(270, 400, 1000), 100, 140);
    assertPoint(900, 260, PageGeometry.uprightToImage(180, 1000, 400), 100, 140);
    assertPoint(100, 140, PageGeometry.uprightToImage(0, 1000, 400), 100, 140);
  }

  private static void assertPoint(
      double x, double y, AffineTransform transform, double fromX, double fromY) {
    Point2D to = transform.transform(new Point2D.Double(fromX, fromY), null);
    assertEquals(x, to.getX(), 1e-6, "x of " + to);
    assertEquals(y, to.getY(), 1e-6, "y of " + to);
  }

  @Test
  void aPagesRotateIsUndoneSoTheTextLiesOverTheDisplayedImage() {
    // A page displayed turned 90° clockwise: its 400 x 1000 pt crop box shows as 1000 x 400.
    ReadPage page = new ReadPage(1, false, "", TSV, PageWords.fromTsv(TSV), 0, 72);
    AffineTransform toUser = PageGeometry.uprightToUser(page, new PDRectangle(0, 0, 400, 1000), 90);
    // The displayed top left corner is the page's bottom left corner, turned.
    Point2D topLeft = toUser.transform(new Point2D.Double(0, 0), null);
    assertEquals(0, topLeft.getX(), 1e-6);
    assertEquals(0, topLeft.getY(), 1e-6);
    Point2D topRight = toUser.transform(new Point2D.Double(1000, 0), null);
    assertEquals(0, topRight.getX(), 1e-6);
    assertEquals(1000, topRight.getY(), 1e-6);
  }

  private interface Sink {
    PageSink open(ByteArrayOutputStream out) throws IOException;
  }

  private static byte[] write(Sink sink) throws IOException {
    return write(sink, page(0));
  }

  private static byte[] write(Sink sink, ReadPage page) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PageSink writer = sink.open(out)) {
      writer.page(page);
      writer.finish();
    }
    return out.toByteArray();
  }

  private static Document xml(byte[] bytes) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
  }

  private static BufferedImage blank(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 10));
    g.dispose();
    return image;
  }
}
