package dev.snaplake.core.ingest;

/** Where an export's claim and its done marker live in the landing bucket. */
final class ExportClaim {
  private ExportClaim() {}

  static String claimKey(String exportRoot) {
    return "_snaplake/exports/" + exportRoot + "/claim.json";
  }

  static String doneKey(String exportRoot) {
    return "_snaplake/exports/" + exportRoot + "/loaded.json";
  }
}
