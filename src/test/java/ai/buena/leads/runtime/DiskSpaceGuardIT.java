package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data volume short of free space pauses the real projection (Kafka Streams' pause on the
 * shared test broker): nothing is applied meanwhile, what the stores hold stays readable, and the
 * events that waited are applied once space returns. The volume's free space is given to the
 * guard; filling a real volume needs a mount (docs/reliability.md, "A full data volume").
 */
class DiskSpaceGuardIT {
  private static final long MIB = 1L << 20;
  private static final Duration PAUSED_FOR = Duration.ofSeconds(3);

  @TempDir Path dataDir;

  @Test
  void shouldApplyNoEventWhileTheVolumeIsUnderItsReserveAndCatchUpOnceSpaceReturns() {
    GeneratedWorkspace before = GeneratedWorkspace.generate(41, uniqueWorkspace(), 30);
    GeneratedWorkspace during = GeneratedWorkspace.generate(42, uniqueWorkspace(), 30);
    AppConfig config = config("pause").withMinFreeDisk(DiskReserve.OFF);
    try (RunningApp app = RunningApp.start(config)) {
      before.publish(SharedKafka.bootstrapServers());
      app.awaitLiveLeadsOf(before);
      AtomicLong free = new AtomicLong(50 * MIB);
      DiskSpaceGuard guard =
          new DiskSpaceGuard(
              dataDir,
              free::get,
              100 * MIB,
              DiskSpaceGuard.processingOf(app.app().projection().streams()));

      guard.check();
      during.publish(SharedKafka.bootstrapServers());

      assertThat(guard.paused()).isTrue();
      await()
          .during(PAUSED_FOR)
          .atMost(PAUSED_FOR.plusSeconds(10))
          .until(() -> app.leadsOf(during.workspace()).isEmpty());
      assertThat(app.leadsOf(before.workspace())).hasSize((int) before.liveLeads());

      free.set(150 * MIB);
      guard.check();

      assertThat(guard.paused()).isFalse();
      app.awaitLiveLeadsOf(during);
    }
  }

  @Test
  void shouldPauseTheServiceWhoseVolumeHasLessFreeSpaceThanItsReserve() throws Exception {
    GeneratedWorkspace events = GeneratedWorkspace.generate(43, uniqueWorkspace(), 20);
    AppConfig config = config("reserve").withMinFreeDisk(new DiskReserve(Long.MAX_VALUE / 4));
    try (RunningApp app = RunningApp.start(config)) {
      DiskSpaceGuard guard = app.app().projection().diskGuard();
      await().atMost(SharedKafka.DEADLINE).until(guard::paused);

      events.publish(SharedKafka.bootstrapServers());

      // paused before its tasks opened, the instance stays REBALANCING: its stores never open
      await()
          .during(PAUSED_FOR)
          .atMost(PAUSED_FOR.plusSeconds(10))
          .until(() -> metrics(app).contains("leads_events_applied_total 0.0"));
      assertThat(metrics(app))
          .contains("leads_processing_paused 1.0")
          .containsPattern("(?m)^leads_data_dir_free_bytes [1-9]");
      assertThat(app.app().projection().readiness().reason())
          .contains("processing paused")
          .contains("--min-free-disk");
      // its copies' changelog lag would not count the events waiting: 503, not "no leads"
      assertThat(app.app().projection().answersQueries()).isFalse();
    }
  }

  private static String metrics(RunningApp app) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + app.app().httpPort() + "/metrics")).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private AppConfig config(String name) {
    return RunningApp.config("it-disk-" + name + "-" + UUID.randomUUID(), dataDir.resolve(name), "exactly_once_v2");
  }

  private static String uniqueWorkspace() {
    return "ws_disk_" + UUID.randomUUID().toString().substring(0, 8);
  }
}
