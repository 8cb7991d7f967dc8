package org.docbatch.worker.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.docbatch.worker.spi.DocumentException;
import org.junit.jupiter.api.Test;

class NlpOptionsTest {

  @Test
  void defaultsToTokensLemmasAndEntities() throws Exception {
    NlpOptions options = NlpOptions.from(json("{}"));

    assertEquals(
        List.of("tokenize", "ssplit", "pos", "lemma", "ner"), options.annotators().names());
    assertFalse(options.sentiment());
    assertEquals(NlpOptions.DEFAULT_MAX_CHARS, options.maxChars());
    assertEquals(20, options.topLemmas());
  }

  @Test
  void completesAnnotatorsWithWhatTheyNeedInCoreNlpOrder() throws Exception {
    NlpOptions fromString = NlpOptions.from(json("{\"annotators\": \" NER , tokenize\"}"));
    NlpOptions fromArray = NlpOptions.from(json("{\"annotators\": [\"lemma\"]}"));

    assertEquals("tokenize,ssplit,pos,lemma,ner", fromString.annotators().property());
    assertEquals("tokenize,ssplit,pos,lemma", fromArray.annotators().property());
  }

  @Test
  void sentimentAddsTheParserAndSentiment() throws Exception {
    NlpOptions flag = NlpOptions.from(json("{\"sentiment\": true}"));
    NlpOptions named = NlpOptions.from(json("{\"annotators\": \"sentiment\"}"));

    assertEquals("tokenize,ssplit,pos,lemma,ner,parse,sentiment", flag.annotators().property());
    assertTrue(flag.sentiment());
    assertEquals("tokenize,ssplit,pos,parse,sentiment", named.annotators().property());
    assertTrue(named.sentiment());
  }

  @Test
  void refusesAnAnnotatorItDoesNotOfferNamingTheOption() {
    DocumentException e =
        assertThrows(
            DocumentException.class,
            () -> NlpOptions.from(json("{\"annotators\": \"tokenize,coref\"}")));

    assertEquals("bad_option", e.code());
    assertTrue(e.getMessage().contains("annotators"), e.getMessage());
    assertTrue(e.getMessage().contains("'coref'"), e.getMessage());
  }

  @Test
  void refusesWronglyTypedOptions() {
    for (String bad :
        List.of(
            "{\"annotators\": 3}",
            "{\"annotators\": [1]}",
            "{\"annotators\": \" , \"}",
            "{\"sentiment\": \"yes\"}",
            "{\"max_chars\": 0}",
            "{\"max_chars\": 2000000}",
            "{\"top_lemmas\": -1}")) {
      DocumentException e = assertThrows(DocumentException.class, () -> NlpOptions.from(json(bad)));
      assertEquals("bad_option", e.code(), bad);
    }
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
