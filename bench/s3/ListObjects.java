import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;

/**
 * Lists a prefix with the client a docbatch node builds, a page of 1,000 keys at a time, and
 * prints the keys and seconds: the store's own listing rate, to set docbatch's listing beside.
 *
 * <pre>java -cp ... bench/s3/ListObjects.java ENDPOINT s3://bucket/prefix/</pre>
 */
public class ListObjects {
  public static void main(String[] args) throws Exception {
    S3Location prefix = S3Location.parse(args[1]);
    ObjectStore store = ObjectStore.over(ObjectStore.build(args[0], true, "us-east-1", false, 5));
    long start = System.nanoTime();
    long keys = store.list(prefix, null).count();
    System.out.printf("%d %.3f%n", keys, (System.nanoTime() - start) / 1e9);
  }
}
