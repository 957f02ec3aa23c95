package dev.snaplake.core.lease;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A claim on a piece of work that many handlers may see at once (an export, a model's rebuild
 * for a snapshot): a write-if-absent object with a lease. The first handler takes it; a handler
 * that dies leaves a lease that expires, after which a later event or a replay takes it over (a
 * generation-checked replace, so only one wins). Function instances share nothing but the
 * bucket, so this is what makes the work happen once across them.
 */
public final class Lease {
  /** Who holds a claim, and until when (ISO-8601; "unknown" when the claim cannot be read). */
  public record Holder(String owner, String until) {}

  private final ObjectStore store;
  private final Clock clock;
  private final Duration lease;
  private final String owner;

  public Lease(ObjectStore store, Clock clock, Duration lease, String owner) {
    this.store = store;
    this.clock = clock;
    this.lease = lease;
    this.owner = owner;
  }

  public String owner() {
    return owner;
  }

  /** Empty when the claim at {@code key} is ours now; otherwise the live claim of someone else. */
  public Optional<Holder> acquire(String key) {
    if (store.createIfAbsent(key, content())) {
      return Optional.empty();
    }
    Optional<StoredObject> existing = store.stat(key);
    if (existing.isEmpty()) {
      return store.createIfAbsent(key, content()) ? Optional.empty() : Optional.of(new Holder("unknown", "unknown"));
    }
    Holder holder = read(key);
    Instant until = holder.until().equals("unknown") ? Instant.EPOCH : Instant.parse(holder.until());
    if (clock.instant().isBefore(until) && !holder.owner().equals(owner)) {
      return Optional.of(holder);
    }
    // The lease ran out (or it is our own): take it over, unless someone else just did.
    return store.replaceIfGeneration(key, content(), existing.get().generation())
        ? Optional.empty()
        : Optional.of(read(key));
  }

  /** Ends our lease early, so that a retry can take the claim at once. */
  public void release(String key) {
    store.stat(key).ifPresent(o -> {
      if (read(key).owner().equals(owner)) {
        JsonObject c = new JsonObject();
        c.addProperty("owner", owner);
        c.addProperty("releasedAt", clock.instant().toString());
        c.addProperty("leaseUntil", Instant.EPOCH.toString());
        store.replaceIfGeneration(key, c.toString().getBytes(StandardCharsets.UTF_8), o.generation());
      }
    });
  }

  private Holder read(String key) {
    try {
      JsonObject o = JsonParser.parseString(new String(store.read(key), StandardCharsets.UTF_8)).getAsJsonObject();
      return new Holder(o.get("owner").getAsString(), o.get("leaseUntil").getAsString());
    } catch (RuntimeException e) {
      return new Holder("unknown", "unknown"); // unreadable claim: treat as expired
    }
  }

  private byte[] content() {
    JsonObject o = new JsonObject();
    o.addProperty("owner", owner);
    o.addProperty("claimedAt", clock.instant().toString());
    o.addProperty("leaseUntil", clock.instant().plus(lease).toString());
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }
}
