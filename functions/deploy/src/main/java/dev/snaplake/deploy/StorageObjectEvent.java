package dev.snaplake.deploy;

import com.google.gson.JsonObject;
import io.cloudevents.CloudEvent;

/**
 * A Cloud Storage {@value #TYPE} CloudEvent, read with Gson: data carries {@code bucket} and
 * {@code name} (and size, generation… as strings), see StorageObjectData in google-cloudevent-types.
 */
record StorageObjectEvent(String id, String bucket, String name, String generation) {
  static final String TYPE = "google.cloud.storage.object.v1.finalized";

  static StorageObjectEvent parse(CloudEvent event) {
    EventJson.requireType(event, TYPE);
    JsonObject data = EventJson.data(event);
    String where = "storage event data";
    String bucket = EventJson.string(data, "bucket", where);
    String name = EventJson.string(data, "name", where);
    String generation = null;
    if (data.has("generation") && data.get("generation").isJsonPrimitive()) {
      generation = data.get("generation").getAsString();
    }
    return new StorageObjectEvent(event.getId(), bucket, name, generation);
  }
}
