package org.docbatch.worker.ocr.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What both Tesseract builds do around a page the same way: the injected fault (tests), one native
 * handle kept for the language last read and made again only when the language changes (about 70
 * ms), orientation detection with a second handle for {@code osd} when asked and the page read
 * weakly as it came (a page found turned is then read again upright, and the better reading kept),
 * and their release. A subclass says how its binding makes, frees, detects and reads with a handle.
 *
 * @param <H> the binding's handle type
 */
abstract class HandleEngine<H> implements OcrEngine {

  private final Path tessdata;
  private final boolean faultsEnabled;
  private H handle;
  private String language;
  private H osd;

  /**
   * @param tessdata the folder holding {@code <language>.traineddata}
   * @param faultsEnabled whether {@link OcrRequest#fault()} is honoured (tests only)
   */
  HandleEngine(Path tessdata, boolean faultsEnabled) {
    this.tessdata = tessdata;
    this.faultsEnabled = faultsEnabled;
  }

  /** A handle initialised for {@code language} from {@code tessdata}, or null when it failed. */
  abstract H create(Path tessdata, String language);

  /** Frees a handle (it was ended first where the binding needs it). */
  abstract void destroy(H handle);

  /**
   * Reads one page with a handle ready for its language.
   *
   * @param started {@link System#nanoTime()} when the request arrived
   */
  abstract Read read(H handle, OcrRequest request, long started) throws OcrEngineException;

  /**
   * A page's reading, and whether Tesseract's layout analysis found most of its blocks of text
   * running sideways (the page came in a quarter turn off). Tesseract reads such a page well enough
   * as it came (on the generated pages, turned 90 degrees clockwise: confidence 95, the text
   * right), but its words' boxes then stand on end, which the outputs (searchable PDF, hOCR) cannot
   * use.
   */
  record Read(PageText text, boolean sideways) {}

  /**
   * The page's orientation by Tesseract's OSD, with a handle made for {@code osd}.
   *
   * @return the orientation found, or {@link Orientation#UNKNOWN} when OSD could not tell (too few
   *     letters)
   */
  abstract Orientation detect(H osdHandle, GrayPage page);

  @Override
  public final PageText recognize(OcrRequest request) throws OcrEngineException {
    long started = System.nanoTime();
    if (faultsEnabled && !request.fault().isEmpty()) {
      Faults.inject(request.fault());
    }
    H reader = handleFor(request.language());
    Read first = read(reader, request, started);
    PageText asItCame = first.text();
    if (!request.detectOrientation() || !(first.sideways() || asItCame.weak(request.weakBelow()))) {
      return asItCame;
    }
    Orientation found = orientation(request.page());
    if (!found.rotated()) {
      return asItCame.with(found, millisSince(started));
    }
    OcrRequest upright = request.withPage(PageRotation.upright(request.page(), found.degrees()));
    PageText turned = read(reader, upright, started).text();
    // OSD can be wrong on a page of few letters: the upright reading must be the better one, or,
    // when the first stood sideways, as good (its word boxes lie the way the outputs need them).
    boolean keepTurned =
        first.sideways() ? !asItCame.betterThan(turned) : turned.betterThan(asItCame);
    return keepTurned
        ? turned.with(found, millisSince(started))
        : asItCame.with(found.notActedOn(), millisSince(started));
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** Unchecked when {@code osd.traineddata} is not installed: the page is read as it came. */
  private Orientation orientation(GrayPage page) {
    if (osd == null) {
      if (!Files.isReadable(tessdata.resolve("osd.traineddata"))) {
        return Orientation.UNCHECKED;
      }
      osd = create(tessdata, "osd");
      if (osd == null) {
        return Orientation.UNCHECKED;
      }
    }
    return detect(osd, HalfScale.of(page));
  }

  private H handleFor(String wanted) throws OcrEngineException {
    if (handle != null && wanted.equals(language)) {
      return handle;
    }
    PageFailures.requireInstalled(tessdata, wanted);
    close();
    H created = create(tessdata, wanted);
    if (created == null) {
      throw PageFailures.notLoaded(tessdata, wanted);
    }
    handle = created;
    language = wanted;
    return handle;
  }

  @Override
  public final void close() {
    if (osd != null) {
      destroy(osd);
      osd = null;
    }
    if (handle != null) {
      destroy(handle);
      handle = null;
      language = null;
    }
  }
}
