package dev.snaplake.compiler;

import dev.snaplake.compiler.TableRefScanner.PathRef;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.catalog.OutputColumn;
import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.naming.InvalidNameException;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.sql.SqlLexer;
import dev.snaplake.core.sql.SqlToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One run of the compiler over one {@code sql/} folder. */
final class Compilation {
  /** BigQuery allows 16 levels of nested views. */
  static final int MAX_VIEW_NESTING = 16;
  private static final String SYNTAX_HINT = "the file must run as-is in the BigQuery console (GoogleSQL)";

  private final Path sqlDir;
  private final Path schemasPath;
  private final Supplier<Compiler.Analyzer> analyzerSupplier;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final List<String> skippedChecks = new ArrayList<>();
  private String root;
  private ProjectConfig config;
  private Compiler.Analyzer analyzer;
  RawSchemas rawSchemas;

  /** What is known of a model's output columns. */
  enum SchemaState {
    /** Not looked at (yet). */
    UNKNOWN,
    /** ZetaSQL inferred them. */
    CHECKED,
    /** The model has errors that keep them unknown. */
    FAILED,
    /** An input has no known schema, so the model could not be checked. */
    NOT_CHECKED
  }

  /** One model file and what the compiler learnt about it. */
  static final class Model {
    String label;
    ObjectId id;
    SourceText source;
    Rendered rendered;
    boolean failed;
    Materialization materialization = Materialization.VIEW;
    String owner = "";
    TableLayout layout = new TableLayout();
    List<String> columnList = List.of();
    int columnListOffset = -1;
    boolean columnListChecked;
    String description = "";
    Map<String, String> labels = Map.of();
    Map<String, String> columnDescriptions = Map.of();
    List<String> declaredName;
    int declaredNameOffset;
    int queryStart = -1;
    int queryEnd = -1;
    List<SqlToken> queryTokens = List.of();
    List<PathRef> queryPaths = List.of();
    /** What the extractor reads (the statement, or only the query when the header is broken), and where. */
    String extractionInput;
    int extractionBase;
    /** Table names as extracted (segments split on dots); null when extraction failed. */
    List<List<String>> names;
    /** Resolved inputs by path; null until resolved, or when resolution failed. */
    Map<List<String>, ObjectId> resolved;
    List<ObjectId> inputs;
    String template;
    boolean inCycle;
    SchemaState schemaState = SchemaState.UNKNOWN;
    /** The output columns, once ZetaSQL inferred them. */
    List<TypedColumn> schema;
  }

  /** {@code schemas}: a schema file or an export folder, or null to skip column and type checks. */
  Compilation(Path sqlDir, Path schemas, Supplier<Compiler.Analyzer> analyzer) {
    this.sqlDir = sqlDir;
    this.schemasPath = schemas;
    this.analyzerSupplier = analyzer;
  }

  CompileResult run() {
    Path abs = sqlDir.toAbsolutePath().normalize();
    root = abs.getFileName() == null ? "" : abs.getFileName().toString();
    analyzer = analyzerSupplier.get();
    if (!Files.isDirectory(sqlDir)) {
      diagnostics.add(Diagnostic.error(root, 1, 1, "no such directory: " + abs, "point the compiler at the sql/ folder"));
      return result(null);
    }
    Path configFile = sqlDir.resolve(ProjectConfig.FILE_NAME);
    String configLabel = label(ProjectConfig.FILE_NAME);
    if (!Files.isRegularFile(configFile)) {
      diagnostics.add(Diagnostic.error(configLabel, 1, 1, "missing " + ProjectConfig.FILE_NAME,
          "create it with rawDataset, managedDatasets, archiveDataset, sources, environments and params"));
      return result(null);
    }
    try {
      config = ProjectConfig.parse(Files.readString(configFile, StandardCharsets.UTF_8), configLabel, diagnostics);
    } catch (IOException e) {
      diagnostics.add(Diagnostic.error(configLabel, 1, 1, "cannot read: " + e.getMessage(), ""));
    }
    if (config == null) {
      return result(null);
    }
    if (schemasPath != null) {
      rawSchemas = RawSchemas.read(schemasPath, config.rawDataset(), diagnostics);
    }
    List<Model> models = new ArrayList<>();
    for (Path file : listFiles()) {
      Model m = load(file);
      if (m != null) {
        models.add(m);
      }
    }
    extractAll(models);
    Map<ObjectId, Model> byId = checkDuplicates(models);
    checkDeclaredNames(models, byId);
    for (Model m : byId.values()) {
      resolve(m, byId);
    }
    checkCycles(byId);
    checkNesting(byId);
    TypeChecker checker = typeChecker();
    if (checker != null) {
      new TypeCheckPass(this, checker).run(byId);
    }
    checkLayouts(byId.values());
    boolean failed = diagnostics.stream().anyMatch(Diagnostic::isError);
    if (failed) {
      return result(null);
    }
    Map<ObjectId, String> hashes = new HashMap<>();
    List<ManagedObject> objects = new ArrayList<>();
    for (Model m : byId.values()) {
      String hash = contentHash(m, byId, hashes);
      List<OutputColumn> schema = m.schema == null ? List.of() : m.schema.stream().map(TypedColumn::output).toList();
      objects.add(new ManagedObject(m.id, m.materialization, m.template, m.inputs, m.description, m.labels,
          m.columnDescriptions, m.label, hash, m.owner, m.layout.partitioning(), m.layout.clusteringColumns(), schema));
    }
    objects.sort(Comparator.comparing(ManagedObject::id));
    String hash = Hashing.manifestHash(config.rawDataset(), config.managedDatasets(), config.archiveDataset(), objects);
    return result(new Manifest(Manifest.FORMAT_VERSION, hash, config.rawDataset(), config.managedDatasets(),
        config.archiveDataset(), objects));
  }

  /**
   * The model's own content hash folded with those of the models it reads: a change upstream
   * changes every hash downstream, so the builder recreates views whose stored schema would
   * otherwise go stale, and leaves the rest alone. (No cycles here: they were refused above.)
   */
  private static String contentHash(Model m, Map<ObjectId, Model> byId, Map<ObjectId, String> memo) {
    String known = memo.get(m.id);
    if (known != null) {
      return known;
    }
    String own = Hashing.contentHash(m.id, m.materialization, m.template, m.description, m.labels, m.columnDescriptions,
        m.layout.partitioning(), m.layout.clusteringColumns());
    List<String> upstream = new ArrayList<>();
    for (ObjectId input : new java.util.TreeSet<>(m.inputs)) {
      Model u = byId.get(input);
      if (u != null) {
        upstream.add(input + "=" + contentHash(u, byId, memo));
      }
    }
    String hash = upstream.isEmpty() ? own : Hashing.withInputs(own, upstream);
    memo.put(m.id, hash);
    return hash;
  }

  private CompileResult result(Manifest manifest) {
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort(Comparator.comparing(Diagnostic::file).thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    List<String> skipped = new ArrayList<>(analyzer.skippedChecks());
    skipped.addAll(skippedChecks);
    return new CompileResult(manifest, sorted, config, analyzer.name(), skipped);
  }

  /**
   * The column and type checker, or null with the reason in the skipped checks: it needs ZetaSQL
   * and readable raw schemas.
   */
  private TypeChecker typeChecker() {
    String what = "column and type checks, and partition and clustering column types";
    if (analyzer.zetaSqlFailure() != null) {
      skippedChecks.add(what + " (ZetaSQL unavailable: " + analyzer.zetaSqlFailure() + ")");
      return null;
    }
    if (schemasPath == null) {
      skippedChecks.add(what + " (no raw schemas: pass --schemas FILE|EXPORT_DIR)");
      return null;
    }
    if (rawSchemas == null) {
      skippedChecks.add(what + " (the raw schemas could not be read)");
      return null;
    }
    ZetaSql.Checker c = analyzer.typeChecker().get();
    if (c.checker() == null) {
      skippedChecks.add(what + " (ZetaSQL analyzer unavailable: " + c.failure() + ")");
    }
    return c.checker();
  }

  private String label(String relative) {
    return root.isEmpty() ? relative : root + "/" + relative;
  }

  // ---------------------------------------------------------------------------------------------
  // Files

  private List<Path> listFiles() {
    try (Stream<Path> walk = Files.walk(sqlDir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> {
            Path rel = sqlDir.relativize(p);
            for (Path part : rel) {
              if (part.toString().startsWith(".")) {
                return false;
              }
            }
            return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql");
          })
          .sorted(Comparator.comparing(p -> sqlDir.relativize(p).toString()))
          .toList();
    } catch (IOException e) {
      diagnostics.add(Diagnostic.error(root, 1, 1, "cannot list " + sqlDir + ": " + e.getMessage(), ""));
      return List.of();
    }
  }

  private Model load(Path file) {
    Path rel = sqlDir.relativize(file);
    List<String> parts = new ArrayList<>();
    rel.forEach(p -> parts.add(p.toString()));
    String label = label(String.join("/", parts));
    String layout = "model files live in " + root + "/<dataset>/<name>.sql";
    if (parts.size() != 2) {
      diagnostics.add(Diagnostic.error(label, 1, 1,
          parts.size() == 1 ? "a model file must be inside a dataset folder" : "nested folders are not supported",
          layout + " (datasets: " + String.join(", ", config.managedDatasets()) + ")"));
      return null;
    }
    String dataset = parts.get(0);
    String fileName = parts.get(1);
    String name = fileName.substring(0, fileName.length() - 4);
    boolean ok = true;
    if (!Identifiers.isDataset(dataset)) {
      diagnostics.add(Diagnostic.error(label, 1, 1,
          "dataset folder " + Identifiers.show(dataset) + " is not a valid BigQuery dataset id",
          "rename the folder to one of the managed datasets: " + String.join(", ", config.managedDatasets())));
      ok = false;
    } else if (dataset.equals(config.rawDataset())) {
      diagnostics.add(Diagnostic.error(label, 1, 1,
          "the raw dataset " + dataset + " holds exactly what the export holds: models cannot be defined in it",
          "move the model to one of: " + String.join(", ", config.managedDatasets())));
      ok = false;
    } else if (dataset.equals(config.archiveDataset())) {
      diagnostics.add(Diagnostic.error(label, 1, 1,
          "the archive dataset " + dataset + " is written by snaplake only",
          "move the model to one of: " + String.join(", ", config.managedDatasets())));
      ok = false;
    } else if (!config.isManaged(dataset)) {
      List<String> close = Suggest.closest(dataset, config.managedDatasets(), 3);
      diagnostics.add(Diagnostic.error(label, 1, 1, "dataset " + dataset + " is not managed",
          (close.isEmpty() ? "" : "did you mean " + String.join(" or ", close) + "? ")
              + "managed datasets: " + String.join(", ", config.managedDatasets())
              + "; add it to managedDatasets in " + ProjectConfig.FILE_NAME + " or move the file"));
      ok = false;
    }
    if (!Identifiers.isTable(name)) {
      String fixed = name.replaceAll("[^A-Za-z0-9_]", "_");
      if (fixed.isEmpty() || Character.isDigit(fixed.charAt(0))) {
        fixed = "_" + fixed;
      }
      diagnostics.add(Diagnostic.error(label, 1, 1,
          "file name " + Identifiers.show(name) + " is not a valid object name",
          "letters, digits and underscores, not starting with a digit: rename it e.g. to " + fixed + ".sql"));
      ok = false;
    }
    if (!ok) {
      return null;
    }
    Model m = new Model();
    m.label = label;
    m.id = new ObjectId(dataset, name);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      fail(m, 1, 1, "not valid UTF-8", "save the file as UTF-8");
      return m;
    } catch (IOException e) {
      fail(m, 1, 1, "cannot read: " + e.getMessage(), "");
      return m;
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    m.source = new SourceText(text);
    parse(m);
    return m;
  }

  // ---------------------------------------------------------------------------------------------
  // One file

  private void parse(Model m) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("dataset_name", m.id.dataset());
    params.put("table_name", m.id.name());
    config.params().forEach(params::putIfAbsent);
    m.rendered = Rendered.render(m.source.text(), params);
    for (Rendered.Problem p : m.rendered.problems) {
      SourceText.Position pos = m.source.position(p.offset()); // an offset into the original file
      fail(m, pos.line(), pos.column(), p.message(), p.hint());
    }
    if (m.failed) {
      return;
    }
    String text = m.rendered.text;
    SqlLexer.Result lexed = SqlLexer.lex(text);
    for (SqlLexer.Problem p : lexed.problems()) {
      error(m, p.offset(), "syntax error: " + p.message(), p.hint());
    }
    if (m.failed) {
      return;
    }
    List<SqlToken> tokens = lexed.tokens();
    OwnerComment.Found owner = OwnerComment.read(text, tokens.isEmpty() ? text.length() : tokens.get(0).start());
    owner.problems().forEach(p -> report(m, p.severity(), p.offset(), p.message(), p.hint()));
    m.owner = owner.owner();
    int semicolon = -1;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).sym(";")) {
        semicolon = i;
        break;
      }
    }
    List<SqlToken> statement = semicolon < 0 ? tokens : tokens.subList(0, semicolon);
    if (semicolon >= 0) {
      for (int i = semicolon + 1; i < tokens.size(); i++) {
        if (!tokens.get(i).sym(";")) {
          error(m, tokens.get(i).start(), "a second statement: a model file holds exactly one statement",
              "move it to its own file " + root + "/<dataset>/<name>.sql");
          break;
        }
      }
    }
    if (statement.isEmpty()) {
      error(m, 0, "empty file: expected CREATE OR REPLACE VIEW|TABLE " + m.id + " … AS <query>, or a query",
          "write the model's SQL, or delete the file");
      return;
    }
    int statementEnd = semicolon < 0 ? text.length() : tokens.get(semicolon).start();
    HeaderParser.Header h = HeaderParser.parse(statement, statementEnd);
    for (HeaderParser.Problem p : h.problems) {
      report(m, p.severity(), p.offset(), p.message(), p.hint());
    }
    if (!h.bare) {
      m.materialization = h.materialization;
      m.description = h.description;
      m.labels = new TreeMap<>(h.labels);
      Map<String, String> cols = new TreeMap<>();
      h.columnDescriptions.forEach((k, v) -> {
        if (!v.isEmpty()) {
          cols.put(k, v);
        }
      });
      m.columnDescriptions = cols;
      if (!h.nameSegments.isEmpty()) {
        m.declaredName = h.nameSegments;
        m.declaredNameOffset = h.nameStart;
      }
      if (h.materialization == Materialization.TABLE) {
        m.layout = h.layout;
      }
      m.columnList = List.copyOf(h.columns);
      m.columnListOffset = h.columnListOffset;
    }
    if (h.queryStart < 0) {
      return;
    }
    m.queryTokens = List.copyOf(statement.subList(h.queryStart, statement.size()));
    m.queryStart = m.queryTokens.get(0).start();
    m.queryEnd = m.queryTokens.get(m.queryTokens.size() - 1).end();
    m.queryPaths = TableRefScanner.scan(m.queryTokens).paths();
    if (!h.columns.isEmpty()) {
      checkColumnList(m, h);
    }
    // ZetaSQL checks the whole statement when the header could be read, else only the query.
    m.extractionBase = h.structureFailed ? m.queryStart : 0;
    m.extractionInput = text.substring(m.extractionBase, statementEnd);
  }

  /** Syntax errors, or the table names the statement reads. */
  private void applyExtraction(Model m, TableNameExtractor.Extraction x) {
    if (!x.ok()) {
      String msg = x.error();
      error(m, m.extractionBase + x.errorOffset(), msg.startsWith("Syntax error") ? "syntax error" + msg.substring(12) : msg,
          SYNTAX_HINT);
      return;
    }
    List<List<String>> names = new ArrayList<>();
    for (List<String> name : x.names()) {
      List<String> segments = new ArrayList<>();
      for (String part : name) {
        segments.addAll(List.of(part.split("\\.", -1)));
      }
      if (!names.contains(segments)) {
        names.add(List.copyOf(segments));
      }
    }
    m.names = names;
  }

  /**
   * Runs the extractor over every statement on every core (a ZetaSQL call is a round trip to its
   * native service), then records the results in file order.
   */
  private void extractAll(List<Model> models) {
    List<Model> pending = models.stream().filter(m -> m.extractionInput != null).toList();
    List<TableNameExtractor.Extraction> results =
        pending.parallelStream().map(m -> analyzer.extractor().extract(m.extractionInput)).toList();
    for (int i = 0; i < pending.size(); i++) {
      applyExtraction(pending.get(i), results.get(i));
    }
  }

  /** A column list is positional: it must name every column of the query, in order. */
  private void checkColumnList(Model m, HeaderParser.Header h) {
    Optional<List<String>> out = SelectList.outputNames(m.queryTokens);
    if (out.isEmpty()) {
      return;
    }
    List<String> names = out.get();
    m.columnListChecked = true;
    if (names.size() != h.columns.size()) {
      error(m, h.columnListOffset, "the column list names " + h.columns.size() + " columns but the query returns "
              + names.size(),
          "a column list is positional: list every column of the query, in order (" + names.stream()
              .map(n -> n == null ? "?" : n).collect(Collectors.joining(", ")) + ")");
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      String q = names.get(i);
      if (q != null && !q.equalsIgnoreCase(h.columns.get(i))) {
        warning(m, h.columnOffsets.get(i), "column " + (i + 1) + " of the column list is " + h.columns.get(i)
                + " but the query calls it " + q + ": the list renames it",
            "a column list is positional; list the columns in the query's order");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Across files

  /** Two files for one object (names equal ignoring case); returns the models by id, sorted. */
  private Map<ObjectId, Model> checkDuplicates(List<Model> models) {
    Map<String, Model> first = new HashMap<>();
    Map<ObjectId, Model> byId = new TreeMap<>();
    for (Model m : models) {
      String key = m.id.toString().toLowerCase(Locale.ROOT);
      Model other = first.putIfAbsent(key, m);
      if (other != null) {
        fail(m, 1, 1, "two files define one object: " + other.id + " is already defined by " + other.label,
            other.id.equals(m.id)
                ? "keep one of the files"
                : "names that differ only in case collide in DuckDB and in case-insensitive datasets: keep one file");
        continue;
      }
      byId.put(m.id, m);
    }
    return byId;
  }

  private void checkDeclaredNames(List<Model> models, Map<ObjectId, Model> byId) {
    for (Model m : models) {
      if (m.declaredName == null) {
        continue;
      }
      List<String> d = m.declaredName;
      String shown = String.join(".", d);
      boolean identifiers = d.stream().allMatch(Identifiers::isTable);
      if (!identifiers) {
        error(m, m.declaredNameOffset, "the DDL names " + Identifiers.show(shown) + ", which is not a valid object name",
            "write " + m.id + " (or {{ params.dataset_name }}.{{ params.table_name }})");
      } else if (d.size() >= 3) {
        error(m, m.declaredNameOffset, "no project ids in SQL: the compiler qualifies references per environment",
            "write " + m.id + " (or {{ params.dataset_name }}.{{ params.table_name }})");
      } else if (d.size() == 1) {
        error(m, m.declaredNameOffset, "the object name " + Identifiers.show(shown) + " must be qualified with its dataset",
            "write " + m.id + " (or {{ params.dataset_name }}.{{ params.table_name }})");
      } else if (!(d.get(0).equals(m.id.dataset()) && d.get(1).equals(m.id.name()))) {
        Model other = null;
        try {
          other = byId.get(new ObjectId(d.get(0), d.get(1)));
        } catch (InvalidNameException e) {
          // shown below
        }
        if (other != null && other != m) {
          error(m, m.declaredNameOffset, "two files define one object: this file declares " + other.id
                  + ", which " + other.label + " defines",
              "a file defines the object its path names: write " + m.id + " here");
        } else {
          error(m, m.declaredNameOffset, "the DDL names " + Identifiers.show(shown) + " but the file's path says " + m.id,
              "rename the file to " + root + "/" + d.get(0) + "/" + d.get(1)
                  + ".sql, or write {{ params.dataset_name }}.{{ params.table_name }}");
        }
      }
    }
  }

  private void resolve(Model m, Map<ObjectId, Model> byId) {
    if (m.names == null) {
      return;
    }
    Map<List<String>, ObjectId> resolved = new LinkedHashMap<>();
    boolean ok = true;
    for (List<String> name : m.names) {
      String shown = String.join(".", name);
      int at = locate(m, name);
      if (name.size() >= 3) {
        error(m, at, "no project ids in SQL: the compiler qualifies references per environment",
            "write " + String.join(".", name.subList(name.size() - 2, name.size())));
        ok = false;
        continue;
      }
      ObjectId id = null;
      if (name.size() == 2) {
        try {
          id = new ObjectId(name.get(0), name.get(1));
        } catch (InvalidNameException e) {
          error(m, at, "invalid table name " + Identifiers.show(shown), e.getMessage());
          ok = false;
          continue;
        }
      }
      if (id != null && id.dataset().equals(config.rawDataset())) {
        if (rawSchemas != null && rawSchemas.table(id).isEmpty() && rawSchemas.covers(id)) {
          List<String> close = Suggest.closest(id.toString(), rawSchemas.tableIds().stream().map(ObjectId::toString).toList(), 3);
          error(m, at, "unknown table " + Identifiers.show(shown) + ": the raw schemas (" + rawSchemas.source + ") have no such table",
              (close.isEmpty() ? "" : "did you mean " + String.join(", ", close) + "? ")
                  + "raw tables are <database>__<table> as the loader names them");
          ok = false;
          continue;
        }
        resolved.put(name, id);
        checkRawSource(m, id, at);
      } else if (id != null && byId.containsKey(id)) {
        resolved.put(name, id);
      } else {
        error(m, at, "unknown table " + Identifiers.show(shown), unknownHint(name, id, byId));
        ok = false;
      }
    }
    if (!ok) {
      return;
    }
    // Rewrite every table reference ZetaSQL reported, where the query reads it.
    List<PathRef> refs = m.queryPaths.stream()
        .filter(p -> p.tableContext() && resolved.containsKey(p.segments()))
        .sorted(Comparator.comparingInt(PathRef::start))
        .toList();
    Set<List<String>> located = refs.stream().map(PathRef::segments).collect(Collectors.toSet());
    for (List<String> name : resolved.keySet()) {
      if (!located.contains(name)) {
        error(m, locate(m, name), "cannot find where the query reads " + String.join(".", name),
            "write the reference as a plain path right after FROM or JOIN");
        ok = false;
      }
    }
    String text = m.rendered.text;
    StringBuilder template = new StringBuilder();
    int pos = m.queryStart;
    for (PathRef p : refs) {
      ObjectId id = resolved.get(p.segments());
      boolean raw = id.dataset().equals(config.rawDataset());
      if (raw) {
        checkPinnable(m, p);
      }
      template.append(text, pos, p.start());
      template.append(raw ? SqlTemplate.raw(id, p.hasAlias() ? null : id.name()) : SqlTemplate.ref(id));
      pos = p.end();
    }
    template.append(text, pos, m.queryEnd);
    if (!ok) {
      return;
    }
    m.resolved = resolved;
    m.inputs = new ArrayList<>(new TreeSet<>(resolved.values()));
    m.template = template.toString();
    if (!new HashSet<>(SqlTemplate.references(m.template)).equals(new HashSet<>(m.inputs))) {
      error(m, m.queryStart, "internal error: the SQL template does not reference exactly the inferred inputs "
          + m.inputs, "report this with the file");
    }
  }

  /** A raw reference is rewritten to a pinned subquery: time travel and sampling cannot follow it. */
  private void checkPinnable(Model m, PathRef p) {
    List<SqlToken> t = m.queryTokens;
    for (int k = p.lastToken() + 1; k <= p.lastToken() + 3 && k < t.size(); k++) {
      SqlToken tok = t.get(k);
      if (tok.is("FOR") && k + 1 < t.size() && (t.get(k + 1).is("SYSTEM_TIME") || t.get(k + 1).is("SYSTEM"))) {
        error(m, tok.start(), "FOR SYSTEM_TIME AS OF cannot be used on a raw table",
            "snaplake pins every raw read to one snapshot; remove the clause");
        return;
      }
      if (tok.is("TABLESAMPLE")) {
        error(m, tok.start(), "TABLESAMPLE cannot be used on a raw table",
            "snaplake reads raw tables through a pinned subquery; sample in a WHERE clause instead");
        return;
      }
    }
  }

  private void checkRawSource(Model m, ObjectId raw, int at) {
    if (config.sources().isEmpty()) {
      return;
    }
    boolean known = config.sources().stream().anyMatch(s -> raw.name().startsWith(s.database() + "__"));
    if (!known) {
      warning(m, at, "raw table " + raw + " does not belong to any source in " + ProjectConfig.FILE_NAME,
          "raw tables are named <database>__<table> (MySQL) or <database>__<schema>__<table> (PostgreSQL); databases: "
              + config.sources().stream().map(ProjectConfig.Source::database).distinct().collect(Collectors.joining(", ")));
    }
  }

  private String unknownHint(List<String> name, ObjectId id, Map<ObjectId, Model> byId) {
    Set<String> candidates = new TreeSet<>();
    byId.keySet().forEach(k -> candidates.add(k.toString()));
    for (Model other : byId.values()) {
      if (other.names != null) {
        other.names.stream().filter(n -> n.size() == 2 && n.get(0).equals(config.rawDataset()))
            .forEach(n -> candidates.add(String.join(".", n)));
      }
    }
    String shown = String.join(".", name);
    List<String> close = Suggest.closest(shown, candidates, 3);
    if (name.size() == 1) {
      List<String> sameName = candidates.stream().filter(c -> c.endsWith("." + name.get(0))).toList();
      if (!sameName.isEmpty()) {
        close = sameName;
      }
    }
    String where = name.size() == 1
        ? "qualify it with its dataset; "
        : id != null && id.dataset().equals(config.archiveDataset())
            ? "archived definitions are not inputs; "
            : "";
    String rule = "a query reads " + config.rawDataset() + ".<table> or a model defined in "
        + root + "/<dataset>/<name>.sql";
    return where + (close.isEmpty() ? rule : "did you mean " + String.join(", ", close) + "? " + rule);
  }

  /** Where the query first mentions {@code name} (a table path), else where it starts. */
  int locate(Model m, List<String> name) {
    Optional<PathRef> p = m.queryPaths.stream().filter(r -> r.tableContext() && r.segments().equals(name)).findFirst();
    if (p.isEmpty()) {
      p = m.queryPaths.stream().filter(r -> r.segments().equals(name)).findFirst();
    }
    if (p.isEmpty()) {
      String last = name.get(name.size() - 1);
      p = m.queryPaths.stream().filter(r -> r.tableContext() && r.segments().get(r.segments().size() - 1).equals(last)).findFirst();
    }
    return p.map(PathRef::start).orElse(Math.max(0, m.queryStart));
  }

  private void checkCycles(Map<ObjectId, Model> byId) {
    Map<ObjectId, ManagedObject> graph = stubs(byId);
    Set<Set<ObjectId>> reported = new HashSet<>();
    for (int guard = 0; guard < byId.size(); guard++) {
      Optional<List<ObjectId>> cycle = ModelGraph.findCycle(graph);
      if (cycle.isEmpty()) {
        break;
      }
      List<ObjectId> c = cycle.get();
      c.forEach(id -> byId.get(id).inCycle = true);
      if (reported.add(new HashSet<>(c))) {
        Model from = byId.get(c.get(0));
        ObjectId to = c.get(1);
        int at = from.queryPaths.stream()
            .filter(p -> p.tableContext() && to.equals(from.resolved.get(p.segments())))
            .map(PathRef::start).findFirst().orElse(from.queryStart);
        error(from, at, "dependency cycle: " + c.stream().map(ObjectId::toString).collect(Collectors.joining(" -> ")),
            "a model cannot read itself, directly or through other models: remove one of these references");
      }
      graph.remove(c.get(0));
    }
  }

  /**
   * PARTITION BY and CLUSTER BY columns must be columns of the table: with their types when
   * ZetaSQL inferred the output, else by name when the SELECT list can be read.
   */
  private void checkLayouts(Iterable<Model> models) {
    for (Model m : models) {
      if (m.layout.isEmpty()) {
        continue;
      }
      List<HeaderParser.Problem> problems;
      if (m.schema != null) {
        problems = m.layout.check(m.schema);
      } else {
        List<String> names = m.columnList;
        if (names.isEmpty()) {
          names = SelectList.outputNames(m.queryTokens).filter(n -> !n.contains(null)).orElse(List.of());
        }
        problems = names.isEmpty() ? List.of() : m.layout.checkNames(names);
      }
      problems.forEach(p -> report(m, p.severity(), p.offset(), p.message(), p.hint()));
    }
  }

  /** BigQuery allows 16 levels of views reading views; a table ends a chain. */
  private void checkNesting(Map<ObjectId, Model> byId) {
    Map<ObjectId, Integer> memo = new HashMap<>();
    for (Model m : byId.values()) {
      if (m.inputs == null) {
        continue;
      }
      int levels = nesting(m.id, byId, memo);
      if (levels <= MAX_VIEW_NESTING) {
        continue;
      }
      boolean inputsWithinLimit = m.inputs.stream()
          .filter(byId::containsKey)
          .allMatch(i -> nesting(i, byId, memo) <= MAX_VIEW_NESTING);
      if (inputsWithinLimit) {
        List<ObjectId> chain = chain(m.id, byId, memo);
        ObjectId next = chain.size() > 1 ? chain.get(1) : null;
        int at = m.queryPaths.stream()
            .filter(p -> p.tableContext() && next != null && next.equals(m.resolved.get(p.segments())))
            .map(PathRef::start).findFirst().orElse(m.queryStart);
        error(m, at, "view nesting too deep: " + chain.size() + " levels of views ("
                + chain.stream().map(ObjectId::toString).collect(Collectors.joining(" -> "))
                + "); BigQuery allows " + MAX_VIEW_NESTING,
            "materialize one of them as a TABLE (CREATE OR REPLACE TABLE …)");
      }
    }
  }

  /** How many views deep a query of {@code id} goes (its own level counts when it is a view). */
  private int nesting(ObjectId id, Map<ObjectId, Model> byId, Map<ObjectId, Integer> memo) {
    Integer known = memo.get(id);
    if (known != null) {
      return known;
    }
    memo.put(id, 0); // a cycle (reported elsewhere) adds no depth
    Model m = byId.get(id);
    int below = 0;
    if (m != null && m.inputs != null) {
      for (ObjectId i : m.inputs) {
        Model in = byId.get(i);
        if (in != null && in.materialization == Materialization.VIEW) {
          below = Math.max(below, nesting(i, byId, memo));
        }
      }
    }
    int levels = below + (m != null && m.materialization == Materialization.VIEW ? 1 : 0);
    memo.put(id, levels);
    return levels;
  }

  private List<ObjectId> chain(ObjectId id, Map<ObjectId, Model> byId, Map<ObjectId, Integer> memo) {
    List<ObjectId> chain = new ArrayList<>();
    ObjectId cur = id;
    while (cur != null && !chain.contains(cur)) {
      Model m = byId.get(cur);
      if (m.materialization == Materialization.VIEW) {
        chain.add(cur);
      }
      ObjectId next = null;
      int best = 0;
      for (ObjectId i : m.inputs == null ? List.<ObjectId>of() : m.inputs) {
        Model in = byId.get(i);
        if (in != null && in.materialization == Materialization.VIEW && nesting(i, byId, memo) > best) {
          best = nesting(i, byId, memo);
          next = i;
        }
      }
      cur = next;
    }
    return chain;
  }

  static Map<ObjectId, ManagedObject> stubs(Map<ObjectId, Model> byId) {
    Map<ObjectId, ManagedObject> graph = new LinkedHashMap<>();
    for (Model m : byId.values()) {
      if (m.inputs != null) {
        graph.put(m.id, new ManagedObject(m.id, m.materialization, "", m.inputs, "", Map.of(), Map.of(), m.label, ""));
      }
    }
    return graph;
  }

  // ---------------------------------------------------------------------------------------------
  // Diagnostics

  void error(Model m, int renderedOffset, String message, String hint) {
    report(m, Severity.ERROR, renderedOffset, message, hint);
  }

  void warning(Model m, int renderedOffset, String message, String hint) {
    report(m, Severity.WARNING, renderedOffset, message, hint);
  }

  private void report(Model m, Severity severity, int renderedOffset, String message, String hint) {
    int original = m.rendered == null ? renderedOffset : m.rendered.original(renderedOffset);
    SourceText.Position p = m.source.position(original);
    diagnostics.add(new Diagnostic(severity, m.label, p.line(), p.column(), message, hint));
    if (severity == Severity.ERROR) {
      m.failed = true;
    }
  }

  private void fail(Model m, int line, int column, String message, String hint) {
    diagnostics.add(Diagnostic.error(m.label, line, column, message, hint));
    m.failed = true;
  }
}
