package jp.tsunagu.identity.web;

import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.ClientRegistrationRefused;
import jp.tsunagu.identity.PartnerClient;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.SubjectType;
import jp.tsunagu.platform.Text;

/** Administrators register partner services (OpenID Connect clients). The secret is shown once. */
@Controller
@RequestMapping("/admin/clients")
class AdminClientsController {

	private final PartnerClients clients;

	private final AuditLog audit;

	AdminClientsController(PartnerClients clients, AuditLog audit) {
		this.clients = clients;
		this.audit = audit;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("clients", clients.all());
		model.addAttribute("allScopes", PartnerClients.SCOPES);
		return "admin/clients";
	}

	@PostMapping
	String register(Principal admin, Model model, @RequestParam String name, @RequestParam String redirectUris,
			@RequestParam(defaultValue = "") String postLogoutRedirectUris,
			@RequestParam(defaultValue = "openid") List<String> scopes,
			@RequestParam(defaultValue = "false") boolean confidential,
			@RequestParam(defaultValue = "false") boolean backEnd,
			@RequestParam(defaultValue = "true") boolean requireProofKey,
			@RequestParam(defaultValue = "pairwise") String subjectType, @RequestParam(defaultValue = "") String sector,
			@RequestParam(defaultValue = "") String backChannelLogoutUri) {
		var subjects = SubjectType.PUBLIC.value().equals(subjectType) ? SubjectType.PUBLIC : SubjectType.PAIRWISE;
		var request = new PartnerClient("", name.strip(), lines(redirectUris), lines(postLogoutRedirectUris),
				Set.copyOf(scopes), confidential, backEnd, requireProofKey, subjects, sector.strip(),
				Text.blankToNull(backChannelLogoutUri));
		try {
			var registered = clients.register(request, PartnerClients.TokenLifetimes.standard());
			audit.record(admin.getName(), "client.registered", registered.client().clientId(), name);
			model.addAttribute("registered", registered);
		}
		catch (ClientRegistrationRefused refused) {
			model.addAttribute("error", "admin.clients.invalid." + refused.reason());
		}
		return list(model);
	}

	private static List<String> lines(String text) {
		return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
	}
}
