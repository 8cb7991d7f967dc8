package org.docbatch.s3;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The node's client of an S3-compatible object store, and the few operations docbatch needs of it,
 * with the SDK's exceptions translated into {@link ObjectStoreException}s. Built on first use: a
 * node that never names {@code s3://} makes no client and needs no credentials.
 *
 * <p>Credentials and region come the AWS way (the SDK's default chains: environment, profiles, web
 * identity for Kubernetes service accounts); {@code S3_ENDPOINT} and {@code S3_PATH_STYLE} point it
 * at an S3-compatible store (MinIO, Ceph, S3Proxy). Checksums are sent only where S3 requires them
 * by default ({@code S3_CHECKSUMS=when_required}): current SDKs send CRC32 headers on every upload,
 * which S3Proxy and older MinIO and Ceph answer with 501. Throttling, 5xx answers and lost
 * connections are retried by the SDK with backoff, {@code S3_MAX_ATTEMPTS} attempts in all.
 */
@ApplicationScoped
public class ObjectStore {

  /** {@code S3_ENDPOINT}: an S3-compatible store's URL; none: AWS's own endpoints. */
  @Inject
  @ConfigProperty(name = "s3.endpoint")
  Optional<String> endpoint;

  /** {@code S3_PATH_STYLE}: {@code host/bucket/key} rather than {@code bucket.host/key}. */
  @Inject
  @ConfigProperty(name = "s3.path.style", defaultValue = "false")
  boolean pathStyle;

  /** {@code AWS_REGION}; none: the SDK's region chain, else {@code us-east-1}. */
  @Inject
  @ConfigProperty(name = "aws.region")
  Optional<String> region;

  /** {@code S3_CHECKSUMS}: {@code when_required} or {@code when_supported}. */
  @Inject
  @ConfigProperty(name = "s3.checksums", defaultValue = "when_required")
  String checksums;

  /** {@code S3_MAX_ATTEMPTS}: tries of one request, the first included. */
  @Inject
  @ConfigProperty(name = "s3.max.attempts", defaultValue = "5")
  int maxAttempts;

  private volatile S3Client client;

  /** Set once the store refused a multi-object delete: it is not asked again. */
  private volatile boolean oneByOne;

  /**
   * A store over a client made elsewhere (tests and tools outside the server); the node's own is
   * injected and builds its client from the settings.
   */
  public static ObjectStore over(S3Client client) {
    ObjectStore store = new ObjectStore();
    store.client = client;
    return store;
  }

  /** The SDK client, built on first use. */
  public S3Client client() {
    S3Client built = client;
    if (built == null) {
      synchronized (this) {
        built = client;
        if (built == null) {
          built =
              build(
                  endpoint.filter(e -> !e.isBlank()).orElse(null),
                  pathStyle,
                  region.filter(r -> !r.isBlank()).orElse(null),
                  "when_supported".equalsIgnoreCase(checksums),
                  maxAttempts);
          client = built;
        }
      }
    }
    return built;
  }

  /**
   * A client as the node makes one; also for tools and benchmarks outside the server.
   *
   * @param endpoint an S3-compatible store's URL, null for AWS
   * @param region null for the SDK's chain, else {@code us-east-1}
   */
  public static S3Client build(
      String endpoint, boolean pathStyle, String region, boolean allChecksums, int maxAttempts) {
    var builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60)))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .region(Region.of(region != null ? region : defaultRegion()))
            .forcePathStyle(pathStyle)
            .requestChecksumCalculation(
                allChecksums
                    ? RequestChecksumCalculation.WHEN_SUPPORTED
                    : RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                allChecksums
                    ? ResponseChecksumValidation.WHEN_SUPPORTED
                    : ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o ->
                    o.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(maxAttempts)));
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }

  private static String defaultRegion() {
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    } catch (SdkClientException e) {
      return "us-east-1"; // what S3-compatible stores expect when nothing is said
    }
  }

  /** What a HEAD says of the object, empty when there is none. */
  public Optional<ObjectInfo> head(S3Location location) throws ObjectStoreException {
    try {
      HeadObjectResponse head =
          client().headObject(b -> b.bucket(location.bucket()).key(location.key()));
      return Optional.of(
          new ObjectInfo(
              location,
              head.contentLength(),
              head.lastModified(),
              head.eTag(),
              head.contentType()));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw translate(e, location);
    } catch (SdkException e) {
      throw translate(e, location);
    }
  }

  /**
   * Copies the object into {@code target}, refusing one larger than {@code maxBytes} before its
   * content is read, and stopping at {@code maxBytes} if the store said less than it sends.
   *
   * @return the bytes copied
   */
  public long download(S3Location location, Path target, long maxBytes) throws IOException {
    try (ResponseInputStream<GetObjectResponse> object = get(location, null)) {
      Long size = object.response().contentLength();
      if (size != null && size > maxBytes) {
        object.abort();
        throw new ObjectStoreException.TooLarge(location, size, maxBytes);
      }
      try (OutputStream out = Files.newOutputStream(target)) {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        for (int n; (n = object.read(buffer)) > 0; ) {
          copied += n;
          if (copied > maxBytes) {
            object.abort();
            throw new ObjectStoreException.TooLarge(location, copied, maxBytes);
          }
          out.write(buffer, 0, n);
        }
        return copied;
      }
    } catch (SdkException e) {
      throw translate(e, location);
    }
  }

  /**
   * The object's bytes from {@code offset}, {@code length} of them ({@code -1}: to the end). Close
   * the stream when done: it holds a connection.
   */
  public InputStream open(S3Location location, long offset, long length)
      throws ObjectStoreException {
    String range =
        offset == 0 && length < 0
            ? null
            : "bytes=" + offset + "-" + (length < 0 ? "" : Long.toString(offset + length - 1));
    return get(location, range);
  }

  private ResponseInputStream<GetObjectResponse> get(S3Location location, String range)
      throws ObjectStoreException {
    try {
      return client().getObject(b -> b.bucket(location.bucket()).key(location.key()).range(range));
    } catch (SdkException e) {
      throw translate(e, location);
    }
  }

  /** Stores a file as the object, with user metadata ({@code x-amz-meta-*}). */
  public void put(S3Location location, Path file, String contentType, Map<String, String> metadata)
      throws ObjectStoreException {
    try {
      client()
          .putObject(
              b ->
                  b.bucket(location.bucket())
                      .key(location.key())
                      .contentType(contentType)
                      .metadata(metadata),
              RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw translate(e, location);
    }
  }

  /** Stores bytes as the object. */
  public void put(S3Location location, byte[] content, String contentType)
      throws ObjectStoreException {
    try {
      client()
          .putObject(
              b -> b.bucket(location.bucket()).key(location.key()).contentType(contentType),
              RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw translate(e, location);
    }
  }

  /**
   * The objects under a prefix in key order (folder markers left out), fetched a page (up to 1,000)
   * at a time as the stream is read: a listing of any size never sits in memory whole.
   *
   * @param startAfter a key: only objects after it (resuming a listing), null for all
   * @throws ListingFailure when the store fails, as the stream is read (its first page too)
   */
  public Stream<ObjectInfo> list(S3Location prefix, String startAfter) {
    Iterator<S3Object> objects = new ListingPages(prefix, startAfter);
    Iterator<ObjectInfo> infos =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            try {
              return objects.hasNext();
            } catch (SdkException e) {
              throw new ListingFailure(translate(e, prefix));
            }
          }

          @Override
          public ObjectInfo next() {
            S3Object o = objects.next();
            return new ObjectInfo(
                new S3Location(prefix.bucket(), o.key()),
                o.size(),
                o.lastModified(),
                o.eTag(),
                null);
          }
        };
    // A key ending in "/" is a folder marker (consoles make them; S3Proxy's filesystem store lists
    // its folders so), never a document.
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(infos, 0), false)
        .filter(o -> !o.location().key().endsWith("/"));
  }

  /**
   * The "folders" right under a prefix (S3's common prefixes with {@code /} as the delimiter), each
   * ending with {@code /}, in key order, a page at a time as the stream is read: what has anything
   * stored one level down, without listing every object below it.
   */
  public Stream<S3Location> listFolders(S3Location prefix) {
    ListObjectsV2Request request =
        ListObjectsV2Request.builder()
            .bucket(prefix.bucket())
            .prefix(prefix.key())
            .delimiter("/")
            .build();
    Iterator<CommonPrefix> folders =
        client().listObjectsV2Paginator(request).commonPrefixes().iterator();
    Iterator<S3Location> locations =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            try {
              return folders.hasNext();
            } catch (SdkException e) {
              throw new ListingFailure(translate(e, prefix));
            }
          }

          @Override
          public S3Location next() {
            return new S3Location(prefix.bucket(), folders.next().prefix());
          }
        };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(locations, 0), false);
  }

  /**
   * Removes every object under the prefix, 1,000 to a request where the store takes S3's
   * multi-object delete, else one by one: that request must carry a checksum, and the CRC32 the SDK
   * sends is what S3Proxy and older MinIO and Ceph answer with 501.
   */
  public void deletePrefix(S3Location prefix) throws ObjectStoreException {
    try (Stream<ObjectInfo> objects = list(prefix, null)) {
      Iterator<ObjectInfo> each = objects.iterator();
      while (each.hasNext()) {
        List<String> batch = new ArrayList<>();
        while (each.hasNext() && batch.size() < 1000) {
          batch.add(each.next().location().key());
        }
        deleteKeys(prefix.bucket(), batch);
      }
    } catch (ListingFailure e) {
      throw e.getCause();
    } catch (SdkException e) {
      throw translate(e, prefix);
    }
  }

  private void deleteKeys(String bucket, List<String> keys) throws ObjectStoreException {
    if (!oneByOne) {
      List<ObjectIdentifier> ids =
          keys.stream().map(key -> ObjectIdentifier.builder().key(key).build()).toList();
      try {
        client().deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).build()));
        return;
      } catch (S3Exception e) {
        if (e.statusCode() != 501) {
          throw e;
        }
        oneByOne = true;
      }
    }
    for (String key : keys) {
      delete(new S3Location(bucket, key));
    }
  }

  /** Removes one object; one that is not there is no error. */
  public void delete(S3Location location) throws ObjectStoreException {
    try {
      client().deleteObject(b -> b.bucket(location.bucket()).key(location.key()));
    } catch (SdkException e) {
      throw translate(e, location);
    }
  }

  /** Whether the bucket answers (for readiness): a HEAD of the bucket. */
  public void checkBucket(String bucket) throws ObjectStoreException {
    try {
      client().headBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw translate(e, new S3Location(bucket, ""));
    }
  }

  /**
   * The SDK's exception as docbatch's. Its message is the SDK's own, which may carry a request id
   * but no credential; the location is the client's own reference.
   */
  static ObjectStoreException translate(SdkException e, S3Location location) {
    if (e instanceof NoSuchKeyException || e instanceof NoSuchBucketException) {
      return new ObjectStoreException.NotFound(location);
    }
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      if (status == 404) {
        return new ObjectStoreException.NotFound(location);
      }
      boolean again = status == 429 || status >= 500;
      String why =
          status == 403
              ? "access to " + location + " is denied (check the node's credentials)"
              : "the object store answered " + status + " for " + location;
      return new ObjectStoreException(why, again, e);
    }
    // No answer at all (connection refused, timed out), after the SDK's retries.
    return new ObjectStoreException("the object store did not answer for " + location, true, e);
  }

  /**
   * The objects of a listing, a page at a time. Not the SDK's paginator: it sends {@code
   * start-after} again with every page's continuation token, which S3 ignores but S3Proxy answers
   * with 400 {@code InvalidArgument}; the first page alone starts after the key.
   */
  private final class ListingPages implements Iterator<S3Object> {

    private final S3Location prefix;
    private final String startAfter;
    private String token;
    private boolean last;
    private Iterator<S3Object> page = java.util.Collections.emptyIterator();

    ListingPages(S3Location prefix, String startAfter) {
      this.prefix = prefix;
      this.startAfter = startAfter;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && !last) {
        ListObjectsV2Response response =
            client()
                .listObjectsV2(
                    ListObjectsV2Request.builder()
                        .bucket(prefix.bucket())
                        .prefix(prefix.key())
                        .startAfter(token == null ? startAfter : null)
                        .continuationToken(token)
                        .build());
        page = response.contents().iterator();
        token = response.nextContinuationToken();
        last = !Boolean.TRUE.equals(response.isTruncated()) || token == null;
      }
      return page.hasNext();
    }

    @Override
    public S3Object next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return page.next();
    }
  }

  /** A listing's failure, carried out of a {@link Stream}; its cause is what to report. */
  public static final class ListingFailure extends RuntimeException {
    ListingFailure(ObjectStoreException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized ObjectStoreException getCause() {
      return (ObjectStoreException) super.getCause();
    }
  }

  @PreDestroy
  void close() {
    S3Client built = client;
    if (built != null) {
      built.close();
    }
  }
}
