package org.docbatch.library;

import java.util.Iterator;
import java.util.stream.Stream;
import org.docbatch.s3.ObjectInfo;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;

/**
 * The objects under a prefix whose key, relative to the prefix, matches the glob, in key order, a
 * page of the store's listing at a time. The position after each is its key: {@code
 * ObjectStore.list(prefix, startAfter)} resumes there.
 */
final class PrefixListing extends LookaheadListing {

  private final S3Location prefix;
  private final KeyGlob glob;
  private final Stream<ObjectInfo> stream;
  private final Iterator<ObjectInfo> objects;

  PrefixListing(ObjectStore store, S3Location prefix, KeyGlob glob, String startAfter) {
    this.prefix = prefix;
    this.glob = glob;
    this.stream = store.list(prefix, startAfter);
    this.objects = stream.iterator();
  }

  @Override
  protected Listed fetch() {
    while (true) {
      boolean more;
      try {
        more = objects.hasNext();
      } catch (ObjectStore.ListingFailure e) {
        throw new ListingException(
            "listing " + prefix + " failed: " + e.getCause().getMessage(),
            e.getCause().transientFailure(),
            e.getCause());
      }
      if (!more) {
        return null;
      }
      String key = objects.next().location().key();
      if (glob == null || glob.matches(key.substring(prefix.key().length()))) {
        return new Listed(new S3Location(prefix.bucket(), key).toString(), key);
      }
    }
  }

  @Override
  public void close() {
    stream.close();
  }
}
