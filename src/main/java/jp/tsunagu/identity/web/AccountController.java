package jp.tsunagu.identity.web;

import java.security.Principal;

import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;


import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.QrCodes;
import jp.tsunagu.identity.CredentialRejected;
import jp.tsunagu.identity.PartnerConsents;

/**
 * "My Smart ID": change the password or PIN, add or remove a passkey, see and withdraw what each
 * partner service was allowed to know. Only ever the signed-in person's own account. Withdrawing a
 * consent and removing a passkey each open a page that says what will happen; only its button posts.
 */
@Controller
class AccountController {

	private final Accounts accounts;

	private final PartnerConsents consents;

	private final PublicKeyCredentialUserEntityRepository passkeyUsers;

	private final UserCredentialRepository passkeys;

	AccountController(Accounts accounts, PartnerConsents consents, PublicKeyCredentialUserEntityRepository passkeyUsers,
			UserCredentialRepository passkeys) {
		this.accounts = accounts;
		this.consents = consents;
		this.passkeyUsers = passkeyUsers;
		this.passkeys = passkeys;
	}

	@GetMapping("/account")
	String account(Principal principal, Model model) {
		var account = accounts.findBySubject(principal.getName()).orElseThrow();
		model.addAttribute("account", account);
		model.addAttribute("consents", consents.of(principal.getName()));
		var user = passkeyUsers.findByUsername(principal.getName());
		model.addAttribute("passkeys", user == null ? java.util.List.of() : passkeys.findByUserId(user.getId()));
		return "identity/account";
	}

	/**
	 * The resident's check-in QR code: their login id, which a desk scanner types into the check-in
	 * field. Only ever the signed-in person's own.
	 */
	@GetMapping(value = "/account/check-in.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> checkInCode(Principal principal) throws Exception {
		var account = accounts.findBySubject(principal.getName()).orElseThrow();
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "private, no-store")
			.body(QrCodes.png(account.loginName(), 240, 2));
	}

	@PostMapping("/account/secret")
	String changeSecret(Principal principal, @RequestParam String current, @RequestParam String replacement,
			@RequestParam String replacementAgain, RedirectAttributes redirect) {
		if (!replacement.equals(replacementAgain)) {
			redirect.addFlashAttribute("secretError", "credential.mismatch");
			return "redirect:/account#secret";
		}
		try {
			accounts.changeSecret(principal.getName(), current, replacement);
			redirect.addFlashAttribute("done", "account.secret.changed");
		}
		catch (CredentialRejected ex) {
			redirect.addFlashAttribute("secretError", ex.reason());
		}
		return "redirect:/account";
	}

	/** 「同意を取り消す」 asks first; a partner this person never agreed to is not found. */
	@GetMapping("/account/consents/{clientId}/withdraw")
	String confirmWithdraw(Principal principal, @PathVariable String clientId, Model model) {
		var consent = consents.of(principal.getName()).stream().filter(c -> c.clientId().equals(clientId)).findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("consent", consent);
		return "identity/account-withdraw";
	}

	@PostMapping("/account/consents/{clientId}/withdraw")
	String withdraw(Principal principal, @PathVariable String clientId, RedirectAttributes redirect) {
		if (consents.withdraw(principal.getName(), clientId)) {
			redirect.addFlashAttribute("done", "account.consent.withdrawn");
		}
		return "redirect:/account";
	}

	/** 「この登録を消す」 asks first; a passkey that is not this person's own is not found. */
	@GetMapping("/account/passkeys/{credentialId}/delete")
	String confirmDeletePasskey(Principal principal, @PathVariable String credentialId, Model model) {
		var credential = ownPasskey(principal, credentialId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("credentialId", credentialId);
		model.addAttribute("label", credential.getLabel());
		return "identity/account-passkey-delete";
	}

	@PostMapping("/account/passkeys/{credentialId}/delete")
	String deletePasskey(Principal principal, @PathVariable String credentialId, RedirectAttributes redirect) {
		ownPasskey(principal, credentialId).ifPresent(credential -> {
			passkeys.delete(credential.getCredentialId());
			redirect.addFlashAttribute("done", "account.passkey.deleted");
		});
		return "redirect:/account";
	}

	/** Only a passkey of the signed-in person's own; anything else (or no valid id) is treated as not found. */
	private java.util.Optional<CredentialRecord> ownPasskey(Principal principal, String credentialId) {
		var user = passkeyUsers.findByUsername(principal.getName());
		if (user == null) {
			return java.util.Optional.empty();
		}
		Bytes id;
		try {
			id = Bytes.fromBase64(credentialId);
		}
		catch (IllegalArgumentException ex) {
			return java.util.Optional.empty();
		}
		var credential = passkeys.findByCredentialId(id);
		return credential != null && credential.getUserEntityUserId().equals(user.getId())
				? java.util.Optional.of(credential) : java.util.Optional.empty();
	}
}
