package dev.snaplake.deploy;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventCodec;
import dev.snaplake.core.port.EventBus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bus that appends every published event to a file, one structured CloudEvent JSON per line, so
 * a test process can read what a function process published. Nothing is delivered: the test plays
 * Pub/Sub by posting the events to the builder itself.
 */
public final class FileEventBus implements EventBus {
  private final Path file;

  public FileEventBus(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void publish(Event event) {
    byte[] line = (EventCodec.toJson(event) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record event " + event.id() + " in " + file, e);
    }
  }

  @Override
  public void subscribe(Consumer<Event> handler) {
    throw new UnsupportedOperationException("the file bus only records; the test delivers events itself");
  }

  /** The complete lines written so far (a line still being written is left for the next read). */
  public static List<Event> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      List<Event> events = new ArrayList<>();
      if (end < 0) {
        return events;
      }
      for (String line : text.substring(0, end).split("\n")) {
        if (!line.isBlank()) {
          events.add(EventCodec.fromJson(line));
        }
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
