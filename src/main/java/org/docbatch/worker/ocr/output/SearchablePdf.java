package org.docbatch.worker.ocr.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A searchable PDF: each page as it came with the words read on it as invisible text over it
 * ({@link InvisibleText}). Over a PDF, the document itself is kept (its pages, images, fonts,
 * outline and metadata) and each page read by OCR gets a content stream appended; a page whose own
 * text layer was used, or that was not read, is left untouched. Over images, each page is its image
 * at its resolution with the text over it.
 *
 * <p>The text is in {@link GlyphlessFont}, embedded once per document (under a kilobyte), which
 * carries any script: copying or searching gives the text as read, whatever its characters.
 */
public final class SearchablePdf implements PageSink {

  private final PDDocument pdf;
  private final PageImages images;
  private final OutputStream out;
  private final GlyphlessFont font;
  private final InvisibleText text;
  private COSStream saveState;

  private SearchablePdf(PDDocument pdf, PageImages images, OutputStream out) throws IOException {
    this.pdf = pdf;
    this.images = images;
    this.out = out;
    this.font = new GlyphlessFont(pdf);
    this.text = new InvisibleText(font);
  }

  /** Over the PDF {@code source}, which this then owns and closes. */
  public static SearchablePdf over(PDDocument source, OutputStream out) throws IOException {
    return new SearchablePdf(source, null, out);
  }

  /** A new PDF of the pages' images. */
  public static SearchablePdf ofImages(PageImages images, OutputStream out) throws IOException {
    PDDocument pdf = new PDDocument();
    try {
      return new SearchablePdf(pdf, images, out);
    } catch (IOException | RuntimeException e) {
      pdf.close();
      throw e;
    }
  }

  @Override
  public void page(ReadPage page) throws IOException {
    if (images == null) {
      overPage(page);
    } else {
      imagePage(page);
    }
  }

  private void overPage(ReadPage page) throws IOException {
    if (page.fromTextLayer()
        || page.number() > pdf.getNumberOfPages()
        || page.words().words().isEmpty()) {
      return; // nothing to lay: the page stays as it was
    }
    PDPage target = pdf.getPage(page.number() - 1);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    List<PDStream> streams = new ArrayList<>();
    for (Iterator<PDStream> it = target.getContentStreams(); it.hasNext(); ) {
      streams.add(it.next());
    }
    if (!streams.isEmpty()) {
      // The page's own content may leave its graphics state changed: run it inside q ... Q.
      streams.add(0, new PDStream(saveState()));
      content.writeBytes("Q\n".getBytes(StandardCharsets.US_ASCII));
    }
    text.draw(
        content,
        page.words(),
        fontName(resources(target)),
        PageGeometry.uprightToUser(page, target.getCropBox(), target.getRotation()));
    streams.add(new PDStream(stream(content)));
    target.setContents(streams);
  }

  private void imagePage(ReadPage page) throws IOException {
    PDImageXObject image = images.image(pdf, page.number());
    float width = page.imageWidth() * 72f / page.dpi();
    float height = page.imageHeight() * 72f / page.dpi();
    PDPage target = new PDPage(new PDRectangle(width, height));
    pdf.addPage(target);
    PDResources resources = resources(target);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    String draw =
        "q "
            + InvisibleText.number(width)
            + " 0 0 "
            + InvisibleText.number(height)
            + " 0 0 cm /"
            + resources.add(image).getName()
            + " Do Q\n";
    content.writeBytes(draw.getBytes(StandardCharsets.US_ASCII));
    if (!page.words().words().isEmpty()) {
      text.draw(
          content,
          page.words(),
          fontName(resources),
          PageGeometry.uprightToUser(page, target.getCropBox(), 0));
    }
    target.setContents(new PDStream(stream(content)));
  }

  private static PDResources resources(PDPage page) {
    PDResources resources = page.getResources();
    if (resources == null) {
      resources = new PDResources();
      page.setResources(resources);
    }
    return resources;
  }

  /** The name of the text layer's font in {@code resources}, added under a name not yet used. */
  private COSName fontName(PDResources resources) {
    COSDictionary fonts = resources.getCOSObject().getCOSDictionary(COSName.FONT);
    if (fonts == null) {
      fonts = new COSDictionary();
      resources.getCOSObject().setItem(COSName.FONT, fonts);
    }
    for (int i = 0; ; i++) {
      COSName name = COSName.getPDFName("OcrText" + (i == 0 ? "" : i));
      COSDictionary named = fonts.getCOSDictionary(name);
      if (named == null || named == font.dictionary()) {
        fonts.setItem(name, font.dictionary());
        return name;
      }
    }
  }

  /** One "q" stream shared by the pages whose own content the text layer follows. */
  private COSStream saveState() throws IOException {
    if (saveState == null) {
      saveState = pdf.getDocument().createCOSStream();
      try (OutputStream q = saveState.createOutputStream()) {
        q.write("q\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    return saveState;
  }

  private COSStream stream(ByteArrayOutputStream content) throws IOException {
    COSStream stream = pdf.getDocument().createCOSStream();
    try (OutputStream body = stream.createOutputStream(COSName.FLATE_DECODE)) {
      content.writeTo(body);
    }
    return stream;
  }

  @Override
  public void finish() throws IOException {
    font.finish();
    // Without object streams: PDFBox 3.0's compressed save declares a /Size qpdf --check warns of.
    pdf.save(out, CompressParameters.NO_COMPRESSION);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      pdf.close();
    } finally {
      out.close();
    }
  }
}
