package dev.snaplake.compiler;

import com.google.zetasql.SqlException;
import com.google.zetasql.io.grpc.Status;
import com.google.zetasql.io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ZetaSQL call on one statement (through its Java API, or its local service's protocol), with
 * its error located as a char offset into the statement.
 * ZetaSQL rejects QUALIFY without WHERE/GROUP BY/HAVING, which BigQuery accepts: the call is
 * retried with {@code WHERE TRUE} inserted before such a QUALIFY, and positions mapped back.
 */
final class ZetaSqlCall {
  /** The value, or an error (one line), where it is, and the signatures ZetaSQL would have accepted. */
  record Result<T>(T value, String error, int errorOffset, List<String> signatures) {}

  private static final Pattern LOCATION = Pattern.compile("\\s*\\[at (\\d+):(\\d+)]\\s*$");
  private static final String QUALIFY_QUIRK = "QUALIFY clause must be used in conjunction with";
  private static final String INSERT = "WHERE TRUE ";

  private ZetaSqlCall() {}

  static <T> Result<T> run(String statement, Function<String, T> call) {
    String sql = statement;
    List<Integer> inserted = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      try {
        return new Result<>(call.apply(sql), null, -1, List.of());
      } catch (SqlException | StatusRuntimeException ex) {
        String message = ex.getMessage();
        if (ex instanceof StatusRuntimeException s) {
          Status.Code code = s.getStatus().getCode();
          if (code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED || code == Status.Code.DEADLINE_EXCEEDED) {
            throw s; // the local service failed, not the SQL
          }
          // anything else is about this statement (an internal error too): report it on the model
          message = (code == Status.Code.INVALID_ARGUMENT ? "" : "ZetaSQL " + code + ": ") + s.getStatus().getDescription();
        }
        message = message == null ? "invalid SQL" : message;
        String location = message;
        List<String> signatures = new ArrayList<>();
        String[] lines = message.split("\n");
        if (lines.length > 1) { // "No matching signature" explains itself on further lines; the location ends the last
          location = lines[lines.length - 1];
          message = lines[0];
          for (String line : lines) {
            String l = LOCATION.matcher(line.strip()).replaceAll("");
            if (l.startsWith("Argument types:")) {
              message += " for argument types " + l.substring("Argument types:".length()).strip();
            } else if (l.startsWith("Signature:")) {
              signatures.add(l.substring("Signature:".length()).strip());
            }
          }
        }
        Matcher m = LOCATION.matcher(location);
        int offset = 0;
        if (m.find()) {
          offset = new SourceText(sql).offsetOfZetaSqlLocation(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        Matcher own = LOCATION.matcher(message);
        if (own.find()) {
          message = message.substring(0, own.start());
        }
        if (message.startsWith(QUALIFY_QUIRK) && attempt < 20 && sql.regionMatches(true, offset, "QUALIFY", 0, 7)) {
          sql = sql.substring(0, offset) + INSERT + sql.substring(offset);
          inserted.add(offset);
          continue;
        }
        for (int k = inserted.size() - 1; k >= 0; k--) {
          int pos = inserted.get(k);
          if (offset >= pos + INSERT.length()) {
            offset -= INSERT.length();
          } else if (offset >= pos) {
            offset = pos;
          }
        }
        return new Result<>(null, message.strip(), offset, List.copyOf(signatures));
      }
    }
  }
}
