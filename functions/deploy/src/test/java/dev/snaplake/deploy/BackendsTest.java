package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding the backend, and what production's does (and does not do) before it is used. */
class BackendsTest {
  @AfterEach
  void clear() {
    for (String p : new String[] {Backends.SELECT, GcpBackend.RAW_DATASET, GcpBackend.LANDING_BUCKET, GcpBackend.PROJECT,
        "SNAPLAKE_BUILD_SLOTS"}) {
      System.clearProperty(p);
    }
  }

  @Test
  void theFirstProviderOrTheNamedOne() {
    // The test class path lists the test backend before the main one, as the e2e invoker's does.
    assertThat(Backends.load()).isInstanceOf(LocalTestBackend.class);
    System.setProperty(Backends.SELECT, "GcpBackend");
    assertThat(Backends.load()).isInstanceOf(GcpBackend.class);
    System.setProperty(Backends.SELECT, GcpBackend.class.getName());
    assertThat(Backends.load()).isInstanceOf(GcpBackend.class);
    System.setProperty(Backends.SELECT, "AwsBackend");
    assertThatThrownBy(Backends::load)
        .hasMessageContaining("SNAPLAKE_BACKEND=AwsBackend names no backend")
        .hasMessageContaining(GcpBackend.class.getName())
        .hasMessageContaining(LocalTestBackend.class.getName());
  }

  @Test
  void gcpBackendReadsItsSettingsOnFirstUseAndNamesWhatIsMissing() {
    GcpBackend b = new GcpBackend(); // nothing read, nothing opened
    assertThatThrownBy(b::landingBucket).hasMessageContaining("SNAPLAKE_LANDING_BUCKET is not set");
    assertThatThrownBy(b::eventBus).hasMessageContaining("SNAPLAKE_PROJECT is not set");
    System.setProperty(GcpBackend.LANDING_BUCKET, "acme-landing");
    assertThat(b.landingBucket()).isEqualTo("acme-landing");
  }

  @Test
  void gcpBackendRawDatasetComesFromTheManifestAndMustAgreeWithTheSetting() {
    assertThat(new GcpBackend().rawDataset()).isEqualTo("raw");
    System.setProperty(GcpBackend.RAW_DATASET, "raw");
    assertThat(new GcpBackend().rawDataset()).isEqualTo("raw");
    System.setProperty(GcpBackend.RAW_DATASET, "lake");
    assertThatThrownBy(() -> new GcpBackend().rawDataset())
        .hasMessageContaining("SNAPLAKE_RAW_DATASET=lake but the embedded manifest's raw dataset is raw");
    System.setProperty(GcpBackend.RAW_DATASET, "raw-data");
    assertThatThrownBy(() -> new GcpBackend().rawDataset()).hasMessageContaining("is not a BigQuery dataset id");
  }

  @Test
  void theManifestIsReadFromTheClassPath() {
    assertThat(ClasspathManifest.load().objects()).hasSize(3);
    assertThat(ClasspathManifest.load().hash()).isEqualTo("deploytestmanifest01");
  }

  @Test
  void buildSlotsDefaultToEightAndABadValueNamesTheVariable() {
    Backend b = new GcpBackend();
    assertThat(b.buildSlots()).isEqualTo(8);
    System.setProperty("SNAPLAKE_BUILD_SLOTS", " 3 ");
    assertThat(b.buildSlots()).isEqualTo(3);
    for (String bad : new String[] {"0", "-2", "eight"}) {
      System.setProperty("SNAPLAKE_BUILD_SLOTS", bad);
      assertThatThrownBy(b::buildSlots).hasMessageContaining("SNAPLAKE_BUILD_SLOTS must be a whole number of at least 1")
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
