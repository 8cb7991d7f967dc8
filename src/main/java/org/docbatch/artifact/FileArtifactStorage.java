package org.docbatch.artifact;

import jakarta.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.json.Json;

/**
 * Artifacts as files under a root folder ({@code OUTPUT_ROOT}): {@code <job>/<index>/<name>}, with
 * each one's metadata in {@code <job>/<index>/.meta/<name>.json}. A write goes to {@code
 * <job>/<index>/.tmp/}, is forced to disk, then renamed into place, and its metadata is written
 * last: the metadata is the commit, so a worker killed at any moment leaves at most an unlisted
 * temporary file or an unlisted whole file, both removed with the job.
 */
public final class FileArtifactStorage implements ArtifactStorage {

  private static final Logger LOG = Logger.getLogger(FileArtifactStorage.class.getName());
  private static final String META = ".meta";
  private static final String TEMP = ".tmp";

  private final Path root;

  public FileArtifactStorage(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The root folder, for the disk gauges (never shown to API clients). */
  public Path root() {
    return root;
  }

  private Path folder(String jobId, int index) {
    return root.resolve(jobId).resolve(Integer.toString(index));
  }

  private Path file(ArtifactKey key) {
    return folder(key.jobId(), key.index()).resolve(key.name());
  }

  private Path meta(ArtifactKey key) {
    return folder(key.jobId(), key.index()).resolve(META).resolve(key.name() + ".json");
  }

  @Override
  public PendingArtifact create(ArtifactKey key, String mediaType) throws IOException {
    Path temp = folder(key.jobId(), key.index()).resolve(TEMP).resolve(UUID.randomUUID() + ".part");
    try {
      Files.createDirectories(temp.getParent());
      FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new FilePending(key, mediaType, temp, channel);
    } catch (IOException e) {
      throw failure("could not start writing", key, temp, e);
    }
  }

  private final class FilePending implements PendingArtifact {
    private final ArtifactKey key;
    private final String mediaType;
    private final Path temp;
    private final FileChannel channel;
    private final HashingOutputStream stream;
    private boolean done;

    FilePending(ArtifactKey key, String mediaType, Path temp, FileChannel channel) {
      this.key = key;
      this.mediaType = mediaType;
      this.temp = temp;
      this.channel = channel;
      this.stream = new HashingOutputStream(new BufferedOutputStream(unclosable(), 65_536));
    }

    private OutputStream unclosable() {
      OutputStream out = Channels.newOutputStream(channel);
      return new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          flush(); // the channel is closed by commit or close, after it is forced to disk
        }
      };
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public ArtifactInfo commit() throws IOException {
      if (done) {
        throw new IllegalStateException("committed or discarded already");
      }
      try {
        stream.flush();
        channel.force(true);
        channel.close();
        ArtifactInfo info =
            new ArtifactInfo(key.name(), mediaType, stream.count(), stream.sha256(), Instant.now());
        Path metaTemp = temp.resolveSibling(temp.getFileName() + ".json");
        Files.writeString(metaTemp, info.toJson().toString(), StandardCharsets.UTF_8);
        Path meta = meta(key);
        Files.createDirectories(meta.getParent());
        // Unlisted first, so that a reader never pairs an old artifact's metadata with new bytes.
        Files.deleteIfExists(meta);
        move(temp, file(key));
        move(metaTemp, meta);
        done = true;
        return info;
      } catch (IOException e) {
        close();
        throw failure("could not write", key, temp, e);
      }
    }

    @Override
    public void close() {
      if (done) {
        return;
      }
      done = true;
      try {
        channel.close();
        Files.deleteIfExists(temp);
        Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".json"));
      } catch (IOException e) {
        LOG.log(Level.FINE, "DOCBATCH-1621 could not remove the discarded artifact " + temp, e);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public List<ArtifactInfo> list(String jobId, int index) throws IOException {
    Path metas = folder(jobId, index).resolve(META);
    List<ArtifactInfo> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(metas, "*.json")) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".json".length());
        if (ArtifactKey.isValidName(name)) {
          find(new ArtifactKey(jobId, index, name)).ifPresent(found::add);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw failure("could not list", new ArtifactKey(jobId, index, "artifacts"), metas, e);
    }
    found.sort(Comparator.comparing(ArtifactInfo::name));
    return found;
  }

  @Override
  public Optional<ArtifactInfo> find(ArtifactKey key) throws IOException {
    Path meta = meta(key);
    try {
      String text = Files.readString(meta, StandardCharsets.UTF_8);
      JsonObject json;
      try (var reader = Json.createReader(new StringReader(text))) {
        json = reader.readObject();
      }
      ArtifactInfo info = ArtifactInfo.of(json);
      // Metadata without its whole file (removed by hand, a disk replaced) is not an artifact.
      return Files.size(file(key)) == info.sizeBytes() ? Optional.of(info) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw failure("could not read the metadata of", key, meta, e);
    }
  }

  @Override
  public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
    Path file = file(key);
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      InputStream in = Channels.newInputStream(channel);
      return length < 0 ? in : new RangeInputStream(in, length);
    } catch (IOException e) {
      throw failure("could not read", key, file, e);
    }
  }

  @Override
  public void deleteJob(String jobId) throws IOException {
    if (!ArtifactKey.isValidJobId(jobId)) {
      return;
    }
    Path folder = root.resolve(jobId);
    if (!Files.exists(folder)) {
      return;
    }
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      // removed by another node's sweep meanwhile
    } catch (IOException e) {
      LOG.log(Level.WARNING, "DOCBATCH-1620 could not remove " + folder, e);
      throw new ArtifactStorageException("could not remove the artifacts of job " + jobId, e);
    }
  }

  @Override
  public List<String> jobs() throws IOException {
    List<String> jobs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (ArtifactKey.isValidJobId(name) && Files.isDirectory(entry)) {
          jobs.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return jobs;
  }

  @Override
  public long bytesOf(String jobId) throws IOException {
    Path folder = root.resolve(jobId);
    if (!ArtifactKey.isValidJobId(jobId) || !Files.exists(folder)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              total[0] += attrs.size();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      return 0;
    }
    return total[0];
  }

  /** Logs the failure with its path, and answers it without. */
  private static ArtifactStorageException failure(
      String what, ArtifactKey key, Path path, Exception e) {
    LOG.log(Level.WARNING, "DOCBATCH-1620 " + what + " artifact " + path, e);
    return new ArtifactStorageException(
        what + " artifact '" + key.name() + "' (" + e.getClass().getSimpleName() + ")", e);
  }
}
