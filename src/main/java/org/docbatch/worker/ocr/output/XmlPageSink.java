package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * What hOCR and ALTO share: an XML document streamed a page at a time, whose two outer elements
 * (html/body, alto/Layout) stay open until {@link #finish}.
 */
abstract class XmlPageSink implements PageSink {

  private final OutputStream stream;
  protected final XMLStreamWriter xml;

  XmlPageSink(OutputStream out) throws IOException {
    this.stream = out;
    try {
      xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void finish() throws IOException {
    try {
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    } finally {
      stream.close();
    }
  }
}
