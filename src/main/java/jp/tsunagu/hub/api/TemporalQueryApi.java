package jp.tsunagu.hub.api;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;

/**
 * POST /temporal/entityOperations/query (NGSI-LD clause 5.7.4 by a Query, 5.2.23): a query of
 * temporal evolutions written in a body, for one too long for a URL: entity selectors, attrs and
 * a temporalQ ({@code timerel}, {@code timeAt}, {@code endTimeAt}, {@code timeproperty}); the
 * representation's options, lastN, aggregation and paging in the URL. Answered as
 * GET /temporal/entities answers the same query. A read: {@code hub.read} is enough.
 */
@RestController
@RequestMapping("/ngsi-ld/v1/temporal/entityOperations")
class TemporalQueryApi {

	private static final Set<String> PARAMETERS = Set.of("options", "lastN", "aggrMethods", "aggrPeriodDuration", "format",
			"limit", "offset", "count", "local");

	private static final Set<String> MEMBERS = Set.of("type", "entities", "attrs", "temporalQ", "@context");

	private static final Set<String> TEMPORAL_MEMBERS = Set.of("timerel", "timeAt", "endTimeAt", "timeproperty");

	private final TemporalApi temporal;

	TemporalQueryApi(TemporalApi temporal) {
		this.temporal = temporal;
	}

	@PostMapping("/query")
	ResponseEntity<byte[]> query(HttpServletRequest request, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		Requests.known(parameters, PARAMETERS);
		var body = Requests.object(request, contentType, false);
		var context = EntitiesApi.context(body, contentType, link);
		Requests.query(body, MEMBERS, name -> name + " is not a member of a temporal query the hub reads");
		var query = new LinkedMultiValueMap<String, String>(parameters);
		query.remove("local");
		if (body.containsKey("entities")) {
			BatchApi.selectors(body.get("entities"), query);
		}
		if (body.containsKey("attrs")) {
			query.add("attrs", String.join(",", BatchApi.strings(body.get("attrs"), "attrs")));
		}
		if (body.containsKey("temporalQ")) {
			if (!(body.get("temporalQ") instanceof JsonObject temporalQ)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "temporalQ is an object: timerel, timeAt, endTimeAt, timeproperty");
			}
			for (var member : temporalQ.entrySet()) {
				if (!TEMPORAL_MEMBERS.contains(member.getKey())) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "temporalQ holds timerel, timeAt, endTimeAt and timeproperty");
				}
				query.add(member.getKey(), BatchApi.string(member.getValue(), "temporalQ." + member.getKey()));
			}
		}
		return temporal.query(query, context, format, tenant);
	}
}
