package jp.tsunagu.identity;

import org.jspecify.annotations.Nullable;

/**
 * Who calls a Tsunagu API with an access token, for API controllers to declare as a parameter: a
 * partner's back end on its own (client credentials), or a partner acting for the resident who
 * signed in to it, who is then the only resident the call may concern.
 *
 * @param residentSubject the account subject of that resident, or null for a back end on its own
 */
public record ApiCaller(String clientId, @Nullable String residentSubject) {

	public boolean actsForResident() {
		return residentSubject != null;
	}
}
