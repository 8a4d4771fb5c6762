package jp.tsunagu.residents.web;

import java.util.Locale;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import jp.tsunagu.platform.FormBinding;
import jp.tsunagu.identity.CredentialRejected;
import jp.tsunagu.identity.LoginNameTaken;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.platform.Tokyo;

/** Self-registration with an e-mail address or phone number and a password. */
@Controller
class RegistrationController {

	private final Residents residents;

	private final Clock clock;

	RegistrationController(Residents residents, Clock clock) {
		this.residents = residents;
		this.clock = clock;
	}

	@GetMapping("/register")
	String form(Model model) {
		model.addAttribute("form", RegistrationForm.empty());
		model.addAttribute("areas", Area.values());
		return "residents/register";
	}

	@PostMapping("/register")
	String register(@Valid @ModelAttribute("form") RegistrationForm form, BindingResult result, Model model,
			Locale locale) {
		model.addAttribute("areas", Area.values());
		if (FormBinding.unconvertible(result)) {
			return FormBinding.showAgain(result, model, RegistrationForm.empty(), "residents/register");
		}
		form.checkBirthDate(result, Tokyo.today(clock));
		if (form.loginName() == null || form.loginName().isBlank()) {
			result.rejectValue("loginName", "NotBlank");
		}
		if (form.password() == null || form.password().isBlank()) {
			result.rejectValue("password", "NotBlank");
		}
		if (result.hasErrors()) {
			return "residents/register";
		}
		try {
			residents.registerSelf(form.details(), form.loginName(), form.password(), locale);
			return "redirect:/login?registered";
		}
		catch (LoginNameTaken ex) {
			result.rejectValue("loginName", "credential.login.taken");
		}
		catch (CredentialRejected ex) {
			result.rejectValue(ex.reason().startsWith("credential.login") ? "loginName" : "password", ex.reason());
		}
		return "residents/register";
	}
}
