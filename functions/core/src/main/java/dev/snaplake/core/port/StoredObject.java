package dev.snaplake.core.port;

/** An object in a bucket: its key, size in bytes, and generation (changes on every write). */
public record StoredObject(String key, long size, long generation) {}
