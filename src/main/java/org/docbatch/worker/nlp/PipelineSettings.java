package org.docbatch.worker.nlp;

import java.util.Properties;

/**
 * The CoreNLP properties docbatch builds its pipelines with. {@code bench/nlp-vs-corenlp.sh} runs
 * its plain CoreNLP loop with these same properties, so the two sides do the same work.
 *
 * <p>NER runs in its lighter form (measured in docs/design.md: about 342 MB of heap instead of 811
 * MB, about 3x faster per document), which is what lets four NLP threads share a 2 GB node:
 *
 * <ul>
 *   <li>{@code ner.applyFineGrained=false}: no second pass of about 600,000 regular expressions
 *       that would refine LOCATION into CITY, COUNTRY, STATE_OR_PROVINCE and add TITLE,
 *       NATIONALITY, RELIGION...; entities keep the coarse CRF types (PERSON, LOCATION,
 *       ORGANIZATION, MISC, DATE, TIME, MONEY, PERCENT, NUMBER, ORDINAL...).
 *   <li>{@code ner.useSUTime=false}: dates and times are still found, by the MUC 7-class CRF model
 *       that is part of the default NER models ("March 3, 2021", "last Tuesday" come out as DATE);
 *       only SUTime's normalised values (2021-03-03) are lost. SUTime also needs jollyday over JAXB
 *       2, which the WAR does not ship.
 *   <li>{@code ner.buildEntityMentions=true}: the result lists entities as mentions with character
 *       offsets; merging tokens into mentions costs next to nothing.
 * </ul>
 *
 * <p>{@code parse.maxlen=100}: the PCFG parser that sentiment needs is cubic in a sentence's
 * length; longer sentences (usually lists or tables mistaken for prose) are not parsed, and get no
 * sentiment.
 */
public final class PipelineSettings {

  private PipelineSettings() {}

  public static Properties properties(AnnotatorSet annotators) {
    Properties properties = new Properties();
    properties.setProperty("annotators", annotators.property());
    properties.setProperty("tokenize.language", "en");
    properties.setProperty("ner.applyFineGrained", "false");
    properties.setProperty("ner.useSUTime", "false");
    properties.setProperty("ner.buildEntityMentions", "true");
    properties.setProperty("parse.maxlen", "100");
    return properties;
  }
}
