package ai.buena.leads.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Data flows one way: events → lead → projection/index → query → http; runtime wires it all. */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("ai.buena.leads");

  @Test
  void shouldKeepEventsFreeOfTheRestOfTheProduct() {
    noClasses()
        .that().resideInAPackage("..leads.events..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..leads.lead..", "..leads.projection..", "..leads.index..", "..leads.query..",
            "..leads.http..", "..leads.auth..", "..leads.runtime..", "org.apache.kafka..")
        .check(PRODUCT);
  }

  @Test
  void shouldKeepTheKafkaClientSettingsFreeOfTheRestOfTheProduct() {
    noClasses()
        .that().resideInAPackage("..leads.clients..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..leads.events..", "..leads.lead..", "..leads.projection..", "..leads.index..",
            "..leads.query..", "..leads.http..", "..leads.auth..", "..leads.runtime..")
        .check(PRODUCT);
  }

  @Test
  void shouldKeepTheLeadModelFreeOfKafkaAndOfLaterLayers() {
    noClasses()
        .that().resideInAPackage("..leads.lead..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..leads.projection..", "..leads.index..", "..leads.query..", "..leads.http..",
            "..leads.auth..", "..leads.runtime..", "org.apache.kafka..")
        .check(PRODUCT);
  }

  @Test
  void shouldKeepTheProjectionFreeOfHttpQueryAndRuntime() {
    noClasses()
        .that().resideInAnyPackage("..leads.projection..", "..leads.index..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..leads.query..", "..leads.http..", "..leads.runtime..", "io.javalin..")
        .check(PRODUCT);
  }

  @Test
  void shouldKeepTheQueryEngineFreeOfHttpAndKafka() {
    noClasses()
        .that().resideInAPackage("..leads.query..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..leads.http..", "..leads.runtime..", "io.javalin..", "org.apache.kafka..")
        .check(PRODUCT);
  }

  @Test
  void shouldLeaveWiringToRuntimeAlone() {
    noClasses()
        .that().resideOutsideOfPackage("..leads.runtime..")
        .should().dependOnClassesThat().resideInAPackage("..leads.runtime..")
        .check(PRODUCT);
  }

  @Test
  void shouldKeepJavalinInsideHttp() {
    noClasses()
        .that().resideOutsideOfPackage("..leads.http..")
        .should().dependOnClassesThat().resideInAPackage("io.javalin..")
        .check(PRODUCT);
  }

  @Test
  void shouldRunNoAsynchronousWorkOnTheCommonPoolByDefault() {
    // With two cores or fewer the common pool has a parallelism of 1, and CompletableFuture then
    // starts a new thread for every task given without an executor.
    noClasses()
        .should().callMethod(CompletableFuture.class, "supplyAsync", Supplier.class)
        .orShould().callMethod(CompletableFuture.class, "runAsync", Runnable.class)
        .check(PRODUCT);
  }
}
