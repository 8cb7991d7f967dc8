package org.docbatch.testdocs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * English documents with known named entities, for the NLP tests: what CoreNLP's default English
 * models tag them as was checked by hand, and the tests assert only the clear-cut cases.
 */
public final class EnglishTexts {

  /** PERSON Barack Obama and Angela Merkel, LOCATION Paris and London, ORGANIZATION Google... */
  public static final String NEWS =
      "Barack Obama visited Paris on March 3, 2021 with Angela Merkel. "
          + "Google opened an office in London last Tuesday. "
          + "The meeting was held on 12 January 2022 at the United Nations in New York.";

  /** One clearly happy sentence and one clearly unhappy one. */
  public static final String REVIEW =
      "This is a wonderful, delightful and brilliant film. "
          + "The food was terrible, cold and disgusting, and the staff were rude.";

  /**
   * Lines of the text-layer PDF: ORGANIZATION Microsoft, LOCATION Seattle, PERSON Satya Nadella.
   */
  public static final String[] PDF_LINES = {
    "Microsoft announced new products in Seattle on Monday.",
    "Satya Nadella presented them to the press.",
  };

  private EnglishTexts() {}

  public static Path text(Path folder, String name, String content) {
    try {
      return Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A one-page PDF whose text layer holds {@link #PDF_LINES}. */
  public static Path textLayerPdf(Path folder) {
    Path file = folder.resolve("press-release.pdf");
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.newLineAtOffset(72, 760);
        for (String line : PDF_LINES) {
          content.showText(line);
          content.newLineAtOffset(0, -20);
        }
        content.endText();
      }
      document.save(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A one-page PDF that is only a picture of text, as a scanner makes: no text layer. */
  public static Path scannedPdf(Path folder) {
    Path file = folder.resolve("scan.pdf");
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      document.addPage(page);
      PDImageXObject image = LosslessFactory.createFromImage(document, TestDocuments.textImage(0));
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.drawImage(image, 36, 500, 520, 173);
      }
      document.save(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
