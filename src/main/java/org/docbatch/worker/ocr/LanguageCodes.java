package org.docbatch.worker.ocr;

import java.util.Map;

/**
 * ISO 639-1 language codes ({@code en}, {@code de}), as the spec's examples write them, to the
 * Tesseract codes their language data is named by ({@code eng}, {@code deu}). Tesseract's own codes
 * pass through unchanged.
 */
final class LanguageCodes {

  /** The languages Debian packages as {@code tesseract-ocr-<code>}, by their ISO 639-1 code. */
  private static final Map<String, String> TESSERACT =
      Map.ofEntries(
          Map.entry("af", "afr"),
          Map.entry("ar", "ara"),
          Map.entry("be", "bel"),
          Map.entry("bg", "bul"),
          Map.entry("bn", "ben"),
          Map.entry("ca", "cat"),
          Map.entry("cs", "ces"),
          Map.entry("cy", "cym"),
          Map.entry("da", "dan"),
          Map.entry("de", "deu"),
          Map.entry("el", "ell"),
          Map.entry("en", "eng"),
          Map.entry("eo", "epo"),
          Map.entry("es", "spa"),
          Map.entry("et", "est"),
          Map.entry("eu", "eus"),
          Map.entry("fa", "fas"),
          Map.entry("fi", "fin"),
          Map.entry("fr", "fra"),
          Map.entry("ga", "gle"),
          Map.entry("gl", "glg"),
          Map.entry("gu", "guj"),
          Map.entry("he", "heb"),
          Map.entry("hi", "hin"),
          Map.entry("hr", "hrv"),
          Map.entry("hu", "hun"),
          Map.entry("hy", "hye"),
          Map.entry("id", "ind"),
          Map.entry("is", "isl"),
          Map.entry("it", "ita"),
          Map.entry("ja", "jpn"),
          Map.entry("ka", "kat"),
          Map.entry("kk", "kaz"),
          Map.entry("ko", "kor"),
          Map.entry("la", "lat"),
          Map.entry("lt", "lit"),
          Map.entry("lv", "lav"),
          Map.entry("mk", "mkd"),
          Map.entry("ml", "mal"),
          Map.entry("mr", "mar"),
          Map.entry("ms", "msa"),
          Map.entry("mt", "mlt"),
          Map.entry("nb", "nor"),
          Map.entry("nl", "nld"),
          Map.entry("no", "nor"),
          Map.entry("pa", "pan"),
          Map.entry("pl", "pol"),
          Map.entry("pt", "por"),
          Map.entry("ro", "ron"),
          Map.entry("ru", "rus"),
          Map.entry("sk", "slk"),
          Map.entry("sl", "slv"),
          Map.entry("sq", "sqi"),
          Map.entry("sr", "srp"),
          Map.entry("sv", "swe"),
          Map.entry("sw", "swa"),
          Map.entry("ta", "tam"),
          Map.entry("te", "tel"),
          Map.entry("th", "tha"),
          Map.entry("tl", "tgl"),
          Map.entry("tr", "tur"),
          Map.entry("uk", "ukr"),
          Map.entry("ur", "urd"),
          Map.entry("uz", "uzb"),
          Map.entry("vi", "vie"),
          Map.entry("yi", "yid"),
          Map.entry("zh", "chi_sim"));

  private LanguageCodes() {}

  /** The Tesseract code for {@code code}: mapped when it is an ISO 639-1 code, else itself. */
  static String tesseract(String code) {
    return TESSERACT.getOrDefault(code, code);
  }
}
