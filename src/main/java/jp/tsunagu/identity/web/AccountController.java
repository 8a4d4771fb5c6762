package jp.tsunagu.identity.web;

import java.security.Principal;

import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;

import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.CredentialRejected;
import jp.tsunagu.identity.PartnerConsents;

/**
 * "My Smart ID": change the password or PIN, add or remove a passkey, see and withdraw what each
 * partner service was allowed to know. Only ever the signed-in person's own account.
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
		var matrix = new QRCodeWriter().encode(account.loginName(), BarcodeFormat.QR_CODE, 240, 240,
				java.util.Map.of(EncodeHintType.MARGIN, 2));
		var png = new java.io.ByteArrayOutputStream();
		MatrixToImageWriter.writeToStream(matrix, "PNG", png);
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "private, no-store").body(png.toByteArray());
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

	@PostMapping("/account/consents/{clientId}/withdraw")
	String withdraw(Principal principal, @PathVariable String clientId, RedirectAttributes redirect) {
		if (consents.withdraw(principal.getName(), clientId)) {
			redirect.addFlashAttribute("done", "account.consent.withdrawn");
		}
		return "redirect:/account";
	}

	@PostMapping("/account/passkeys/{credentialId}/delete")
	String deletePasskey(Principal principal, @PathVariable String credentialId, RedirectAttributes redirect) {
		var user = passkeyUsers.findByUsername(principal.getName());
		Bytes id;
		try {
			id = Bytes.fromBase64(credentialId);
		}
		catch (IllegalArgumentException notBase64) {
			return "redirect:/account"; // no passkey has such an id: the same as one not found
		}
		var credential = passkeys.findByCredentialId(id);
		// Only a passkey of the signed-in person's own; anything else is treated as not found.
		if (user != null && credential != null && credential.getUserEntityUserId().equals(user.getId())) {
			passkeys.delete(id);
			redirect.addFlashAttribute("done", "account.passkey.deleted");
		}
		return "redirect:/account";
	}
}
