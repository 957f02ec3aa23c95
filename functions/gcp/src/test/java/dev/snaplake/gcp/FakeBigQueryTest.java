package dev.snaplake.gcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link BigQueryWarehouse} with the real client against a fresh {@link FakeBigQueryServer} per
 * test; waits between retries are recorded in {@link #sleeps}, never slept.
 */
abstract class FakeBigQueryTest {
  FakeBigQueryServer server;
  BigQueryWarehouse warehouse;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startFakeBigQuery() throws Exception {
    server = new FakeBigQueryServer();
    warehouse = new BigQueryWarehouse(server.bigquery(),
        BigQueryWarehouse.Settings.defaults().withJobTimeout(Duration.ofSeconds(10)), sleeps::add);
  }

  @AfterEach
  void stopFakeBigQuery() {
    server.close();
  }
}
