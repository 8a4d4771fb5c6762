package jp.tsunagu.hub.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;

/**
 * A request's JSON-LD could not be processed: a context that cannot be had ({@code contextUnavailable},
 * NGSI-LD's LdContextNotAvailable, 504) or a document that is not valid JSON-LD (BadRequestData).
 */
public final class LinkedDataRefused extends RuntimeException {

	private final boolean contextUnavailable;

	public LinkedDataRefused(boolean contextUnavailable, String message) {
		super(message, null, false, false);
		this.contextUnavailable = contextUnavailable;
	}

	static LinkedDataRefused of(JsonLdError error) {
		var code = error.getCode();
		boolean unavailable = code == JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED
				|| code == JsonLdErrorCode.LOADING_DOCUMENT_FAILED;
		var message = error.getMessage() == null ? code.name() : error.getMessage();
		return new LinkedDataRefused(unavailable, message.length() > 300 ? message.substring(0, 300) : message);
	}

	public boolean contextUnavailable() {
		return contextUnavailable;
	}
}
