package dev.snaplake.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's owner, from a comment line before its statement: {@code -- owner: data-team@acme.com}
 * (or {@code # owner: …}). A comment, because BigQuery has no owner option and the file must run
 * as-is in the console; one line, because a model has one owner (a person or a group, comma
 * separated if several).
 */
final class OwnerComment {
  record Found(String owner, List<HeaderParser.Problem> problems) {}

  static final int MAX_LENGTH = 256;
  private static final Pattern LINE = Pattern.compile("(?im)^[ \\t]*(?:--|#)[ \\t]*owner[ \\t]*:[ \\t]*(.*?)[ \\t]*$");
  private static final Pattern OWNERS =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._%+@-]*(?:[ \\t]*,[ \\t]*[A-Za-z0-9][A-Za-z0-9._%+@-]*)*");

  private OwnerComment() {}

  /** Reads the owner from {@code text} up to {@code end} (where the statement starts). */
  static Found read(String text, int end) {
    Matcher m = LINE.matcher(text).region(0, end);
    String owner = "";
    int ownerAt = -1;
    List<HeaderParser.Problem> problems = new ArrayList<>();
    while (m.find()) {
      String value = m.group(1);
      int at = m.start(1);
      if (ownerAt >= 0) {
        problems.add(error(m.start(), "owner is given twice (first: " + owner + ")", "keep one -- owner: line"));
        continue;
      }
      if (value.isEmpty() || value.length() > MAX_LENGTH || !OWNERS.matcher(value).matches()) {
        problems.add(error(at, value.isEmpty() ? "the owner line names no owner"
                : "owner " + dev.snaplake.core.naming.Identifiers.show(value) + " is not an email or a name",
            "write e.g. -- owner: data-team@acme.com (letters, digits, . _ % + @ -, comma separated, at most "
                + MAX_LENGTH + " characters)"));
        ownerAt = at;
        continue;
      }
      owner = value.replaceAll("[ \\t]*,[ \\t]*", ", ");
      ownerAt = at;
    }
    return new Found(owner, problems);
  }

  private static HeaderParser.Problem error(int offset, String message, String hint) {
    return new HeaderParser.Problem(Severity.ERROR, offset, message, hint);
  }
}
