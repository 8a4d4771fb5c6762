package jp.tsunagu.identity;

/** No partner client has this id (or none was given): a 404 wherever it comes from. */
public final class PartnerClientNotFound extends RuntimeException {

	public PartnerClientNotFound() {
		super("No such partner client");
	}
}
