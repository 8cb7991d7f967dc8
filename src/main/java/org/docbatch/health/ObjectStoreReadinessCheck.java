package org.docbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.library.BucketDocuments;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.ObjectStoreException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while every bucket {@code S3_ALLOWED} names answers a HEAD: jobs naming its documents
 * would wait for it otherwise. A node with no {@code S3_ALLOWED} asks nothing and is up. The data
 * names the buckets out of reach and why, never a credential.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreReadinessCheck implements HealthCheck {

  @Inject BucketDocuments documents;
  @Inject ObjectStore store;

  @Override
  public HealthCheckResponse call() {
    List<String> buckets = documents.buckets();
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
