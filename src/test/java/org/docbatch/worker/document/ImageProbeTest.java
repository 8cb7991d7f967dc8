package org.docbatch.worker.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.worker.spi.DocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageProbeTest {

  @TempDir Path folder;

  @Test
  void readsPngDimensionsAndPhysResolution() throws Exception {
    ImageHeader header = ImageProbe.probe(TestDocuments.cleanPng(folder));

    assertEquals("png", header.format());
    assertEquals(TestDocuments.IMAGE_WIDTH, header.width());
    assertEquals(TestDocuments.IMAGE_HEIGHT, header.height());
    assertEquals(300.0, header.dpiX().orElseThrow(), 0.01);
    assertEquals(300.0, header.dpiY().orElseThrow(), 0.01);
  }

  @Test
  void readsJpegJfifResolution() throws Exception {
    ImageHeader header = ImageProbe.probe(TestDocuments.jpeg(folder));

    assertEquals("jpeg", header.format());
    assertEquals(TestDocuments.IMAGE_WIDTH, header.width());
    assertEquals(TestDocuments.JPEG_DPI, header.dpiX().orElseThrow(), 0.01);
  }

  @Test
  void readsTheDeclaredSizeOfADecompressionBombWithoutDecodingIt() throws Exception {
    // given a PNG declaring 100000 x 100000 pixels
    Path bomb = TestDocuments.hugeDimensionsPng(folder);

    // when
    long started = System.nanoTime();
    ImageHeader header = ImageProbe.probe(bomb);
    long millis = (System.nanoTime() - started) / 1_000_000;

    // then
    assertEquals(100_000, header.width());
    assertEquals(100_000, header.height());
    assertEquals(10_000.0, header.megapixels(), 0.001);
    assertTrue(millis < 500, "probing took " + millis + " ms");
  }

  @Test
  void decoderRefusesAnImageOverThePixelLimitBeforeDecoding() {
    Path bomb = TestDocuments.hugeDimensionsPng(folder);

    DocumentException e =
        assertThrows(DocumentException.class, () -> ImageDecoder.decode(bomb, new PixelLimit(100)));

    assertEquals("image_too_large", e.code());
    assertTrue(e.getMessage().contains("100000 x 100000"), e.getMessage());
    assertTrue(e.getMessage().contains("max_megapixels"), e.getMessage());
  }

  @Test
  void decoderRejectsATruncatedPng() {
    Path truncated = TestDocuments.truncatedPng(folder);

    DocumentException e =
        assertThrows(
            DocumentException.class, () -> ImageDecoder.decode(truncated, new PixelLimit(100)));

    assertEquals("corrupt_image", e.code());
    assertTrue(e.getMessage().contains("truncated or damaged"), e.getMessage());
  }

  @Test
  void decoderRejectsATruncatedJpegThatItWouldOtherwiseHalfDecode() throws Exception {
    byte[] jpeg = Files.readAllBytes(TestDocuments.jpeg(folder));
    Path truncated = folder.resolve("cut.jpg");
    Files.write(truncated, Arrays.copyOf(jpeg, jpeg.length / 2));

    DocumentException e =
        assertThrows(
            DocumentException.class, () -> ImageDecoder.decode(truncated, new PixelLimit(100)));

    assertEquals("corrupt_image", e.code());
  }

  @Test
  void decodesAValidImage() throws Exception {
    DecodedImage decoded = ImageDecoder.decode(TestDocuments.cleanPng(folder), new PixelLimit(100));

    assertEquals(TestDocuments.IMAGE_WIDTH, decoded.image().getWidth());
    assertEquals(TestDocuments.IMAGE_HEIGHT, decoded.image().getHeight());
  }
}
