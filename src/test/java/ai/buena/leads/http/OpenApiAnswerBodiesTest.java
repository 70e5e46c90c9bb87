package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real answers of every route, validated against the schema the served document gives their
 * operation and status ({@link OpenApiDocument}), a lead's absent fields ({@code null}) included.
 */
class OpenApiAnswerBodiesTest {
  private WritingApi api;
  private String writer;

  @BeforeEach
  void start() {
    api = new WritingApi();
    writer = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void shouldAnswerAListWhoseBodyItsSchemaAccepts() {
    ApiResponse answer = api.send("GET", "/api/v2/leads?limit=100", writer, null);

    assertThat(problems("/api/v2/leads", "get", answer)).isEmpty();
  }

  @Test
  void shouldAnswerOneLeadWithABodyItsSchemaAccepts() {
    ApiResponse answer = api.send("GET", "/api/v2/leads/" + WorkspaceLeads.BARE.id(), writer, null);

    assertThat(problems("/api/v2/leads/{id}", "get", answer)).isEmpty();
  }

  @Test
  void shouldAnswerACreateWithABodyItsSchemaAccepts() {
    ApiResponse answer =
        api.send(
            "POST",
            "/api/v2/leads",
            writer,
            "{\"firstName\":\"Ada\",\"customFields\":{\"seats\":12,\"vip\":true,\"note\":\"x\"}}");

    assertThat(problems("/api/v2/leads", "post", answer)).isEmpty();
  }

  @Test
  void shouldAnswerAnUpdateWithABodyItsSchemaAccepts() {
    ApiResponse answer =
        api.send(
            "PUT",
            "/api/v2/leads/" + WorkspaceLeads.JOHN.id(),
            writer,
            "{\"company\":null,\"customFields\":{\"budget\":null}}");

    assertThat(problems("/api/v2/leads/{id}", "put", answer)).isEmpty();
  }

  @Test
  void shouldAnswerADeleteWithABodyItsSchemaAccepts() {
    ApiResponse answer = api.send("DELETE", "/api/v2/leads/" + WorkspaceLeads.JANE.id(), writer, null);

    assertThat(problems("/api/v2/leads/{id}", "delete", answer)).isEmpty();
  }

  @Test
  void shouldAnswerTheKeysHealthWithABodyItsSchemaAccepts() {
    ApiResponse answer = api.send("GET", "/api/v2/health", writer, null);

    assertThat(problems("/api/v2/health", "get", answer)).isEmpty();
  }

  private static List<String> problems(String path, String method, ApiResponse answer) {
    return OpenApiDocument.SERVED.problems(path, method, answer);
  }
}
