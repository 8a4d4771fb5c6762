package jp.tsunagu.vitals;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.vitals.internal.StationRepository;

/**
 * Measuring stations: an administrator registers one for a place (「もみじ台 地域交流エリア」); it
 * gets a client id and a secret, shown once, and posts with a {@code vitals.write} token from the
 * client-credentials grant.
 */
@Service
public class Stations {

	public static final String SCOPE = "vitals.write";

	private final StationRepository stations;

	private final PartnerClients clients;

	private final AuditLog audit;

	private final Clock clock;

	/** Stations are never edited once registered, so each is read once. */
	private final ConcurrentHashMap<String, Station> known = new ConcurrentHashMap<>();

	Stations(StationRepository stations, PartnerClients clients, AuditLog audit, Clock clock) {
		this.stations = stations;
		this.clients = clients;
		this.audit = audit;
		this.clock = clock;
	}

	/** A station registered, with its secret (shown once). */
	public record Registered(Station station, String secret) {
	}

	@Transactional
	public Registered register(String name, String place, String by) {
		name = name.strip();
		place = place.strip();
		if (name.isEmpty() || name.length() > 100) {
			throw new MeasurementRefused(0, "name", name.isEmpty() ? "missing" : "too-long");
		}
		if (place.isEmpty() || place.length() > 200) {
			throw new MeasurementRefused(0, "place", place.isEmpty() ? "missing" : "too-long");
		}
		var registered = clients.registerMachine("station", name, Set.of(SCOPE));
		var station = new Station(registered.client().clientId(), name, place, clock.instant(), by);
		stations.insert(station);
		audit.record(by, "vitals.station.register", station.clientId(), name + " / " + place);
		return new Registered(station, java.util.Objects.requireNonNull(registered.secret()));
	}

	@Transactional(readOnly = true)
	public Optional<Station> find(String clientId) {
		var cached = known.get(clientId);
		if (cached != null) {
			return Optional.of(cached);
		}
		var found = stations.find(clientId);
		found.ifPresent(s -> known.put(clientId, s));
		return found;
	}

	@Transactional(readOnly = true)
	public List<Station> all() {
		return stations.all();
	}
}
