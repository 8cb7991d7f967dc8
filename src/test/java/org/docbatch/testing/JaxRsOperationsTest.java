package org.docbatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.docbatch.api.DocbatchApplication;
import org.junit.jupiter.api.Test;

/** OpenApiIT compares the document with these operations: they must be the resources' own. */
class JaxRsOperationsTest {

  @Test
  void findsEachResourceMethodWithItsFullPathParametersAndBody() throws Exception {
    Map<String, JaxRsOperations.Operation> operations =
        JaxRsOperations.of(DocbatchApplication.class).stream()
            .collect(Collectors.toMap(JaxRsOperations.Operation::operation, Function.identity()));

    JaxRsOperations.Operation results = operations.get("GET /api/jobs/{id}/results");
    assertEquals(Set.of("offset", "limit"), results.queryParameters());
    assertEquals(Set.of("id"), results.pathParameters());
    assertEquals(false, results.hasBody());
    assertEquals(true, operations.get("POST /api/jobs").hasBody());
    assertEquals(true, operations.get("POST /api/documents").hasBody());
    assertEquals(false, operations.get("POST /api/jobs/{id}/retry").hasBody());
    assertEquals(false, operations.get("GET /api/events").hasBody(), "@Context is not the body");
    assertEquals(Set.of("format"), operations.get("GET /api/config/default").queryParameters());
  }

  @Test
  void pathTemplatesLoseTheirRegularExpressionsAndStraySlashes() {
    assertEquals("/api/jobs/{id}", JaxRsOperations.template("/api", "/jobs/", "{id: [0-9a-f-]+}"));
    assertEquals("/api/jobs", JaxRsOperations.template("/api/", "jobs", ""));
  }
}
