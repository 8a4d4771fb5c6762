package jp.tsunagu.identity.web;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;

import jp.tsunagu.identity.PartnerClientNotFound;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Tells a resident, in plain words, what a partner service will learn about them before they agree.
 * The form posts back to the authorization endpoint, which records the consent.
 */
@Controller
class ConsentController {

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final OAuth2AuthorizationService authorizations;

	ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			OAuth2AuthorizationService authorizations) {
		this.clients = clients;
		this.consents = consents;
		this.authorizations = authorizations;
	}

	@GetMapping("/oauth2/consent")
	String consent(Principal principal, Model model, jakarta.servlet.http.HttpServletRequest request, @RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
			@RequestParam(OAuth2ParameterNames.SCOPE) String scope,
			@RequestParam(OAuth2ParameterNames.STATE) String state) {
		var client = clientId.isBlank() ? null : clients.findByClientId(clientId);
		if (client == null) {
			throw new PartnerClientNotFound();
		}
		// agreeing posts to the authorization endpoint, which redirects on to the partner
		jp.tsunagu.identity.internal.FormTargets.allowRedirectsOf(request, client);
		var previous = consents.findById(client.getId(), principal.getName());
		Set<String> approved = previous == null ? Set.of() : previous.getScopes();
		var toApprove = new LinkedHashSet<String>();
		var alreadyApproved = new LinkedHashSet<String>();
		for (var s : scope.split(" ")) {
			if (s.isBlank() || OidcScopes.OPENID.equals(s)) {
				continue;
			}
			(approved.contains(s) ? alreadyApproved : toApprove).add(s);
		}
		model.addAttribute("clientId", clientId);
		model.addAttribute("clientName", client.getClientName());
		model.addAttribute("state", state);
		model.addAttribute("scopes", toApprove);
		model.addAttribute("previouslyApproved", alreadyApproved);
		model.addAttribute("responseMode", responseMode(state));
		return "identity/consent";
	}

	/** How the partner asked to get its answer, so the answer after agreeing goes back the same way. */
	private @Nullable String responseMode(String state) {
		var pending = authorizations.findByToken(state, new OAuth2TokenType(OAuth2ParameterNames.STATE));
		OAuth2AuthorizationRequest request = pending == null ? null
				: pending.getAttribute(OAuth2AuthorizationRequest.class.getName());
		return request == null ? null : (String) request.getAdditionalParameters().get("response_mode");
	}
}
