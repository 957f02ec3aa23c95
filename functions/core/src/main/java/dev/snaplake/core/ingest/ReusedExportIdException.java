package dev.snaplake.core.ingest;

import dev.snaplake.core.export.ExportMetadataException;

/**
 * An export id that was loaded before came back with other content (another inventory hash).
 * Permanent: the loaded snapshot stands, nothing is loaded over it, nothing is published.
 */
public final class ReusedExportIdException extends ExportMetadataException {
  ReusedExportIdException(String exportRoot, String exportId, String loadedHash, String newHash) {
    super("export " + exportId + " (" + exportRoot + ") was loaded with inventory " + loadedHash
        + ", and its inventory now lists other objects (hash " + newHash + "): the export id was reused for other"
        + " content. Nothing was loaded or changed. Export ids are written once: run the new export under a new id.");
  }
}
