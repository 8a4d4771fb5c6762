package jp.tsunagu.identity;

import java.util.Set;

/** A resident's standing consent for one partner service: which scopes it may use. */
public record ConsentGiven(String clientId, String clientName, Set<String> scopes) {
}
