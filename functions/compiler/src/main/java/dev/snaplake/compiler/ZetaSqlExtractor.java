package dev.snaplake.compiler;

import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Table extraction and syntax validation with ZetaSQL, BigQuery's SQL front end, through its
 * bundled native library (JNI). Only this class touches ZetaSQL types, so that a missing or
 * unloadable native library surfaces as an error in {@link #start()}, never elsewhere.
 */
final class ZetaSqlExtractor implements TableNameExtractor {
  private static final Pattern LOCATION = Pattern.compile("\\s*\\[at (\\d+):(\\d+)]\\s*$");
  /** ZetaSQL's bundled gRPC warns about name resolvers it never needs; keep the logger alive to quiet it. */
  private static final Logger GRPC_REGISTRY_LOGGER =
      Logger.getLogger("com.google.zetasql.io.grpc.NameResolverRegistry");
  private static final String QUALIFY_QUIRK = "QUALIFY clause must be used in conjunction with";

  private final AnalyzerOptions options;

  private ZetaSqlExtractor(AnalyzerOptions options) {
    this.options = options;
  }

  /** Starts ZetaSQL (loads the native library) and runs one statement through it. */
  static ZetaSqlExtractor start() {
    GRPC_REGISTRY_LOGGER.setLevel(Level.SEVERE);
    LanguageOptions language = new LanguageOptions();
    language.enableMaximumLanguageFeatures();
    language.setSupportsAllStatementKinds();
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    ZetaSqlExtractor e = new ZetaSqlExtractor(options);
    Extraction warmUp = e.extract("SELECT 1 FROM warm.up");
    if (!warmUp.ok()) {
      throw new IllegalStateException("ZetaSQL self-test failed: " + warmUp.error());
    }
    return e;
  }

  @Override
  public Extraction extract(String statement) {
    String sql = statement;
    // ZetaSQL rejects QUALIFY without WHERE/GROUP BY/HAVING, which BigQuery accepts: retry with
    // "WHERE TRUE " inserted before it, and map positions back.
    List<int[]> inserted = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      try {
        List<List<String>> names;
        synchronized (ZetaSqlExtractor.class) {
          names = Analyzer.extractTableNamesFromStatement(sql, options);
        }
        return Extraction.of(names);
      } catch (SqlException ex) {
        String message = ex.getMessage() == null ? "invalid SQL" : ex.getMessage();
        Matcher m = LOCATION.matcher(message);
        int offset = 0;
        if (m.find()) {
          offset = new SourceText(sql).offsetOfZetaSqlLocation(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
          message = message.substring(0, m.start());
        }
        if (message.startsWith(QUALIFY_QUIRK) && attempt < 20
            && sql.regionMatches(true, offset, "QUALIFY", 0, 7)) {
          String insert = "WHERE TRUE ";
          sql = sql.substring(0, offset) + insert + sql.substring(offset);
          inserted.add(new int[] {offset, insert.length()});
          continue;
        }
        for (int k = inserted.size() - 1; k >= 0; k--) {
          int pos = inserted.get(k)[0];
          int len = inserted.get(k)[1];
          if (offset >= pos + len) {
            offset -= len;
          } else if (offset >= pos) {
            offset = pos;
          }
        }
        return Extraction.failed(message.strip(), offset);
      }
    }
  }
}
