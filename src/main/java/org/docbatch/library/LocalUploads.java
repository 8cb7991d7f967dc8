package org.docbatch.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Uploads kept in the document root, each in a folder of its own: {@code <area>/uploads/<id>/} (the
 * counterpart of {@link BucketUploads} when {@code UPLOAD_ROOT} names no bucket). Their
 * housekeeping: where one goes, removing one, the bytes an area keeps, and expiry.
 */
final class LocalUploads {

  private final Path root;
  private final String uploads;
  private final String users;
  private final Pattern uploadId;

  /**
   * @param root the document root (real path)
   * @param uploads the name of an area's uploads folder
   * @param users the folder holding the users' areas
   * @param uploadId what an upload's folder name looks like: nothing else is ever removed
   */
  LocalUploads(Path root, String uploads, String users, Pattern uploadId) {
    this.root = root;
    this.uploads = uploads;
    this.users = users;
    this.uploadId = uploadId;
  }

  /** The folder of upload {@code id} in {@code area}. */
  Path folder(String area, String id) {
    return uploadsOf(area).resolve(id);
  }

  /** Removes an upload's file and its folder. */
  void delete(String area, String id, String filename) throws IOException {
    Path folder = folder(area, id);
    Files.deleteIfExists(folder.resolve(filename));
    Files.deleteIfExists(folder);
  }

  /** Bytes of the uploads kept in {@code area}. */
  long bytes(String area) throws IOException {
    Path folder = uploadsOf(area);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0; // removed meanwhile
                }
              })
          .sum();
    }
  }

  /**
   * Removes, in every area, the uploads last read before {@code before} (a job reading one touches
   * its folder).
   *
   * @return how many were removed
   */
  int removeUsedBefore(Instant before) throws IOException {
    List<Path> folders = new ArrayList<>();
    folders.add(root.resolve(uploads));
    Path areas = root.resolve(users);
    if (Files.isDirectory(areas, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> each = Files.list(areas)) {
        each.forEach(area -> folders.add(area.resolve(uploads)));
      }
    }
    int removed = 0;
    for (Path folder : folders) {
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(folder)) {
        for (Path upload : entries.toList()) {
          if (uploadId.matcher(upload.getFileName().toString()).matches()
              && Files.getLastModifiedTime(upload, LinkOption.NOFOLLOW_LINKS)
                  .toInstant()
                  .isBefore(before)) {
            try (Stream<Path> files = Files.list(upload)) {
              for (Path file : files.toList()) {
                Files.deleteIfExists(file);
              }
            }
            Files.deleteIfExists(upload);
            removed++;
          }
        }
      }
    }
    return removed;
  }

  private Path uploadsOf(String area) {
    return (area.isEmpty() ? root : root.resolve(area)).resolve(uploads);
  }
}
