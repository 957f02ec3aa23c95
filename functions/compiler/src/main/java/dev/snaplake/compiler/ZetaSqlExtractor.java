package dev.snaplake.compiler;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.zetasql.ClientChannelProvider;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.LocalService.ExtractTableNamesFromStatementRequest;
import com.google.zetasql.LocalService.ExtractTableNamesFromStatementResponse;
import com.google.zetasql.ZetaSqlLocalServiceGrpc;
import com.google.zetasql.io.grpc.CallOptions;
import com.google.zetasql.io.grpc.Channel;
import com.google.zetasql.io.grpc.MethodDescriptor;
import com.google.zetasql.io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Table extraction and syntax validation with ZetaSQL, BigQuery's SQL front end, through its
 * bundled native library (JNI). Only the ZetaSql* classes touch ZetaSQL types, so that a missing or
 * unloadable native library surfaces as an error in {@link #start()}, never elsewhere. Requests
 * go over the local service's protocol with the options written once ({@link ZetaSqlWire});
 * calls are independent and may run on several threads.
 */
final class ZetaSqlExtractor implements TableNameExtractor {
  /** ZetaSQL's bundled gRPC warns about name resolvers it never needs; keep the logger alive to quiet it. */
  private static final Logger GRPC_REGISTRY_LOGGER =
      Logger.getLogger("com.google.zetasql.io.grpc.NameResolverRegistry");
  private static final int OPTIONS = ZetaSqlWire.number(ExtractTableNamesFromStatementRequest.getDescriptor(), "options");
  private static final int SQL = ZetaSqlWire.number(ExtractTableNamesFromStatementRequest.getDescriptor(), "sql_statement");

  private final Channel channel;
  private final MethodDescriptor<String, byte[]> extract;

  private ZetaSqlExtractor(Channel channel, MethodDescriptor<String, byte[]> extract) {
    this.channel = channel;
    this.extract = extract;
  }

  /** Starts ZetaSQL (loads the native library) and runs one statement through it. */
  static ZetaSqlExtractor start() {
    GRPC_REGISTRY_LOGGER.setLevel(Level.SEVERE);
    LanguageOptions language = new LanguageOptions();
    language.enableMaximumLanguageFeatures();
    language.setSupportsAllStatementKinds();
    ZetaSqlExtractor e = new ZetaSqlExtractor(ClientChannelProvider.loadChannel(), ZetaSqlWire.method(
        ZetaSqlLocalServiceGrpc.getExtractTableNamesFromStatementMethod(), ZetaSqlWire.field(OPTIONS, language.serialize()), SQL));
    Extraction warmUp = e.extract("SELECT 1 FROM warm.up");
    if (!warmUp.ok()) {
      throw new IllegalStateException("ZetaSQL self-test failed: " + warmUp.error());
    }
    return e;
  }

  @Override
  public Extraction extract(String statement) {
    ZetaSqlCall.Result<List<List<String>>> r = ZetaSqlCall.run(statement,
        sql -> names(ClientCalls.blockingUnaryCall(channel, extract, CallOptions.DEFAULT, sql)));
    return r.error() == null ? Extraction.of(r.value()) : Extraction.failed(r.error(), r.errorOffset());
  }

  private static List<List<String>> names(byte[] response) {
    try {
      List<List<String>> names = new ArrayList<>();
      for (ExtractTableNamesFromStatementResponse.TableName t
          : ExtractTableNamesFromStatementResponse.parseFrom(ByteString.copyFrom(response)).getTableNameList()) {
        names.add(List.copyOf(t.getTableNameSegmentList()));
      }
      return names;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable ZetaSQL response", e);
    }
  }
}
