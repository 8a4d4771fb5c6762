package jp.tsunagu.vitals.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jp.tsunagu.identity.IdentitySettings;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.vitals.MeasurementRefused;
import jp.tsunagu.vitals.Stations;

/**
 * Administrators register the measuring stations of the exchange areas. A new station's client id
 * and secret are shown once, with what the station's installer needs: the token endpoint, the
 * grant and scope to ask for, and the FHIR base URL to post to. The same name and place cannot be
 * registered twice (a form sent twice makes one station); {@link Stations#register} audits.
 */
@Controller
@RequestMapping("/admin/vitals/stations")
class AdminStationsController {

	private final Stations stations;

	private final IdentitySettings identity;

	AdminStationsController(Stations stations, IdentitySettings identity) {
		this.stations = stations;
		this.identity = identity;
	}

	@GetMapping
	String list(Model model) {
		return page(model, Map.of(), "", "");
	}

	@PostMapping
	String register(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String place,
			Principal admin, Model model, HttpServletRequest request, HttpServletResponse response) {
		var errors = new LinkedHashMap<String, String>();
		try {
			var registered = registerOnce(name, place, admin.getName());
			var base = base(request);
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			model.addAttribute("registered", registered);
			model.addAttribute("tokenUrl", base + "/oauth2/token");
			model.addAttribute("fhirBase", base + "/fhir");
			model.addAttribute("example", "curl -u " + registered.station().clientId() + ":SECRET -d grant_type=client_credentials"
					+ " -d scope=" + Stations.SCOPE + " " + base + "/oauth2/token");
			return page(model, errors, "", "");
		}
		catch (MeasurementRefused refused) {
			errors.put(refused.field(), "vitals.admin.station." + refused.field() + "." + refused.problem());
		}
		catch (AlreadyRegistered twice) {
			errors.put("name", "vitals.admin.station.name.taken");
		}
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		return page(model, errors, name.length() > 100 ? "" : name.strip(), place.length() > 200 ? "" : place.strip());
	}

	/** The same name and place sent again (a double tap, a reload of the answer page). */
	static final class AlreadyRegistered extends RuntimeException {

		AlreadyRegistered() {
			super("a station with this name and place is registered", null, false, false);
		}
	}

	/**
	 * Registers a station unless one of this name and place exists: one registration at a time, so
	 * the two posts of a double tap cannot both pass the check and make two OAuth clients.
	 */
	private synchronized Stations.Registered registerOnce(String name, String place, String by) {
		if (stations.all().stream().anyMatch(s -> s.name().equals(name.strip()) && s.place().equals(place.strip()))) {
			throw new AlreadyRegistered();
		}
		return stations.register(name, place, by);
	}

	private String page(Model model, Map<String, String> errors, String name, String place) {
		model.addAttribute("stations", stations.all());
		model.addAttribute("errors", errors);
		model.addAttribute("name", name);
		model.addAttribute("place", place);
		return "vitals/admin-stations";
	}

	/** Where this Tsunagu is reached: the configured issuer, else this request's own address. */
	private String base(HttpServletRequest request) {
		var issuer = identity.issuer();
		var base = issuer != null && !issuer.isBlank() ? issuer
				: ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	@Bean
	static Tile vitalsStationsTile() {
		return new Tile(Tile.Screen.ADMIN, 50, "tile.vitals-stations", "link", "/admin/vitals/stations", Set.of("ADMIN"));
	}
}
