import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexWriter;
import org.jboss.jandex.Indexer;

/**
 * Build step (run by the pom between the WAR and the bootable JAR): gives every jar in the WAR's
 * WEB-INF/lib, and WEB-INF/classes, the annotation index WildFly would otherwise build at every
 * start (META-INF/jandex.idx, which WildFly's ResourceRootIndexer reads instead of reading every
 * class: 2.5 s of CPU and about 1 s of a start on two cores, docs/operations.md). The index is
 * made with the Jandex WildFly itself ships, over the entries WildFly would index (every .class),
 * so the server sees what it would have built. A jar that brings its own index keeps it.
 *
 * <pre>java -cp jandex.jar src/build/java/IndexWarLibraries.java target/docbatch.war</pre>
 */
public final class IndexWarLibraries {
  private static final String INDEX = "META-INF/jandex.idx";
  private static final String LIBRARIES = "WEB-INF/lib/";
  private static final String CLASSES = "WEB-INF/classes/";

  public static void main(String[] args) throws IOException {
    Path war = Path.of(args[0]);
    Path rewritten = war.resolveSibling(war.getFileName() + ".indexing");
    int jars = 0;
    Indexer classes = new Indexer();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        String name = entry.getName();
        if (name.equals(CLASSES + INDEX)) {
          continue; // made again below, from this build's classes
        }
        byte[] bytes = in.readAllBytes();
        if (isLibrary(name)) {
          bytes = withIndex(bytes);
          jars++;
        } else if (name.startsWith(CLASSES) && name.endsWith(".class")) {
          classes.index(new ByteArrayInputStream(bytes));
        }
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry(CLASSES + INDEX));
      write(classes.complete(), out);
      out.closeEntry();
    }
    Files.move(rewritten, war, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(
        "[docbatch] annotation indexes for WEB-INF/classes and %d jars of %s%n",
        jars, war.getFileName());
  }

  private static boolean isLibrary(String name) {
    return name.startsWith(LIBRARIES)
        && name.endsWith(".jar")
        && name.indexOf('/', LIBRARIES.length()) < 0;
  }

  /** The jar with META-INF/jandex.idx added (a jar that brings its own index is left as it is). */
  private static byte[] withIndex(byte[] jar) throws IOException {
    Indexer indexer = new Indexer();
    ByteArrayOutputStream copy = new ByteArrayOutputStream(jar.length + 65536);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(copy)) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        if (entry.getName().equals(INDEX)) {
          return jar;
        }
        byte[] bytes = in.readAllBytes();
        if (entry.getName().endsWith(".class")) {
          indexer.index(new ByteArrayInputStream(bytes));
        }
        out.putNextEntry(copyOf(entry));
        out.write(bytes);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry(INDEX));
      write(indexer.complete(), out);
      out.closeEntry();
    }
    return copy.toByteArray();
  }

  private static ZipEntry copyOf(ZipEntry entry) {
    ZipEntry copy = new ZipEntry(entry.getName());
    copy.setTime(entry.getTime());
    return copy;
  }

  private static void write(Index index, OutputStream out) throws IOException {
    new IndexWriter(out).write(index);
  }
}
