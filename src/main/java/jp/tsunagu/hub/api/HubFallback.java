package jp.tsunagu.hub.api;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;

/**
 * Everything else under {@code /ngsi-ld/}, answered in the standard's words instead of the
 * platform's error page: a method the hub does not take on one of its resources is 405
 * (OperationNotSupported), a part of the API not built yet is 501 (OperationNotSupported, saying
 * so; docs/hub.md lists them), anything else 404 (ResourceNotFound).
 */
@RestController
class HubFallback {

	/** Resources of the standard's API that the hub does not serve yet. */
	static final List<String> NOT_YET = List.of(
			"/ngsi-ld/v1/csourceSubscriptions",
			"/ngsi-ld/v1/entityOperations/purge", "/ngsi-ld/v1/entityMaps",
			"/ngsi-ld/v1/info");

	@RequestMapping("/ngsi-ld/**")
	ResponseEntity<byte[]> elsewhere(HttpServletRequest request) {
		var path = request.getRequestURI();
		if (NOT_YET.stream().anyMatch(path::startsWith)) {
			throw new HubRefused(Type.OPERATION_NOT_SUPPORTED, HttpStatus.NOT_IMPLEMENTED,
					"this part of the NGSI-LD API is not served here yet");
		}
		if (path.equals(EntitiesApi.PATH + "/") && Set.of("PUT", "PATCH").contains(request.getMethod())
				|| path.startsWith(EntitiesApi.PATH + "//")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the entity's id is missing from the path");
		}
		if (path.startsWith(EntitiesApi.PATH) || path.startsWith("/ngsi-ld/v1/entityOperations/")
				|| path.startsWith(SubscriptionsApi.PATH) || path.startsWith(TemporalApi.PATH)
				|| path.startsWith("/ngsi-ld/v1/types") || path.startsWith("/ngsi-ld/v1/attributes")
				|| path.startsWith(RegistrationsApi.PATH) || path.startsWith("/ngsi-ld/v1/jsonldContexts")) {
			throw new HubRefused(Type.OPERATION_NOT_SUPPORTED, HttpStatus.METHOD_NOT_ALLOWED,
					request.getMethod() + " is not an operation on this resource");
		}
		throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no such resource");
	}
}
