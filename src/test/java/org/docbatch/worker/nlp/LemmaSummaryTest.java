package org.docbatch.worker.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class LemmaSummaryTest {

  @Test
  void countsContentLemmasMostFrequentFirstAndSkipsGrammar() {
    // given: "The Curies visited Paris. They were visiting the old labs; labs are old, really."
    LemmaSummary summary = new LemmaSummary();
    String[][] tokens = {
      {"the", "DT"},
      {"Curie", "NNPS"},
      {"visit", "VBD"},
      {"Paris", "NNP"},
      {".", "."},
      {"they", "PRP"},
      {"be", "VBD"},
      {"visit", "VBG"},
      {"the", "DT"},
      {"old", "JJ"},
      {"lab", "NNS"},
      {";", ":"},
      {"Lab", "NNS"},
      {"be", "VBP"},
      {"old", "JJ"},
      {",", ","},
      {"really", "RB"},
      {"42", "CD"},
      {"--", "NN"}
    };

    // when
    for (String[] token : tokens) {
      summary.add(token[0], token[1]);
    }
    JsonObject json = summary.toJson(3);

    // then: "be" is grammar, "42" is no content word, "--" has no letter; "Lab" is a common noun
    assertEquals(9, json.getInt("content_words"));
    assertEquals(6, json.getInt("distinct"));
    assertEquals(
        "[{\"lemma\":\"lab\",\"count\":2},{\"lemma\":\"old\",\"count\":2},"
            + "{\"lemma\":\"visit\",\"count\":2}]",
        json.getJsonArray("top").toString());
  }

  @Test
  void properNounsKeepTheirCase() {
    LemmaSummary summary = new LemmaSummary();
    summary.add("Apple", "NNP");
    summary.add("apple", "NN");

    assertEquals(2, summary.toJson(10).getInt("distinct"));
  }
}
