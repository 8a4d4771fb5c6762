package jp.tsunagu.identity.web;

import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.Role;

/**
 * Administrators give and take roles (staff, shop, analyst…). An administrator cannot take the
 * ADMIN role from themselves, so the platform is never left without one. Every change is audited.
 */
@Controller
@RequestMapping("/admin/accounts")
class AdminAccountsController {

	@org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NOT_FOUND)
	static final class AccountNotFound extends RuntimeException {
	}

	private final Accounts accounts;

	private final AuditLog audit;

	AdminAccountsController(Accounts accounts, AuditLog audit) {
		this.accounts = accounts;
		this.audit = audit;
	}

	@GetMapping
	String search(@RequestParam(defaultValue = "") String q, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("accounts", q.isBlank() ? List.of() : accounts.search(q));
		model.addAttribute("roles", Role.values());
		return "admin/accounts";
	}

	/** Confirmation first: ending every session also signs the tablet out and revokes partners' grants. */
	@GetMapping("/{id}/sign-out")
	String confirmSignOut(@PathVariable UUID id, @RequestParam(defaultValue = "") String q, Model model) {
		model.addAttribute("account", accounts.find(new AccountId(id)).orElseThrow(AccountNotFound::new));
		model.addAttribute("q", q);
		return "admin/sign-out";
	}

	@PostMapping("/{id}/sign-out")
	String signOut(@PathVariable UUID id, @RequestParam(defaultValue = "") String q, Principal admin,
			RedirectAttributes redirect) {
		var account = accounts.find(new AccountId(id)).orElseThrow(AccountNotFound::new);
		accounts.endEverySession(account.id());
		audit.record(admin.getName(), "account.sessions.ended", account.subject(), null);
		redirect.addFlashAttribute("done", "admin.accounts.signed-out");
		redirect.addAttribute("q", q);
		return "redirect:/admin/accounts";
	}

	@PostMapping("/{id}/roles")
	String changeRoles(@PathVariable UUID id, @RequestParam(defaultValue = "") List<Role> roles,
			@RequestParam(defaultValue = "") String q, Principal admin, RedirectAttributes redirect) {
		var account = accounts.find(new AccountId(id)).orElseThrow(AccountNotFound::new);
		var chosen = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
		if (account.subject().equals(admin.getName()) && !chosen.contains(Role.ADMIN)) {
			redirect.addFlashAttribute("error", "admin.accounts.keep-own-admin");
		}
		else {
			accounts.changeRoles(account.id(), chosen);
			audit.record(admin.getName(), "account.roles.changed", account.subject(), chosen.toString());
			redirect.addFlashAttribute("done", "admin.accounts.changed");
		}
		redirect.addAttribute("q", q);
		return "redirect:/admin/accounts";
	}
}
