package dev.snaplake.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a position in a model's query back to its file. The manifest holds the query only (the
 * header before AS is gone), rendered ({@code {{ params.x }}} replaced by its value) and with
 * table references replaced by {@code {{raw …}}}/{@code {{ref …}}} markers. So the query is cut
 * into pieces at markers and line ends, the pieces are found again in the file in order, and a
 * position is reported as {@code file:line:col}. Without the file, it is given within the query.
 */
final class ModelSource {
  private static final Pattern MARKER = Pattern.compile("\\{\\{[^}]*}}|\n");

  /** A run of query text and where it was found in the file (-1: not found, e.g. a rendered parameter). */
  private record Piece(int queryStart, String text, int fileStart) {
    boolean contains(int offset) {
      return queryStart <= offset && offset <= queryStart + text.length();
    }
  }

  private final String file;
  private final String fileText;
  private final List<Piece> pieces;

  ModelSource(String file, String query, Optional<String> fileText) {
    this.file = file;
    this.fileText = fileText.orElse(null);
    this.pieces = this.fileText == null ? List.of() : align(query, this.fileText);
  }

  /** The model file as named in the manifest, read relative to the working folder or snaplake's home. */
  static ModelSource of(String file, String query) {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of(file));
    String home = System.getProperty("snaplake.home");
    if (home != null) {
      candidates.add(Path.of(home).resolve(file));
    }
    for (Path p : candidates) {
      try {
        if (Files.isRegularFile(p)) {
          return new ModelSource(file, query, Optional.of(Files.readString(p)));
        }
      } catch (IOException | RuntimeException e) {
        // unreadable: fall back to positions within the query
      }
    }
    return new ModelSource(file, query, Optional.empty());
  }

  /** {@code file:line:col} for an offset in the query. */
  String at(int queryOffset, String query) {
    int searchFrom = 0;
    for (Piece p : pieces) {
      if (p.contains(queryOffset)) {
        int found = p.fileStart() >= 0 ? p.fileStart() + queryOffset - p.queryStart()
            : findFrom(query.substring(queryOffset, p.queryStart() + p.text().length()), searchFrom);
        if (found >= 0) {
          return file + ":" + lineColumn(fileText, found);
        }
        break;
      }
      if (p.fileStart() >= 0) {
        searchFrom = p.fileStart() + p.text().length();
      }
    }
    return file + " (query line " + lineColumn(query, queryOffset).replace(":", ", column ") + ")";
  }

  /** In a piece a parameter changed: the longest start of the text from the position that is in the file. */
  private int findFrom(String rest, int from) {
    for (int len = rest.length(); len >= Math.min(3, rest.length()) && len > 0; len--) {
      int at = fileText.indexOf(rest.substring(0, len), from);
      if (at >= 0) {
        return at;
      }
    }
    return -1;
  }

  private static List<Piece> align(String query, String fileText) {
    List<Piece> pieces = new ArrayList<>();
    Matcher m = MARKER.matcher(query);
    int pos = 0;
    while (m.find()) {
      pieces.add(new Piece(pos, query.substring(pos, m.start()), -1));
      pos = m.end();
    }
    pieces.add(new Piece(pos, query.substring(pos), -1));
    // The query ends the file, so its first piece is looked for from the last place it occurs
    // backwards (the header may quote the query); the start that finds the most pieces wins.
    String first = pieces.get(0).text();
    if (first.isBlank()) {
      return pieces;
    }
    List<Piece> best = pieces;
    int bestFound = -1;
    for (int start = fileText.lastIndexOf(first); start >= 0; start = start == 0 ? -1 : fileText.lastIndexOf(first, start - 1)) {
      List<Piece> aligned = new ArrayList<>();
      int cursor = start;
      int found = 0;
      for (Piece p : pieces) {
        int at = p.text().isEmpty() ? cursor : fileText.indexOf(p.text(), cursor);
        aligned.add(new Piece(p.queryStart(), p.text(), at));
        if (at >= 0) {
          cursor = at + p.text().length();
          found++;
        }
      }
      if (found > bestFound) {
        best = aligned;
        bestFound = found;
      }
      if (found == pieces.size()) {
        break;
      }
    }
    return best;
  }

  private static String lineColumn(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return line + ":" + (offset - lineStart + 1);
  }
}
