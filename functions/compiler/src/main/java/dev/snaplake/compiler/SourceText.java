package dev.snaplake.compiler;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's text with a line index. Lines end at {@code \n}, {@code \r\n} or {@code \r};
 * lines and columns are 1-based and a column counts characters (code points).
 */
final class SourceText {
  record Position(int line, int column) {}

  private final String text;
  private final int[] lineStarts;

  SourceText(String text) {
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
        starts.add(i + 1);
      } else if (c == '\n' || c == '\r') {
        starts.add(i + 1);
      }
    }
    lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  String text() {
    return text;
  }

  Position position(int offset) {
    offset = Math.max(0, Math.min(offset, text.length()));
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int col = text.codePointCount(lineStarts[lo], offset) + 1;
    return new Position(lo + 1, col);
  }

  /**
   * The offset of a ZetaSQL error location: 1-based line, and a 1-based column counted in code
   * points after expanding tabs to multiples of 8 (as ZetaSQL prints them).
   */
  int offsetOfZetaSqlLocation(int line, int column) {
    if (line < 1) {
      return 0;
    }
    if (line > lineStarts.length) {
      return text.length();
    }
    int i = lineStarts[line - 1];
    int col = 1;
    while (i < text.length() && col < column) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        break;
      }
      col = c == '\t' ? ((col - 1) / 8 + 1) * 8 + 1 : col + 1;
      i += Character.charCount(text.codePointAt(i));
    }
    return i;
  }
}
