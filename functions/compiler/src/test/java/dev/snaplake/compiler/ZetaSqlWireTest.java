package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.zetasql.AnyResolvedStatementProto;
import com.google.zetasql.LocalService.AnalyzeRequest;
import com.google.zetasql.LocalService.AnalyzeResponse;
import com.google.zetasql.ResolvedColumnProto;
import com.google.zetasql.ResolvedExplainStmtProto;
import com.google.zetasql.ResolvedOutputColumnProto;
import com.google.zetasql.ResolvedQueryStmtProto;
import com.google.zetasql.ZetaSQLOptionsProto.AnalyzerOptionsProto;
import com.google.zetasql.ZetaSqlLocalServiceGrpc;
import com.google.zetasql.io.grpc.MethodDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written protocol: requests equal what ZetaSQL's own classes would write, responses read right. */
class ZetaSqlWireTest {
  @Test
  void aRequestIsThePrefixThenTheStatement() throws Exception {
    AnalyzerOptionsProto options = AnalyzerOptionsProto.newBuilder().setDefaultTimezone("UTC").build();
    MethodDescriptor<String, byte[]> m = ZetaSqlWire.method(ZetaSqlLocalServiceGrpc.getAnalyzeMethod(),
        ZetaSqlWire.field(ZetaSqlWire.number(AnalyzeRequest.getDescriptor(), "options"), options).concat(ZetaSqlWire.field(
            ZetaSqlWire.number(AnalyzeRequest.getDescriptor(), "registered_catalog_id"), 42)),
        ZetaSqlWire.number(AnalyzeRequest.getDescriptor(), "sql_statement"));
    AnalyzeRequest read = AnalyzeRequest.parseFrom(m.streamRequest("SELECT 'é' AS x"));
    assertThat(read.getRegisteredCatalogId()).isEqualTo(42);
    assertThat(read.getSqlStatement()).isEqualTo("SELECT 'é' AS x");
    assertThat(read.getOptions()).isEqualTo(options);
  }

  @Test
  void outputColumnsAreReadOffTheWireAndOtherStatementsAreNotQueries() {
    ResolvedQueryStmtProto query = ResolvedQueryStmtProto.newBuilder()
        .addOutputColumnList(output("id", ZetaSqlTypeChecker.type(ColumnType.simple("INT64"))))
        .addOutputColumnList(output("tags", ZetaSqlTypeChecker.type(ColumnType.parse("ARRAY<STRUCT<a DATE, b RANGE<DATE>>>"))))
        .setIsValueTable(false)
        .build();
    byte[] response = AnalyzeResponse.newBuilder()
        .setResolvedStatement(AnyResolvedStatementProto.newBuilder().setResolvedQueryStmtNode(query)).build().toByteArray();
    assertThat(ZetaSqlTypeChecker.outputColumns(response)).containsExactly(
        new TypedColumn("id", ColumnType.simple("INT64")),
        new TypedColumn("tags", ColumnType.parse("ARRAY<STRUCT<a DATE, b RANGE<DATE>>>")));
    byte[] explain = AnalyzeResponse.newBuilder().setResolvedStatement(AnyResolvedStatementProto.newBuilder()
        .setResolvedExplainStmtNode(ResolvedExplainStmtProto.getDefaultInstance())).build().toByteArray();
    assertThat(ZetaSqlTypeChecker.outputColumns(explain)).isNull();
    assertThat(ZetaSqlWire.read(ByteString.copyFrom(response), 99)).isNull();
    assertThat(List.of(ColumnType.parse("FLOAT64"))).extracting(t -> ZetaSqlTypeChecker.columnType(ZetaSqlTypeChecker.type(t)))
        .containsExactly(ColumnType.simple("FLOAT64"));
  }

  private static ResolvedOutputColumnProto output(String name, com.google.zetasql.ZetaSQLType.TypeProto type) {
    return ResolvedOutputColumnProto.newBuilder().setName(name)
        .setColumn(ResolvedColumnProto.newBuilder().setColumnId(1).setName(name).setType(type)).build();
  }
}
