package dev.snaplake.compiler;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Close matches for a misspelt name (edit distance, case-insensitive). */
final class Suggest {
  private Suggest() {}

  static List<String> closest(String wanted, Collection<String> candidates, int max) {
    String w = wanted.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, w.length() / 3);
    return candidates.stream()
        .distinct()
        .filter(c -> distance(w, c.toLowerCase(Locale.ROOT)) <= limit)
        .sorted(Comparator.comparingInt((String c) -> distance(w, c.toLowerCase(Locale.ROOT))).thenComparing(c -> c))
        .limit(max)
        .toList();
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
