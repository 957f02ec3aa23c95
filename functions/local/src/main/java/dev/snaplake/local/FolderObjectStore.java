package dev.snaplake.local;

import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local folder standing for the landing bucket: key {@code a/b/c} is the file {@code root/a/b/c}.
 * Create-if-absent is a hard link of a fully written temporary file, so it is atomic; the
 * generation is the file's modification time in nanoseconds.
 */
public final class FolderObjectStore implements ObjectStore {
  private static final String TMP_DIR = ".snaplake-tmp";
  private static final Object CAS_MONITOR = new Object();
  private final Path root;

  public FolderObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create bucket folder " + this.root, e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public List<StoredObject> list(String prefix) {
    Path start = root;
    int slash = prefix.lastIndexOf('/');
    if (slash > 0) {
      start = resolve(prefix.substring(0, slash));
    }
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<StoredObject> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) {
      files.forEach(
          p -> {
            String key = keyOf(p);
            if (key.startsWith(prefix) && !key.startsWith(TMP_DIR + "/")) {
              try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                  out.add(new StoredObject(key, a.size(), generation(a)));
                }
              } catch (NoSuchFileException gone) {
                // deleted while listing: not there
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + start, e);
    }
    out.sort(Comparator.comparing(StoredObject::key));
    return out;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Path p = resolve(key);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() ? Optional.of(new StoredObject(key, a.size(), generation(a))) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] read(String key) {
    try {
      return Files.readAllBytes(resolve(key));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException("object " + key + " not found in " + describe());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + key + " in " + describe(), e);
    }
  }

  /** A positioned read of the file's end: a footer costs kilobytes, whatever the file's size. */
  @Override
  public byte[] readTail(String key, int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("readTail of " + key + ": maxBytes must be positive, got " + maxBytes);
    }
    try (FileChannel file = FileChannel.open(resolve(key), StandardOpenOption.READ)) {
      long length = file.size();
      ByteBuffer tail = ByteBuffer.allocate((int) Math.min(maxBytes, length));
      long start = length - tail.capacity();
      while (tail.hasRemaining() && file.read(tail, start + tail.position()) >= 0) {
        // a positioned read may return fewer bytes than asked: read on
      }
      return tail.hasRemaining() ? Arrays.copyOf(tail.array(), tail.position()) : tail.array();
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException("object " + key + " not found in " + describe());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tail of " + key + " in " + describe(), e);
    }
  }

  @Override
  public boolean createIfAbsent(String key, byte[] content) {
    Path target = resolve(key);
    Path tmp = writeTemp(content);
    try {
      Files.createDirectories(target.getParent());
      Files.createLink(target, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + key, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  @Override
  public boolean replaceIfGeneration(String key, byte[] content, long expectedGeneration) {
    Path target = resolve(key);
    // The lock file serialises compare-and-swap across processes; a file lock is held per JVM,
    // not per thread (a second lock in the same JVM throws), so threads queue on a monitor first.
    synchronized (CAS_MONITOR) {
      try (FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        Optional<StoredObject> now = stat(key);
        if (now.isEmpty() || now.get().generation() != expectedGeneration) {
          return false;
        }
        Path tmp = writeTemp(content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot replace " + key, e);
      }
    }
  }

  @Override
  public void write(String key, byte[] content) {
    Path target = resolve(key);
    try {
      Files.createDirectories(target.getParent());
      Path tmp = writeTemp(content);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + key, e);
    }
  }

  @Override
  public String uri(String key) {
    return resolve(key).toString();
  }

  @Override
  public String describe() {
    return "folder bucket " + root;
  }

  private Path resolve(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.contains("\0")) {
      throw new IllegalArgumentException("invalid object key " + dev.snaplake.core.naming.Identifiers.show(key));
    }
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("object key " + dev.snaplake.core.naming.Identifiers.show(key) + " escapes the bucket folder");
    }
    return p;
  }

  private String keyOf(Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private Path lockFile() throws IOException {
    Path dir = root.resolve(TMP_DIR);
    Files.createDirectories(dir);
    return dir.resolve("cas.lock");
  }

  private Path writeTemp(byte[] content) {
    try {
      Path dir = root.resolve(TMP_DIR);
      Files.createDirectories(dir);
      Path tmp = dir.resolve(UUID.randomUUID() + ".tmp");
      Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a temporary file in " + root, e);
    }
  }

  private static long generation(BasicFileAttributes a) {
    // The file key (device and inode) tells a replaced file from one written in the same nanosecond.
    return a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) ^ ((long) java.util.Objects.hashCode(a.fileKey()) << 1);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temporary file is harmless
    }
  }
}
