package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.docbatch.library.BucketDocuments;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.ObjectStoreException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while every bucket {@code S3_ALLOWED} names, and that of {@code UPLOAD_ROOT}, answers
 * a HEAD: jobs naming its documents would wait for it otherwise, and uploads would be refused. A
 * node with neither asks nothing and is up. The data names the buckets out of reach and why, never
 * a credential.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreReadinessCheck implements HealthCheck {

  @Inject BucketDocuments documents;
  @Inject DocumentLibrary library;
  @Inject ObjectStore store;

  @Override
  public HealthCheckResponse call() {
    Set<String> buckets = new LinkedHashSet<>(documents.buckets());
    library.uploadBucket().ifPresent(buckets::add);
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("object-store").withData("buckets", String.join(",", buckets));
    List<String> unreachable = new ArrayList<>();
    for (String bucket : buckets) {
      try {
        store.checkBucket(bucket);
      } catch (ObjectStoreException e) {
        unreachable.add(bucket);
        response.withData("error_" + bucket, e.getMessage());
      }
    }
    if (unreachable.isEmpty()) {
      return response.up().build();
    }
    return response.down().withData("unreachable", String.join(",", unreachable)).build();
  }
}
