package org.docbatch.worker.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.docbatch.json.Json;
import org.docbatch.testdocs.ImageMagick;
import org.docbatch.testdocs.OcrDocuments;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.FileTypeSniffer;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.ImageReaders;
import org.docbatch.worker.spi.DocumentException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every common kind of TIFF, a palette PNG and WebP, written by ImageMagick from pages of known
 * text, read by real Tesseract with the default options: each page within 1% character error rate.
 */
class TiffVariantsTest {

  private static ChildProcessRecognizer recognizer;

  @TempDir static Path folder;

  @TempDir static Path work;

  @BeforeAll
  static void open() {
    recognizer = ChildRecognizers.bytedeco(work);
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "g4       | -monochrome -compress Group4",
        "g3       | -monochrome -compress Fax",
        "lzw      | -depth 8 -compress LZW",
        "zip      | -depth 8 -compress Zip",
        "jpeg     | -depth 8 -compress JPEG",
        "packbits | -depth 8 -compress RLE",
        "p16      | -depth 16",
        "tiled    | -depth 8 -define tiff:tile-geometry=256x256 -compress LZW",
      })
  void aTiffOfEachKindIsReadWithin1Percent(String kind, String arguments) throws Exception {
    Path tiff = tiff(kind, 1, arguments);

    JsonObject result = read(tiff);

    assertEquals(1, result.getInt("page_count"), result.toString());
    assertPagesRead(result, 1);
  }

  /** ImageMagick's default for a 16-bit page: Zip with the horizontal predictor, 2 pages. */
  @Test
  void twoSixteenBitPagesWithThePredictorAreRead() throws Exception {
    Path first = page(0);
    Path second = page(1);
    Path tiff =
        ImageMagick.convert(
            folder.resolve("two-16bit.tif"), first.toString(), second.toString(), "-depth", "16");

    JsonObject result = read(tiff);

    assertEquals(2, result.getInt("page_count"), result.toString());
    assertPagesRead(result, 0, 1);
  }

  @Test
  void aTiffMixingOneEightAndSixteenBitPagesIsRead() throws Exception {
    Path g4 = tiff("mixed-g4", 0, "-monochrome -compress Group4");
    Path lzw = tiff("mixed-lzw", 1, "-depth 8 -compress LZW");
    Path p16 = tiff("mixed-p16", 2, "-depth 16");
    Path mixed =
        ImageMagick.convert(
            folder.resolve("mixed.tif"), g4.toString(), lzw.toString(), p16.toString());

    JsonObject result = read(mixed);

    assertEquals(3, result.getInt("page_count"), result.toString());
    assertPagesRead(result, 0, 1, 2);
  }

  /** Issue 18: a TIFF of two or more pages is planned a page per partition, like a PDF. */
  @Test
  void aMultiPageTiffIsPlannedFromItsDirectoriesAndReadAPageAtATime() throws Exception {
    Path mixed = OcrDocuments.mixedTiff(folder.resolve("planned.tif"));
    OcrOptions options = OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng"));

    JsonObject plan =
        PagePlans.ofTiff(mixed, options).orElseThrow().build().getJsonObject("page_plan");
    JsonObject cut =
        PagePlans.ofTiff(
                mixed,
                OcrOptions.from(
                    Json.createObjectBuilder().add("max_pages", 2).build(), List.of("eng")))
            .orElseThrow()
            .build()
            .getJsonObject("page_plan");
    JsonObject second =
        PagePlans.readPage(
            mixed,
            DocumentType.TIFF,
            null, // read from the TIFF itself, not from preprocessing's artifacts
            java.util.Optional.empty(),
            2,
            options,
            new PageReader(recognizer, options, 60_000, ""));

    assertEquals(3, plan.getInt("page_count"), plan.toString());
    assertEquals("[1,2,3]", plan.getJsonArray("read_pages").toString());
    assertEquals("tiff", plan.getString("detected_type"));
    assertTrue(cut.getBoolean("truncated"), cut.toString());
    assertEquals("[1,2]", cut.getJsonArray("read_pages").toString());
    assertTrue(!cut.containsKey("page_count"), "pages past max_pages are not counted: " + cut);
    assertEquals(2, second.getInt("page"), second.toString());
    ChildProcessRecognizerTest.assertCer(1, second.getString("text"), 0.01);
    assertTrue(
        PagePlans.ofTiff(tiff("one-page", 0, "-depth 8"), options).isEmpty(),
        "a one-page TIFF is read in its own partition");
  }

  @Test
  void aTruncatedSixteenBitTiffIsCorruptNotHalfRead() throws Exception {
    Path whole = tiff("whole-p16", 0, "-depth 16");
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(folder.resolve("cut.tif"), Arrays.copyOf(bytes, bytes.length / 2));

    DocumentException failed = assertThrows(DocumentException.class, () -> read(cut));

    assertEquals("corrupt_image", failed.code(), failed.getMessage());
  }

  @Test
  void aTiffPageOverThePixelLimitIsRefusedBeforeDecoding() throws Exception {
    Path tiff = tiff("big-p16", 0, "-depth 16");
    OcrOptions options =
        OcrOptions.from(
            Json.createObjectBuilder().add("max_megapixels", 0.5).build(), List.of("eng"));
    PageReader reader = new PageReader(recognizer, options, 60_000, "");

    DocumentException refused =
        assertThrows(DocumentException.class, () -> TiffPages.read(tiff, options, reader));

    assertEquals("image_too_large", refused.code(), refused.getMessage());
  }

  @Test
  void theTiledTiffIsTiled() throws Exception {
    Path tiff = tiff("tiled-check", 0, "-depth 8 -define tiff:tile-geometry=256x256");
    try (ImageInputStream in = ImageIO.createImageInputStream(tiff.toFile())) {
      ImageReader reader = ImageReaders.readerFor(in);
      reader.setInput(in);
      assertTrue(reader.isImageTiled(0));
      assertEquals(256, reader.getTileWidth(0));
    }
  }

  @Test
  void aPalettePngIsRead() throws Exception {
    Path png =
        ImageMagick.convert(
            folder.resolve("palette.png"), page(2).toString(), "-colors", "4", "-type", "Palette");
    OcrOptions options = OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng"));
    PageReader reader = new PageReader(recognizer, options, 60_000, "");

    DecodedImage decoded = ImageDecoder.decode(png, options.pixelLimit());
    reader.recognize(1, decoded.image(), OcrDocuments.DPI);

    ChildProcessRecognizerTest.assertCer(2, reader.result().build().getString("text"), 0.01);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"lossless | -define webp:lossless=true", "lossy    | -quality 90"})
  void aWebpPageIsRead(String kind, String arguments) throws Exception {
    String[] options = arguments.trim().split("\\s+");
    String[] all = new String[options.length + 1];
    all[0] = page(1).toString();
    System.arraycopy(options, 0, all, 1, options.length);
    Path webp = ImageMagick.convert(folder.resolve(kind + ".webp"), all);
    assertEquals(DocumentType.WEBP, FileTypeSniffer.sniff(webp));
    OcrOptions options2 = OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng"));
    PageReader reader = new PageReader(recognizer, options2, 60_000, "");

    DecodedImage decoded = ImageDecoder.decode(webp, options2.pixelLimit());
    reader.recognize(1, decoded.image(), OcrDocuments.DPI);

    ChildProcessRecognizerTest.assertCer(1, reader.result().build().getString("text"), 0.01);
  }

  private static JsonObject read(Path tiff) throws Exception {
    OcrOptions options = OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng"));
    PageReader reader = new PageReader(recognizer, options, 60_000, "");
    return TiffPages.read(tiff, options, reader).build();
  }

  private static void assertPagesRead(JsonObject result, int... pages) {
    JsonArray read = result.getJsonArray("pages");
    assertEquals(pages.length, read.size(), result.toString());
    for (int i = 0; i < pages.length; i++) {
      ChildProcessRecognizerTest.assertCer(
          pages[i], PageTexts.page(result, i).getString("text"), 0.01);
    }
  }

  private static Path tiff(String name, int page, String arguments) {
    String[] options = arguments.trim().split("\\s+");
    String[] all = new String[options.length + 1];
    all[0] = page(page).toString();
    System.arraycopy(options, 0, all, 1, options.length);
    return ImageMagick.convert(folder.resolve(name + ".tif"), all);
  }

  private static Path page(int index) {
    Path png = folder.resolve("page-" + index + ".png");
    if (!png.toFile().exists()) {
      try {
        ImageIO.write(OcrDocuments.page(index, 0, 0), "png", png.toFile());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return png;
  }
}
