package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;

/**
 * hOCR 1.2 as XHTML: an {@code ocr_page} per page, holding {@code ocr_carea} / {@code ocr_par} /
 * {@code ocr_line} / {@code ocrx_word} elements, each with its {@code bbox} in the pixels of the
 * page as read, and {@code x_wconf} on words. No DOCTYPE: it parses as XML without fetching a DTD.
 */
public final class HocrWriter extends XmlPageSink {

  private static final String XHTML = "http://www.w3.org/1999/xhtml";

  private final String imageName;
  private final String language;

  /**
   * @param imageName the document's name, given as each page's {@code image}
   * @param language the language read, Tesseract's code ({@code eng})
   */
  public HocrWriter(OutputStream out, String imageName, String language) throws IOException {
    super(out);
    this.imageName = imageName;
    this.language = language;
    try {
      xml.writeStartElement("html");
      xml.writeDefaultNamespace(XHTML);
      xml.writeAttribute("xml:lang", language);
      xml.writeAttribute("lang", language);
      xml.writeStartElement("head");
      element("title", imageName);
      meta("http-equiv", "Content-Type", "text/html;charset=utf-8");
      meta("name", "ocr-system", "docbatch (tesseract)");
      meta(
          "name",
          "ocr-capabilities",
          "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf ocrp_lang");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeStartElement("body");
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
      xml.writeStartElement("div");
      xml.writeAttribute("class", "ocr_page");
      xml.writeAttribute("id", "page_" + n);
      xml.writeAttribute(
          "title",
          "image \""
              + imageName.replace("\"", "")
              + "\"; "
              + new Box(0, 0, words.width(), words.height()).hocr()
              + "; ppageno "
              + (n - 1)
              + "; scan_res "
              + page.dpi()
              + " "
              + page.dpi());
      int b = 0;
      int p = 0;
      int l = 0;
      int w = 0;
      for (PageWords.Block block : words.blocks()) {
        start("div", "ocr_carea", "block_" + n + "_" + ++b, block.box().hocr());
        for (PageWords.Paragraph paragraph : block.paragraphs()) {
          start("p", "ocr_par", "par_" + n + "_" + ++p, paragraph.box().hocr());
          xml.writeAttribute("lang", language);
          for (PageWords.Line line : paragraph.lines()) {
            Box box = line.box();
            start(
                "span",
                "ocr_line",
                "line_" + n + "_" + ++l,
                box.hocr() + "; baseline 0 0; x_size " + box.height());
            for (PageWords.Word word : line.words()) {
              start(
                  "span",
                  "ocrx_word",
                  "word_" + n + "_" + ++w,
                  word.box().hocr() + "; x_wconf " + Math.round(word.confidence()));
              xml.writeCharacters(word.text());
              xml.writeEndElement();
              xml.writeCharacters(" ");
            }
            xml.writeEndElement();
          }
          xml.writeEndElement();
        }
        xml.writeEndElement();
      }
      xml.writeEndElement();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  private void start(String name, String hocrClass, String id, String title)
      throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeAttribute("class", hocrClass);
    xml.writeAttribute("id", id);
    xml.writeAttribute("title", title);
  }

  private void element(String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(text);
    xml.writeEndElement();
  }

  private void meta(String kind, String name, String content) throws XMLStreamException {
    xml.writeEmptyElement("meta");
    xml.writeAttribute(kind, name);
    xml.writeAttribute("content", content);
  }
}
