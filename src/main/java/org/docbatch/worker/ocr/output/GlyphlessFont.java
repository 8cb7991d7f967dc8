package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The text layer's font in one PDF: a Type0 font (Identity-H, two-byte codes) over a CIDFontType2
 * whose program is {@link GlyphlessTrueType}, as Tesseract's and OCRmyPDF's text layers are made.
 * Every code is shown with the one empty glyph ({@code /CIDToGIDMap}) at one width ({@code /DW}),
 * so any script can be laid; the {@code /ToUnicode} map gives each code back its text, so copying
 * and searching give what was read.
 *
 * <p>Codes are given out per document, one per distinct code point in the order first laid (1, 2,
 * ...), rather than Tesseract's UTF-16 code units: a character beyond the BMP then maps to its
 * whole code point, not to two halves of a surrogate pair, and the maps hold only the characters
 * the document uses. The two maps are written when the document is saved ({@link #finish}).
 */
final class GlyphlessFont {

  /** Codes are two bytes; 0 stays .notdef, so a document can use 65,535 distinct characters. */
  private static final int LAST_CODE = 0xFFFF;

  private final COSDictionary font = new COSDictionary();
  private final COSStream toUnicode;
  private final COSStream cidToGid;
  private final Map<Integer, Integer> codes = new HashMap<>();
  private final List<Integer> codePoints = new ArrayList<>();

  GlyphlessFont(PDDocument pdf) throws IOException {
    toUnicode = pdf.getDocument().createCOSStream();
    cidToGid = pdf.getDocument().createCOSStream();

    COSStream program = pdf.getDocument().createCOSStream();
    byte[] bytes = GlyphlessTrueType.program();
    program.setInt(COSName.LENGTH1, bytes.length);
    try (OutputStream out = program.createOutputStream(COSName.FLATE_DECODE)) {
      out.write(bytes);
    }

    COSDictionary descriptor = new COSDictionary();
    descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
    descriptor.setName(COSName.FONT_NAME, GlyphlessTrueType.NAME);
    descriptor.setInt(COSName.FLAGS, 5); // fixed pitch, symbolic: no standard encoding applies
    descriptor.setItem(
        COSName.FONT_BBOX,
        numbers(0, GlyphlessTrueType.DESCENT, GlyphlessTrueType.ADVANCE, GlyphlessTrueType.ASCENT));
    descriptor.setInt(COSName.ITALIC_ANGLE, 0);
    descriptor.setInt(COSName.ASCENT, GlyphlessTrueType.ASCENT);
    descriptor.setInt(COSName.DESCENT, GlyphlessTrueType.DESCENT);
    descriptor.setInt(COSName.CAP_HEIGHT, GlyphlessTrueType.ASCENT);
    descriptor.setInt(COSName.STEM_V, 80);
    descriptor.setItem(COSName.FONT_FILE2, program);

    COSDictionary systemInfo = new COSDictionary();
    systemInfo.setString(COSName.REGISTRY, "Adobe");
    systemInfo.setString(COSName.ORDERING, "Identity");
    systemInfo.setInt(COSName.SUPPLEMENT, 0);
    systemInfo.setDirect(true);

    COSDictionary cidFont = new COSDictionary();
    cidFont.setItem(COSName.TYPE, COSName.FONT);
    cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE2);
    cidFont.setName(COSName.BASE_FONT, GlyphlessTrueType.NAME);
    cidFont.setItem(COSName.CIDSYSTEMINFO, systemInfo);
    cidFont.setItem(COSName.FONT_DESC, descriptor);
    cidFont.setInt(COSName.DW, GlyphlessTrueType.ADVANCE);
    cidFont.setItem(COSName.CID_TO_GID_MAP, cidToGid);

    COSArray descendants = new COSArray();
    descendants.add(cidFont);
    descendants.setDirect(true);
    font.setItem(COSName.TYPE, COSName.FONT);
    font.setItem(COSName.SUBTYPE, COSName.TYPE0);
    font.setName(COSName.BASE_FONT, GlyphlessTrueType.NAME);
    font.setItem(COSName.ENCODING, COSName.IDENTITY_H);
    font.setItem(COSName.DESCENDANT_FONTS, descendants);
    font.setItem(COSName.TO_UNICODE, toUnicode);
  }

  /** The Type0 font dictionary, to name in a page's resources. */
  COSDictionary dictionary() {
    return font;
  }

  /** Each code point's two-byte code, giving out new codes as needed. */
  byte[] encode(String text) {
    int[] points = text.codePoints().toArray();
    byte[] encoded = new byte[2 * points.length];
    for (int i = 0; i < points.length; i++) {
      int code = code(points[i]);
      encoded[2 * i] = (byte) (code >> 8);
      encoded[2 * i + 1] = (byte) code;
    }
    return encoded;
  }

  private int code(int codePoint) {
    Integer known = codes.get(codePoint);
    if (known != null) {
      return known;
    }
    if (codePoints.size() == LAST_CODE) {
      // A document of more distinct characters than codes (none seen): the rest copy as U+FFFD.
      return code(0xFFFD);
    }
    codePoints.add(codePoint);
    codes.put(codePoint, codePoints.size());
    return codePoints.size();
  }

  /** Writes the maps of the codes given out: to the one glyph, and back to their text. */
  void finish() throws IOException {
    try (OutputStream out = cidToGid.createOutputStream(COSName.FLATE_DECODE)) {
      byte[] map = new byte[2 * (codePoints.size() + 1)];
      for (int code = 1; code <= codePoints.size(); code++) {
        map[2 * code + 1] = 1; // glyph 1, the empty one; code 0 stays on .notdef
      }
      out.write(map);
    }
    try (OutputStream out = toUnicode.createOutputStream(COSName.FLATE_DECODE)) {
      out.write(toUnicodeCMap().getBytes(StandardCharsets.US_ASCII));
    }
  }

  private String toUnicodeCMap() {
    StringBuilder cmap = new StringBuilder(64 + 20 * codePoints.size());
    cmap.append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
        .append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
        .append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
        .append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    // At most 100 entries a block, as the CMap format asks.
    for (int start = 0; start < codePoints.size(); start += 100) {
      int end = Math.min(codePoints.size(), start + 100);
      cmap.append(end - start).append(" beginbfchar\n");
      for (int i = start; i < end; i++) {
        cmap.append(String.format("<%04X> <", i + 1));
        for (char unit : Character.toChars(codePoints.get(i))) {
          cmap.append(String.format("%04X", (int) unit));
        }
        cmap.append(">\n");
      }
      cmap.append("endbfchar\n");
    }
    return cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
        .toString();
  }

  private static COSArray numbers(int... values) {
    COSArray array = new COSArray();
    for (int value : values) {
      array.add(COSInteger.get(value));
    }
    array.setDirect(true);
    return array;
  }
}
