package dev.snaplake.core.port;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;

/** What the warehouse holds for one snapshot of a raw table, recorded with the load. */
public record LoadRecord(
    ObjectId table, Snapshot snapshot, long rows, long bytes, String schemaHash, String jobId, String exportId) {}
