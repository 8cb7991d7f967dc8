package org.docbatch.worker.ocr.output;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TrueType font program with two glyphs that draw nothing: {@code .notdef} and one glyph every
 * character of the searchable PDF's text layer is shown with. The text is invisible anyway (render
 * mode 3); the font is there because PDF text must be in a font, and a font with no outlines that
 * maps every code to one glyph carries any script, where a real font would carry only the scripts
 * it has glyphs for. Written here rather than shipped as a file: about 500 bytes of the tables a
 * TrueType program needs (head, hhea, maxp, hmtx, loca, glyf, cmap, name, OS/2, post), in the
 * metrics the PDF font dictionary declares ({@link GlyphlessFont}).
 */
final class GlyphlessTrueType {

  static final String NAME = "DocbatchGlyphless";

  /** Font units per em; every glyph advances half of it, as the PDF font's {@code /DW} says. */
  static final int UNITS_PER_EM = 1000;

  static final int ADVANCE = 500;
  static final int ASCENT = 800;
  static final int DESCENT = -200;

  private static final int GLYPHS = 2;

  /** 2026-01-01, in seconds since 1904 as TrueType counts: fixed, so the program never changes. */
  private static final long CREATED = 3_850_070_400L;

  private GlyphlessTrueType() {}

  /** The font program's bytes, the same every time. */
  static byte[] program() {
    Map<String, byte[]> tables = new TreeMap<>(); // table records sorted by tag, as required
    tables.put("OS/2", os2());
    tables.put("cmap", cmap());
    tables.put("glyf", new byte[0]); // both glyphs are empty: no contours, no data
    tables.put("head", head());
    tables.put("hhea", hhea());
    tables.put("hmtx", hmtx());
    tables.put("loca", new byte[2 * (GLYPHS + 1)]); // short offsets, all 0: empty glyphs
    tables.put("maxp", maxp());
    tables.put("name", name());
    tables.put("post", post());
    byte[] font = assemble(tables);
    // head.checkSumAdjustment makes the whole font's checksum the magic number.
    int adjustment = (int) (0xB1B0AFBAL - checksum(font));
    int headOffset = tableOffset(font, "head");
    ByteBuffer.wrap(font).putInt(headOffset + 8, adjustment);
    return font;
  }

  private static byte[] assemble(Map<String, byte[]> tables) {
    int count = tables.size();
    int power = Integer.highestOneBit(count);
    int offset = 12 + 16 * count;
    Map<String, Integer> offsets = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> table : tables.entrySet()) {
      offsets.put(table.getKey(), offset);
      offset += padded(table.getValue().length);
    }
    ByteBuffer font = ByteBuffer.allocate(offset);
    font.putInt(0x00010000).putShort((short) count);
    font.putShort((short) (power * 16))
        .putShort((short) Integer.numberOfTrailingZeros(power))
        .putShort((short) (count * 16 - power * 16));
    for (Map.Entry<String, byte[]> table : tables.entrySet()) {
      font.put(table.getKey().getBytes(StandardCharsets.US_ASCII));
      font.putInt((int) checksum(table.getValue()));
      font.putInt(offsets.get(table.getKey()));
      font.putInt(table.getValue().length);
    }
    for (Map.Entry<String, byte[]> table : tables.entrySet()) {
      font.position(offsets.get(table.getKey()));
      font.put(table.getValue());
    }
    return font.array();
  }

  private static int tableOffset(byte[] font, String tag) {
    ByteBuffer buffer = ByteBuffer.wrap(font);
    int count = buffer.getShort(4);
    for (int i = 0; i < count; i++) {
      int record = 12 + 16 * i;
      if (new String(font, record, 4, StandardCharsets.US_ASCII).equals(tag)) {
        return buffer.getInt(record + 8);
      }
    }
    throw new IllegalStateException("no " + tag + " table");
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }

  /** The sum of the data as big-endian 32-bit words, zero-padded, modulo 2^32. */
  private static long checksum(byte[] data) {
    long sum = 0;
    for (int i = 0; i < data.length; i += 4) {
      long word = 0;
      for (int j = 0; j < 4; j++) {
        word = (word << 8) | (i + j < data.length ? data[i + j] & 0xFF : 0);
      }
      sum = (sum + word) & 0xFFFFFFFFL;
    }
    return sum;
  }

  private static byte[] head() {
    return table(
        out -> {
          out.writeInt(0x00010000); // version 1.0
          out.writeInt(0x00010000); // fontRevision 1.0
          out.writeInt(0); // checkSumAdjustment, set once the font is whole
          out.writeInt(0x5F0F3CF5); // magicNumber
          out.writeShort(0x000B); // flags: baseline and left sidebearing at 0, integer ppem
          out.writeShort(UNITS_PER_EM);
          out.writeLong(CREATED); // created
          out.writeLong(CREATED); // modified
          out.writeShort(0); // xMin
          out.writeShort(DESCENT); // yMin
          out.writeShort(ADVANCE); // xMax
          out.writeShort(ASCENT); // yMax
          out.writeShort(0); // macStyle
          out.writeShort(3); // lowestRecPPEM
          out.writeShort(2); // fontDirectionHint
          out.writeShort(0); // indexToLocFormat: short offsets
          out.writeShort(0); // glyphDataFormat
        });
  }

  private static byte[] hhea() {
    return table(
        out -> {
          out.writeInt(0x00010000);
          out.writeShort(ASCENT);
          out.writeShort(DESCENT);
          out.writeShort(0); // lineGap
          out.writeShort(ADVANCE); // advanceWidthMax
          out.writeShort(0); // minLeftSideBearing
          out.writeShort(0); // minRightSideBearing
          out.writeShort(0); // xMaxExtent
          out.writeShort(1); // caretSlopeRise: upright
          out.writeShort(0); // caretSlopeRun
          out.writeShort(0); // caretOffset
          out.writeLong(0); // four reserved shorts
          out.writeShort(0); // metricDataFormat
          out.writeShort(GLYPHS); // numberOfHMetrics
        });
  }

  private static byte[] maxp() {
    return table(
        out -> {
          out.writeInt(0x00010000); // version 1.0, with TrueType's fields
          out.writeShort(GLYPHS);
          out.writeShort(0); // maxPoints
          out.writeShort(0); // maxContours
          out.writeShort(0); // maxCompositePoints
          out.writeShort(0); // maxCompositeContours
          out.writeShort(2); // maxZones
          for (int i = 0; i < 8; i++) {
            out.writeShort(0); // twilight points, storage, functions, instructions, stack...
          }
        });
  }

  private static byte[] hmtx() {
    return table(
        out -> {
          for (int i = 0; i < GLYPHS; i++) {
            out.writeShort(ADVANCE);
            out.writeShort(0); // left side bearing
          }
        });
  }

  /**
   * A Windows Unicode cmap (format 4) with only the closing segment: the PDF maps codes to the
   * glyph itself ({@code /CIDToGIDMap}), but some readers look for a cmap table all the same.
   */
  private static byte[] cmap() {
    return table(
        out -> {
          out.writeShort(0); // version
          out.writeShort(1); // one encoding record
          out.writeShort(3); // platform: Windows
          out.writeShort(1); // encoding: Unicode BMP
          out.writeInt(12); // subtable offset
          out.writeShort(4); // format
          out.writeShort(24); // length
          out.writeShort(0); // language
          out.writeShort(2); // segCountX2: one segment
          out.writeShort(2); // searchRange
          out.writeShort(0); // entrySelector
          out.writeShort(0); // rangeShift
          out.writeShort(0xFFFF); // endCode
          out.writeShort(0); // reservedPad
          out.writeShort(0xFFFF); // startCode
          out.writeShort(1); // idDelta
          out.writeShort(0); // idRangeOffset
        });
  }

  /** Family, subfamily, full and PostScript names, in Windows Unicode (UTF-16BE). */
  private static byte[] name() {
    String[] names = {NAME, "Regular", NAME, NAME};
    int[] ids = {1, 2, 4, 6};
    return table(
        out -> {
          out.writeShort(0); // format
          out.writeShort(names.length);
          out.writeShort(6 + 12 * names.length); // string storage offset
          int offset = 0;
          for (int i = 0; i < names.length; i++) {
            int length = names[i].getBytes(StandardCharsets.UTF_16BE).length;
            out.writeShort(3); // Windows
            out.writeShort(1); // Unicode BMP
            out.writeShort(0x0409); // en-US
            out.writeShort(ids[i]);
            out.writeShort(length);
            out.writeShort(offset);
            offset += length;
          }
          for (String name : names) {
            out.write(name.getBytes(StandardCharsets.UTF_16BE));
          }
        });
  }

  private static byte[] os2() {
    return table(
        out -> {
          out.writeShort(4); // version
          out.writeShort(ADVANCE); // xAvgCharWidth
          out.writeShort(400); // usWeightClass: regular
          out.writeShort(5); // usWidthClass: medium
          out.writeShort(0); // fsType: installable, embedding unrestricted
          for (int size : new int[] {650, 600, 0, 75, 650, 600, 0, 350}) {
            out.writeShort(size); // sub- and superscript sizes and offsets
          }
          out.writeShort(50); // yStrikeoutSize
          out.writeShort(300); // yStrikeoutPosition
          out.writeShort(0); // sFamilyClass
          out.write(new byte[10]); // panose: any
          out.write(new byte[16]); // ulUnicodeRange1-4
          out.write("NONE".getBytes(StandardCharsets.US_ASCII)); // achVendID
          out.writeShort(0x40); // fsSelection: regular
          out.writeShort(0xFFFF); // usFirstCharIndex
          out.writeShort(0xFFFF); // usLastCharIndex
          out.writeShort(ASCENT); // sTypoAscender
          out.writeShort(DESCENT); // sTypoDescender
          out.writeShort(0); // sTypoLineGap
          out.writeShort(ASCENT); // usWinAscent
          out.writeShort(-DESCENT); // usWinDescent
          out.writeInt(1); // ulCodePageRange1: Latin 1
          out.writeInt(0); // ulCodePageRange2
          out.writeShort(ASCENT / 2); // sxHeight
          out.writeShort(ASCENT); // sCapHeight
          out.writeShort(0); // usDefaultChar
          out.writeShort(32); // usBreakChar
          out.writeShort(1); // usMaxContext
        });
  }

  /** Version 3: no glyph names. */
  private static byte[] post() {
    return table(
        out -> {
          out.writeInt(0x00030000);
          out.writeInt(0); // italicAngle
          out.writeShort(-100); // underlinePosition
          out.writeShort(50); // underlineThickness
          out.writeInt(1); // isFixedPitch
          out.writeLong(0); // minMemType42, maxMemType42
          out.writeLong(0); // minMemType1, maxMemType1
        });
  }

  private interface TableBody {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] table(TableBody body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }
}
