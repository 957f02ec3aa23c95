package dev.snaplake.core.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** One {@code export_tables_info_<id>_from_<N>_to_<M>.json} part: tables N to M of the export. */
public record ExportTablesInfo(int fromIndex, int toIndex, List<TableExportStatus> tables, List<String> warnings) {
  public ExportTablesInfo {
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }

  public static ExportTablesInfo parse(byte[] content, String key, int fromIndex, int toIndex) {
    JsonObject o = Json.object(content, key);
    JsonElement per = o.get("perTableStatus");
    if (per == null || !per.isJsonArray()) {
      throw new ExportMetadataException(key + ": field 'perTableStatus' is missing or not an array. " + Json.REDO);
    }
    List<TableExportStatus> tables = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    JsonArray array = per.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isJsonObject()) {
        throw new ExportMetadataException(key + ": perTableStatus[" + i + "] is not an object. " + Json.REDO);
      }
      JsonObject t = array.get(i).getAsJsonObject();
      String target = Json.optString(t, "target");
      String warning = Json.optString(t, "warningMessage");
      if (target == null) {
        if (warning != null) {
          warnings.add(warning);
          continue;
        }
        throw new ExportMetadataException(key + ": perTableStatus[" + i + "] has no 'target'. " + Json.REDO);
      }
      String status = Json.string(t, "status", key + " perTableStatus[" + i + "] (" + target + ")");
      JsonObject stats = Json.optObject(t, "tableStatistics");
      JsonObject partitioning = Json.optObject(stats, "partitioningInfo");
      JsonObject schema = Json.optObject(t, "schemaMetadata");
      List<ColumnMapping> columns = new ArrayList<>();
      JsonElement mappings = schema.get("originalTypeMappings");
      if (mappings != null && mappings.isJsonArray()) {
        int c = 0;
        for (JsonElement me : mappings.getAsJsonArray()) {
          String where = key + " perTableStatus[" + i + "] (" + target + ") originalTypeMappings[" + c++ + "]";
          if (!me.isJsonObject()) {
            throw new ExportMetadataException(where + " is not an object. " + Json.REDO);
          }
          JsonObject m = me.getAsJsonObject();
          columns.add(
              new ColumnMapping(
                  Json.string(m, "columnName", where),
                  Json.string(m, "originalType", where),
                  Json.optString(m, "expectedExportedType"),
                  Json.optInt(m, "originalCharMaxLength"),
                  Json.optInt(m, "originalNumPrecision"),
                  Json.optInt(m, "originalNumScale"),
                  Json.optInt(m, "originalDateTimePrecision")));
        }
      }
      tables.add(
          new TableExportStatus(
              target,
              status,
              Json.optDouble(t, "sizeGB"),
              Json.optInt(partitioning, "numberOfPartitions"),
              columns,
              warning));
    }
    return new ExportTablesInfo(fromIndex, toIndex, tables, warnings);
  }
}
