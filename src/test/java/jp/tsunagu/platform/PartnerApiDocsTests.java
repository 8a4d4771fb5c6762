package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.TsunaguTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partner reads the API description without signing in: the versioned partner paths with their
 * request body, answers and the token they need, nothing of the screens or of the old unversioned
 * path; the Swagger UI page and its scripts are served by the platform itself.
 */
@TsunaguTest
class PartnerApiDocsTests {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

	@Test
	void whenAPartnerOpensTheApiDescriptionThenItDescribesTheVersionedPartnerApiOnly() throws Exception {
		var docs = get("/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		var api = JsonMapper.builder().build().readTree(docs.body());
		assertThat(api.path("info").path("version").asString()).isEqualTo("v1");
		var paths = api.path("paths");
		assertThat(paths.propertyNames()).containsExactly("/api/v1/activities");
		var post = paths.path("/api/v1/activities").path("post");
		assertThat(post.path("responses").propertyNames()).contains("200", "201", "400", "401", "403", "404", "422");
		assertThat(post.path("security").get(0).path("smart-id").get(0).asString()).isEqualTo("activity.write");
		assertThat(docs.body()).contains("idempotencyKey", "occurredAt", "Idempotency-Key");
		assertThat(api.path("components").path("securitySchemes").path("smart-id").path("flows")
			.path("clientCredentials").path("tokenUrl").asString()).isEqualTo("/oauth2/token");
	}

	@Test
	void whenAPartnerOpensTheSwaggerUiPageThenItAndItsScriptsComeFromThePlatform() throws Exception {
		var page = get("/swagger-ui.html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/swagger-ui/index.html");
		assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("https://unpkg", "https://cdn");
		assertThat(get("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
		var config = get("/v3/api-docs/swagger-config");
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(config.body()).contains("/v3/api-docs");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}
}
