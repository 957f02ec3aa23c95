package dev.snaplake.compiler;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.AnyResolvedStatementProto;
import com.google.zetasql.ClientChannelProvider;
import com.google.zetasql.FileDescriptorSetsBuilder;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.LocalService.AnalyzeRequest;
import com.google.zetasql.LocalService.AnalyzeResponse;
import com.google.zetasql.LocalService.RegisterCatalogRequest;
import com.google.zetasql.LocalService.UnregisterRequest;
import com.google.zetasql.ResolvedColumnProto;
import com.google.zetasql.ResolvedOutputColumnProto;
import com.google.zetasql.ResolvedQueryStmtProto;
import com.google.zetasql.SimpleCatalogProtos.SimpleCatalogProto;
import com.google.zetasql.SimpleTableProtos.SimpleColumnProto;
import com.google.zetasql.SimpleTableProtos.SimpleTableProto;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLOptionsProto.ZetaSQLBuiltinFunctionOptionsProto;
import com.google.zetasql.ZetaSQLType.ArrayTypeProto;
import com.google.zetasql.ZetaSQLType.RangeTypeProto;
import com.google.zetasql.ZetaSQLType.StructFieldProto;
import com.google.zetasql.ZetaSQLType.StructTypeProto;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.ZetaSQLType.TypeProto;
import com.google.zetasql.ZetaSqlLocalServiceGrpc;
import com.google.zetasql.ZetaSqlLocalServiceGrpc.ZetaSqlLocalServiceBlockingStub;
import com.google.zetasql.io.grpc.CallOptions;
import com.google.zetasql.io.grpc.Channel;
import com.google.zetasql.io.grpc.MethodDescriptor;
import com.google.zetasql.io.grpc.stub.ClientCalls;
import dev.snaplake.core.naming.ObjectId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Column and type checks with ZetaSQL's analyzer in BigQuery's product mode, through the
 * protocol of ZetaSQL's local service (the one its Java API uses). Going through the protocol
 * directly is what makes 1,000 models fit in seconds (see the compile benchmark): the built-in
 * functions are expanded by the native side from options, not copied into Java objects, and of a
 * query's resolved tree (kilobytes) only the output columns are read from the wire, the rest
 * skipped unparsed, which also spares the JIT most of the protocol's code. For each batch the
 * tables are registered once; the queries of a batch are independent and run on every core,
 * each thread on its own channel.
 */
final class ZetaSqlTypeChecker implements TypeChecker {
  private static final int OPTIONS = ZetaSqlWire.number(AnalyzeRequest.getDescriptor(), "options");
  private static final int CATALOG_ID = ZetaSqlWire.number(AnalyzeRequest.getDescriptor(), "registered_catalog_id");
  private static final int SQL = ZetaSqlWire.number(AnalyzeRequest.getDescriptor(), "sql_statement");
  private static final int RESOLVED_STATEMENT = ZetaSqlWire.number(AnalyzeResponse.getDescriptor(), "resolved_statement");
  private static final int QUERY_STATEMENT =
      ZetaSqlWire.number(AnyResolvedStatementProto.getDescriptor(), "resolved_query_stmt_node");
  private static final int OUTPUT_COLUMN = ZetaSqlWire.number(ResolvedQueryStmtProto.getDescriptor(), "output_column_list");
  private static final int COLUMN_NAME = ZetaSqlWire.number(ResolvedOutputColumnProto.getDescriptor(), "name");
  private static final int COLUMN = ZetaSqlWire.number(ResolvedOutputColumnProto.getDescriptor(), "column");
  private static final int COLUMN_TYPE = ZetaSqlWire.number(ResolvedColumnProto.getDescriptor(), "type");

  private final ByteString options;
  private final ZetaSQLBuiltinFunctionOptionsProto builtins;
  private final List<Channel> channels;
  private final ZetaSqlLocalServiceBlockingStub service;
  private final ExecutorService pool;

  private ZetaSqlTypeChecker(ByteString options, ZetaSQLBuiltinFunctionOptionsProto builtins,
      List<Channel> channels) {
    this.options = options;
    this.builtins = builtins;
    this.channels = channels;
    this.service = ZetaSqlLocalServiceGrpc.newBlockingStub(channels.get(0));
    this.pool = Executors.newFixedThreadPool(channels.size(), r -> {
      Thread t = new Thread(r, "snaplake-typecheck");
      t.setDaemon(true);
      return t;
    });
  }

  /** Needs ZetaSQL started ({@link ZetaSql#startup()}). */
  static ZetaSqlTypeChecker start() {
    LanguageOptions language = new LanguageOptions();
    language.enableMaximumLanguageFeatures();
    language.setSupportsAllStatementKinds();
    language.setProductMode(ProductMode.PRODUCT_EXTERNAL);
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    options.setEnabledRewrites(Set.of()); // only the output columns are read: rewriting the tree is wasted work
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      channels.add(ClientChannelProvider.loadChannel());
    }
    return new ZetaSqlTypeChecker(ZetaSqlWire.field(OPTIONS, options.serialize(new FileDescriptorSetsBuilder())),
        ZetaSQLBuiltinFunctionOptionsProto.newBuilder().setLanguageOptions(language.serialize()).build(), channels);
  }

  @Override
  public List<Outcome> check(Map<ObjectId, List<TypedColumn>> tables, List<String> queries) {
    long catalog = service.registerCatalog(
        RegisterCatalogRequest.newBuilder().setSimpleCatalog(catalog(tables)).build()).getRegisteredId();
    MethodDescriptor<String, byte[]> analyze = ZetaSqlWire.method(ZetaSqlLocalServiceGrpc.getAnalyzeMethod(),
        options.concat(ZetaSqlWire.field(CATALOG_ID, catalog)), SQL);
    try {
      if (queries.size() < 2 * channels.size()) {
        return queries.stream().map(q -> analyze(channels.get(0), analyze, q)).toList();
      }
      List<Future<List<Outcome>>> parts = new ArrayList<>();
      int n = channels.size();
      for (int k = 0; k < n; k++) {
        int first = k;
        parts.add(pool.submit(() -> {
          List<Outcome> outcomes = new ArrayList<>();
          for (int i = first; i < queries.size(); i += n) {
            outcomes.add(analyze(channels.get(first), analyze, queries.get(i)));
          }
          return outcomes;
        }));
      }
      Outcome[] all = new Outcome[queries.size()];
      for (int k = 0; k < n; k++) {
        List<Outcome> part = parts.get(k).get();
        for (int j = 0; j < part.size(); j++) {
          all[k + j * n] = part.get(j);
        }
      }
      return List.of(all);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while type checking", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("ZetaSQL analysis failed: " + e.getCause(), e.getCause());
    } finally {
      service.unregisterCatalog(UnregisterRequest.newBuilder().setRegisteredId(catalog).build());
    }
  }

  private static Outcome analyze(Channel channel, MethodDescriptor<String, byte[]> analyze, String query) {
    ZetaSqlCall.Result<List<TypedColumn>> r = ZetaSqlCall.run(query,
        sql -> outputColumns(ClientCalls.blockingUnaryCall(channel, analyze, CallOptions.DEFAULT, sql)));
    if (r.error() == null && r.value() == null) {
      return Outcome.failed("ZetaSQL did not analyze this as a query", 0, List.of());
    }
    return r.error() == null ? Outcome.of(r.value()) : Outcome.failed(r.error(), r.errorOffset(), r.signatures());
  }

  /** The output columns of an AnalyzeResponse holding a query statement, read off the wire; null for another statement. */
  static List<TypedColumn> outputColumns(byte[] response) {
    ByteString query = ZetaSqlWire.read(ZetaSqlWire.read(ByteString.copyFrom(response), RESOLVED_STATEMENT), QUERY_STATEMENT);
    if (query == null) {
      return null;
    }
    List<TypedColumn> columns = new ArrayList<>();
    try {
      CodedInputStream in = query.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) != OUTPUT_COLUMN) {
          in.skipField(tag);
          continue;
        }
        ByteString column = in.readBytes();
        ByteString name = ZetaSqlWire.read(column, COLUMN_NAME);
        ByteString type = ZetaSqlWire.read(ZetaSqlWire.read(column, COLUMN), COLUMN_TYPE);
        columns.add(new TypedColumn(name == null ? "" : name.toStringUtf8(), columnType(TypeProto.parseFrom(type))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable ZetaSQL response", e);
    }
    return columns;
  }

  /** Tables by dataset in sub-catalogs ({@code dataset.name}), and by full name ({@code `dataset.name`}). */
  private SimpleCatalogProto catalog(Map<ObjectId, List<TypedColumn>> tables) {
    SimpleCatalogProto.Builder root = SimpleCatalogProto.newBuilder().setName("snaplake").setBuiltinFunctionOptions(builtins);
    Map<String, SimpleCatalogProto.Builder> datasets = new LinkedHashMap<>();
    long id = 0;
    for (Map.Entry<ObjectId, List<TypedColumn>> e : tables.entrySet()) {
      ObjectId t = e.getKey();
      datasets.computeIfAbsent(t.dataset(), d -> SimpleCatalogProto.newBuilder().setName(d))
          .addTable(table(t.name(), e.getValue(), ++id));
      root.addTable(table(t.toString(), e.getValue(), ++id));
    }
    datasets.values().forEach(root::addCatalog);
    return root.build();
  }

  private static SimpleTableProto table(String name, List<TypedColumn> columns, long id) {
    SimpleTableProto.Builder t = SimpleTableProto.newBuilder().setName(name).setSerializationId(id);
    for (TypedColumn c : columns) {
      t.addColumn(SimpleColumnProto.newBuilder().setName(c.name()).setType(type(c.type())));
    }
    return t.build();
  }

  static TypeProto type(ColumnType t) {
    TypeProto.Builder b = TypeProto.newBuilder();
    switch (t.kind()) {
      case "ARRAY" -> b.setTypeKind(TypeKind.TYPE_ARRAY).setArrayType(ArrayTypeProto.newBuilder().setElementType(type(t.element())));
      case "RANGE" -> b.setTypeKind(TypeKind.TYPE_RANGE).setRangeType(RangeTypeProto.newBuilder().setElementType(type(t.element())));
      case "STRUCT" -> {
        StructTypeProto.Builder s = StructTypeProto.newBuilder();
        t.fields().forEach(f -> s.addField(StructFieldProto.newBuilder().setFieldName(f.name()).setFieldType(type(f.type()))));
        b.setTypeKind(TypeKind.TYPE_STRUCT).setStructType(s);
      }
      default -> b.setTypeKind(kind(t.kind()));
    }
    return b.build();
  }

  private static TypeKind kind(String name) {
    return switch (name) {
      case "INT64" -> TypeKind.TYPE_INT64;
      case "FLOAT64" -> TypeKind.TYPE_DOUBLE;
      case "NUMERIC" -> TypeKind.TYPE_NUMERIC;
      case "BIGNUMERIC" -> TypeKind.TYPE_BIGNUMERIC;
      case "BOOL" -> TypeKind.TYPE_BOOL;
      case "STRING" -> TypeKind.TYPE_STRING;
      case "BYTES" -> TypeKind.TYPE_BYTES;
      case "DATE" -> TypeKind.TYPE_DATE;
      case "DATETIME" -> TypeKind.TYPE_DATETIME;
      case "TIME" -> TypeKind.TYPE_TIME;
      case "TIMESTAMP" -> TypeKind.TYPE_TIMESTAMP;
      case "JSON" -> TypeKind.TYPE_JSON;
      case "GEOGRAPHY" -> TypeKind.TYPE_GEOGRAPHY;
      case "INTERVAL" -> TypeKind.TYPE_INTERVAL;
      default -> throw new IllegalArgumentException("no ZetaSQL type for " + name);
    };
  }

  static ColumnType columnType(TypeProto t) {
    return switch (t.getTypeKind()) {
      case TYPE_ARRAY -> ColumnType.array(columnType(t.getArrayType().getElementType()));
      case TYPE_RANGE -> new ColumnType("RANGE", columnType(t.getRangeType().getElementType()), List.of());
      case TYPE_STRUCT -> ColumnType.struct(t.getStructType().getFieldList().stream()
          .map(f -> new ColumnType.Field(f.getFieldName(), columnType(f.getFieldType()))).toList());
      case TYPE_INT64 -> ColumnType.simple("INT64");
      case TYPE_DOUBLE -> ColumnType.simple("FLOAT64");
      case TYPE_NUMERIC -> ColumnType.simple("NUMERIC");
      case TYPE_BIGNUMERIC -> ColumnType.simple("BIGNUMERIC");
      case TYPE_BOOL -> ColumnType.simple("BOOL");
      case TYPE_STRING -> ColumnType.simple("STRING");
      case TYPE_BYTES -> ColumnType.simple("BYTES");
      case TYPE_DATE -> ColumnType.simple("DATE");
      case TYPE_DATETIME -> ColumnType.simple("DATETIME");
      case TYPE_TIME -> ColumnType.simple("TIME");
      case TYPE_TIMESTAMP -> ColumnType.simple("TIMESTAMP");
      case TYPE_JSON -> ColumnType.simple("JSON");
      case TYPE_GEOGRAPHY -> ColumnType.simple("GEOGRAPHY");
      case TYPE_INTERVAL -> ColumnType.simple("INTERVAL");
      // BigQuery's product mode produces none of ZetaSQL's other types; name them as ZetaSQL does
      default -> ColumnType.simple(t.getTypeKind().name().substring("TYPE_".length()));
    };
  }
}
