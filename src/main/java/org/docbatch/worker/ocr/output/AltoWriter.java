package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;

/**
 * ALTO XML v4: a {@code Page} per page in one {@code Layout}, each with a {@code PrintSpace} of
 * {@code TextBlock}s of {@code TextLine}s of {@code String}s ({@code CONTENT}, {@code HPOS}, {@code
 * VPOS}, {@code WIDTH}, {@code HEIGHT}, {@code WC} from 0 to 1) with {@code SP} between them, in
 * pixels of the page as read. ALTO has no paragraph: a block's paragraphs' lines follow each other.
 */
public final class AltoWriter extends XmlPageSink {

  static final String NAMESPACE = "http://www.loc.gov/standards/alto/ns-v4#";

  public AltoWriter(OutputStream out, String imageName) throws IOException {
    super(out);
    try {
      xml.writeStartElement("alto");
      xml.writeDefaultNamespace(NAMESPACE);
      xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
      xml.writeAttribute(
          "xsi:schemaLocation", NAMESPACE + " http://www.loc.gov/alto/v4/alto-4-2.xsd");
      xml.writeStartElement("Description");
      text("MeasurementUnit", "pixel");
      xml.writeStartElement("sourceImageInformation");
      text("fileName", imageName);
      xml.writeEndElement();
      xml.writeStartElement("OCRProcessing");
      xml.writeAttribute("ID", "OCR_0");
      xml.writeStartElement("ocrProcessingStep");
      xml.writeStartElement("processingSoftware");
      text("softwareName", "docbatch (tesseract)");
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeStartElement("Layout");
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void page(ReadPage page) throws IOException {
    int n = page.number();
    PageWords words = page.words();
    try {
      xml.writeCharacters("\n");
      xml.writeStartElement("Page");
      xml.writeAttribute("WIDTH", Integer.toString(words.width()));
      xml.writeAttribute("HEIGHT", Integer.toString(words.height()));
      xml.writeAttribute("PHYSICAL_IMG_NR", Integer.toString(n));
      xml.writeAttribute("ID", "page_" + n);
      xml.writeStartElement("PrintSpace");
      position(new Box(0, 0, words.width(), words.height()));
      int b = 0;
      int l = 0;
      int w = 0;
      for (PageWords.Block block : words.blocks()) {
        xml.writeStartElement("TextBlock");
        xml.writeAttribute("ID", "block_" + n + "_" + ++b);
        position(block.box());
        for (PageWords.Paragraph paragraph : block.paragraphs()) {
          for (PageWords.Line line : paragraph.lines()) {
            xml.writeStartElement("TextLine");
            xml.writeAttribute("ID", "line_" + n + "_" + ++l);
            position(line.box());
            PageWords.Word previous = null;
            for (PageWords.Word word : line.words()) {
              if (previous != null) {
                xml.writeEmptyElement("SP");
                int gap = Math.max(0, word.box().left() - previous.box().right());
                xml.writeAttribute("WIDTH", Integer.toString(gap));
                xml.writeAttribute("HPOS", Integer.toString(previous.box().right()));
                xml.writeAttribute("VPOS", Integer.toString(line.box().top()));
              }
              xml.writeEmptyElement("String");
              xml.writeAttribute("ID", "string_" + n + "_" + ++w);
              position(word.box());
              double confidence = Math.max(0, Math.min(100, word.confidence())) / 100;
              xml.writeAttribute("WC", String.format(Locale.ROOT, "%.2f", confidence));
              xml.writeAttribute("CONTENT", word.text());
              previous = word;
            }
            xml.writeEndElement();
          }
        }
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndElement();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  private void position(Box box) throws XMLStreamException {
    xml.writeAttribute("HPOS", Integer.toString(box.left()));
    xml.writeAttribute("VPOS", Integer.toString(box.top()));
    xml.writeAttribute("WIDTH", Integer.toString(box.width()));
    xml.writeAttribute("HEIGHT", Integer.toString(box.height()));
  }

  private void text(String name, String value) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }
}
