package dev.snaplake.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventCodec;
import dev.snaplake.core.event.EventType;
import org.junit.jupiter.api.Test;

/** The message format, without the emulator. */
class PubSubEventBusMessageTest {
  @Test
  void aMessageIsTheStructuredCloudEventPlusFilterAttributes() {
    Event e = PubSubEventBusEmulatorTest.event(3);
    PubsubMessage m = PubSubEventBus.toMessage(e);
    assertThat(m.getData().toStringUtf8()).isEqualTo(EventCodec.toJson(e));
    assertThat(m.getAttributesMap())
        .containsAllEntriesOf(e.attributes())
        .containsEntry("ce-id", e.id())
        .containsEntry("ce-type", EventType.TABLE_LOADED)
        .containsEntry("content-type", "application/cloudevents+json");
    assertThat(PubSubEventBus.fromMessage(m)).isEqualTo(e);
  }

  @Test
  void somethingElseIsRefused() {
    PubsubMessage m = PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("{\"command\":\"rebuild\"}")).build();
    assertThatThrownBy(() -> PubSubEventBus.fromMessage(m)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emulatorAddressesAndIdsAreChecked() {
    assertThatThrownBy(() -> PubSubConnection.emulator("http://localhost:8085", "p")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PubSubEventBus.forEmulator("127.0.0.1:1", "p", "ab", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3–255");
  }
}
