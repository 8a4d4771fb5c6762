package jp.tsunagu.portal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jp.tsunagu.audit.AuditEntry;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.events.Events;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.Tile;

/**
 * Administrators read who did what to whom: the latest 200 entries, newest first, with people and
 * events by name and each action in plain words ({@code audit.action.<code>}), not ids and codes.
 * It names things from several modules, so it lives with the screens; each name is looked up once
 * per page however many rows carry it.
 */
@Controller
class AuditPageController {

	/** One row as read: who (a name), the action's code (its words are a message), whom or what. */
	record Row(AuditEntry entry, String actor, String action, @Nullable String subject, @Nullable String detail) {
	}

	private final AuditLog audit;

	private final Accounts accounts;

	private final Events events;

	private static final java.util.regex.Pattern SEARCH = java.util.regex.Pattern.compile("q=(.*) area=(\\S+) hits=(\\d+)");

	private final MessageSource messages;

	AuditPageController(AuditLog audit, Accounts accounts, Events events, MessageSource messages) {
		this.messages = messages;
		this.audit = audit;
		this.accounts = accounts;
		this.events = events;
	}

	@GetMapping("/admin/audit")
	String latest(Model model) {
		var names = new Names();
		model.addAttribute("entries", audit.latest(200).stream().map(e -> row(e, names)).toList());
		return "audit/latest";
	}

	private Row row(AuditEntry e, Names names) {
		var actor = names.person(e.actor());
		var action = e.action();
		if (action.equals("account.roles.changed")) {
			return new Row(e, actor, action, names.person(e.subject()), roles(e.detail()));
		}
		if (action.startsWith("account.")) {
			return new Row(e, actor, action, names.person(e.subject()), e.detail());
		}
		if (action.equals("resident.searched")) {
			return new Row(e, actor, action, null, search(e.detail()));
		}
		if (action.equals("event.checked-in")) {
			return new Row(e, actor, action, names.resident(e.subject()), names.event(e.detail()));
		}
		if (action.startsWith("resident.")) {
			return new Row(e, actor, action, names.resident(e.subject()), e.detail());
		}
		if (action.equals("event.participants.viewed")) {
			return new Row(e, actor, action, names.event(e.subject()), null);
		}
		// Created things (events, notices, partner clients) carry their own title as the detail.
		return new Row(e, actor, action, e.detail() != null ? e.detail() : e.subject(), null);
	}

	/** "[STAFF, ADMIN]" as the roles' names. */
	private @Nullable String roles(@Nullable String detail) {
		if (detail == null || !detail.startsWith("[") || !detail.endsWith("]")) {
			return detail;
		}
		return java.util.Arrays.stream(detail.substring(1, detail.length() - 1).split(",\\s*"))
			.filter(r -> !r.isBlank())
			.map(r -> message("role." + r.strip(), r))
			.collect(java.util.stream.Collectors.joining("、"));
	}

	/** "q=さとう area=AOBA hits=3" as 「「さとう」青葉：3人」. */
	private @Nullable String search(@Nullable String detail) {
		var matcher = detail == null ? null : SEARCH.matcher(detail);
		if (matcher == null || !matcher.matches()) {
			return detail;
		}
		var area = "null".equals(matcher.group(2)) ? message("staff.search.any-area", "")
				: message("area." + matcher.group(2), matcher.group(2));
		return messages.getMessage("audit.searched", new Object[] { matcher.group(1), area, matcher.group(3) },
				LocaleContextHolder.getLocale());
	}

	private String message(String key, String otherwise) {
		return messages.getMessage(key, null, otherwise, LocaleContextHolder.getLocale());
	}

	/** Looks each id up once per page. */
	private final class Names {

		private final Map<String, String> known = new HashMap<>();

		String person(@Nullable String subject) {
			return named("p:", subject, s -> accounts.findBySubject(s).map(AccountSummary::displayName));
		}

		@Nullable String resident(@Nullable String id) {
			return named("r:", id, s -> uuid(s).flatMap(u -> accounts.find(new AccountId(u))).map(AccountSummary::displayName));
		}

		@Nullable String event(@Nullable String id) {
			return named("e:", id, s -> uuid(s).flatMap(u -> events.find(u, null)).map(v -> v.event().title()));
		}

		private String named(String kind, @Nullable String id, Function<String, java.util.Optional<String>> lookup) {
			if (id == null) {
				return "—";
			}
			return known.computeIfAbsent(kind + id, k -> lookup.apply(id).orElse(id));
		}

		private static java.util.Optional<UUID> uuid(String text) {
			try {
				return java.util.Optional.of(UUID.fromString(text));
			}
			catch (IllegalArgumentException notAnId) {
				return java.util.Optional.empty();
			}
		}
	}

	@Bean
	static Tile auditTile() {
		return new Tile(Tile.Screen.ADMIN, 30, "tile.audit", "search", "/admin/audit", Set.of("ADMIN"));
	}
}
