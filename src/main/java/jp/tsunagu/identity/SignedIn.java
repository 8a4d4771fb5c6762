package jp.tsunagu.identity;

/**
 * The person making this request, for controllers to declare as a parameter: their account id
 * (for looking up their own data) and their subject. Resolved from the security context, so a
 * controller can never be handed somebody else.
 */
public record SignedIn(AccountId id, String subject) {
}
