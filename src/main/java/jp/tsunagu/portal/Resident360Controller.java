package jp.tsunagu.portal;

import java.security.Principal;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import jp.tsunagu.activity.CommunityRecord;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.events.Events;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.PartnerConsents;
import jp.tsunagu.points.Points;
import jp.tsunagu.points.PointsWords;
import jp.tsunagu.residents.Residents;

/**
 * The help desk's "resident 360°": profile, outings and timeline, points, event sign-ups and the partner
 * services the resident shares information with, on one page. It brings together several modules,
 * so it lives with the screens; every view is audited.
 */
@Controller
class Resident360Controller {

	private final Residents residents;

	private final CommunityRecord record;

	private final Events events;

	private final PartnerConsents consents;

	private final AuditLog audit;

	private final Points points;

	private final PointsWords pointsWords;

	Resident360Controller(Residents residents, CommunityRecord record, Events events, PartnerConsents consents,
			AuditLog audit, Points points, PointsWords pointsWords) {
		this.points = points;
		this.pointsWords = pointsWords;
		this.residents = residents;
		this.record = record;
		this.events = events;
		this.consents = consents;
		this.audit = audit;
	}

	@GetMapping("/staff/residents/{id}/360")
	String show(@PathVariable UUID id, Principal staff, Model model) {
		var account = new AccountId(id);
		var resident = residents.find(account).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		var summary = residents.account(account).orElseThrow();
		audit.record(staff.getName(), "resident.360.viewed", id.toString(), null);
		model.addAttribute("resident", resident);
		model.addAttribute("account", summary);
		model.addAttribute("summary", record.of(account));
		model.addAttribute("events", events.signedUpBy(account));
		model.addAttribute("consents", consents.of(summary.subject()));
		model.addAttribute("points", points.balance(account));
		model.addAttribute("pointsLines", pointsWords.lines(points.history(account, 5)));
		return "portal/resident-360";
	}
}
