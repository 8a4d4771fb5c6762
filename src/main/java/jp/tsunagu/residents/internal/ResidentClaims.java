package jp.tsunagu.residents.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.ClaimsSource;

/**
 * The profile claims of a resident: {@code profile} gives the name (also in kana) and birth date,
 * {@code area} gives the area they live in. Nothing leaves without its scope.
 */
@Component
class ResidentClaims implements ClaimsSource {

	private final ResidentRepository residents;

	ResidentClaims(ResidentRepository residents) {
		this.residents = residents;
	}

	@Override
	public Map<String, Object> claims(AccountId account, Set<String> scopes) {
		var claims = new HashMap<String, Object>();
		residents.find(account).ifPresent(r -> {
			if (scopes.contains(OidcScopes.PROFILE)) {
				claims.put("name", r.name());
				claims.put("family_name", r.familyName());
				claims.put("given_name", r.givenName());
				claims.put("name_kana", r.nameKana());
				claims.put("family_name_kana", r.familyNameKana());
				claims.put("given_name_kana", r.givenNameKana());
				claims.put("birthdate", r.birthDate().toString());
			}
			if (scopes.contains("area")) {
				claims.put("area", r.area().claim());
			}
		});
		return claims;
	}
}
