package org.docbatch.worker.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.docbatch.testdocs.TestDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTypeSnifferTest {

  @TempDir Path folder;

  @Test
  void recognisesEachGeneratedDocumentByItsContent() throws Exception {
    assertEquals(DocumentType.PNG, FileTypeSniffer.sniff(TestDocuments.cleanPng(folder)));
    assertEquals(DocumentType.JPEG, FileTypeSniffer.sniff(TestDocuments.jpeg(folder)));
    assertEquals(DocumentType.PDF, FileTypeSniffer.sniff(TestDocuments.textPdf(folder)));
    assertEquals(DocumentType.PDF, FileTypeSniffer.sniff(TestDocuments.garbagePdf(folder)));
    assertEquals(DocumentType.TEXT, FileTypeSniffer.sniff(TestDocuments.utf8Text(folder)));
    assertEquals(DocumentType.TEXT, FileTypeSniffer.sniff(TestDocuments.windows1252Text(folder)));
    assertEquals(DocumentType.UNKNOWN, FileTypeSniffer.sniff(TestDocuments.binaryNamedTxt(folder)));
  }

  @Test
  void ignoresTheNameAndTrustsTheSignature() throws Exception {
    // given a PNG saved as .jpg
    Path png = TestDocuments.pngNamedJpg(folder);

    // when / then
    assertEquals("jpg", FileExtension.of(png));
    assertEquals(DocumentType.PNG, FileTypeSniffer.sniff(png));
  }

  @Test
  void recognisesTiffGifAndBmpWrittenByImageIo() throws Exception {
    var image = TestDocuments.textImage(0);
    for (String format : new String[] {"tiff", "gif", "bmp"}) {
      Path file = folder.resolve("image." + format);
      ImageIO.write(image, format, file.toFile());
      assertEquals(format.toUpperCase(), FileTypeSniffer.sniff(file).name());
    }
  }

  @Test
  void textThatStartsWithBmIsNotABitmap() throws Exception {
    Path file = folder.resolve("cars.txt");
    Files.writeString(file, "BMW and Mercedes sold 12 cars in 2024.\n", StandardCharsets.UTF_8);

    assertEquals(DocumentType.TEXT, FileTypeSniffer.sniff(file));
  }
}
