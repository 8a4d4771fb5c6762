package jp.tsunagu.hub.registrations;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.Tenants;
import jp.tsunagu.hub.internal.HistoryRows;
import jp.tsunagu.hub.internal.RegistrationRows;
import jp.tsunagu.hub.jsonld.Jsons;
import jp.tsunagu.hub.jsonld.LinkedData;
import jp.tsunagu.hub.query.GeoQuery;
import jp.tsunagu.hub.query.Query;
import jp.tsunagu.hub.query.QueryMatcher;

/**
 * Context source registrations (NGSI-LD clause 5.9): stored, given back as their client wrote them
 * (names in the reader's context), queried (clause 5.10.2), updated and deleted, so that a later
 * federation with other cities' brokers has its place; the hub forwards nothing yet. A registration
 * that would take entities away from the hub (exclusive, redirect) is refused when it overlaps
 * another such registration or the hub's own entities (clause 4.3.6.3).
 */
@Service
public class Registrations {

	/** Most registrations one tenant may hold: a query reads them all. */
	public static final int MAX_PER_TENANT = 10_000;

	private final RegistrationRows rows;

	private final LinkedData ld;

	private final Entities entities;

	private final Tenants tenants;

	private final Clock clock;

	/** Registrations read in their context, by tenant, id and when last changed. */
	private final Cache<String, Registration> parsed = Caffeine.newBuilder().maximumSize(20_000).build();

	Registrations(RegistrationRows rows, LinkedData ld, Entities entities, Tenants tenants, Clock clock) {
		this.rows = rows;
		this.ld = ld;
		this.entities = entities;
		this.tenants = tenants;
		this.clock = clock;
	}

	/**
	 * Stores a registration a client sent, in this context; its id (given or made).
	 *
	 * @throws HubRefused BadRequestData, AlreadyExists (its id taken, or it overlaps)
	 */
	@Transactional
	public String create(String tenant, JsonObject sent, JsonArray context) {
		String id;
		if (sent.containsKey("id")) {
			if (!(sent.get("id") instanceof JsonString given) || !Entities.isUri(given.getString())) {
				throw Registration.refused("a registration's id is a URI");
			}
			id = given.getString();
		}
		else {
			id = "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
		}
		var registration = Registration.read(id, sent, context, ld, clock.instant());
		if (rows.count(tenant) >= MAX_PER_TENANT) {
			throw new HubRefused(Type.OPERATION_NOT_SUPPORTED, "a tenant holds at most " + MAX_PER_TENANT + " registrations");
		}
		checkOverlaps(tenant, registration);
		tenants.creating(tenant);
		try {
			rows.insert(tenant, id, registration.body().toString(), context.toString(), registration.expiresAt(),
					clock.instant());
		}
		catch (DuplicateKeyException taken) {
			throw new HubRefused(Type.ALREADY_EXISTS, "Conflict: a registration with id " + id + " exists");
		}
		return id;
	}

	/**
	 * Updates a registration (5.9.3): each member given replaces the registration's, a member given
	 * as null is removed; the result is checked as a new one would be.
	 *
	 * @throws HubRefused ResourceNotFound, BadRequestData, AlreadyExists
	 */
	@Transactional
	public void update(String tenant, String id, JsonObject fragment, JsonArray context, boolean contextGiven) {
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no registration " + id));
		if (fragment.get("id") != null && !(fragment.get("id") instanceof JsonString same && same.getString().equals(id))) {
			throw Registration.refused("a registration's id cannot change");
		}
		for (var mandatory : List.of("information", "endpoint", "type")) {
			if (fragment.containsKey(mandatory) && fragment.get(mandatory).getValueType() == JsonValue.ValueType.NULL) {
				throw Registration.refused(mandatory + " cannot be removed from a registration");
			}
		}
		var merged = new LinkedHashMap<String, JsonValue>(Jsons.object(row.body()));
		fragment.forEach((name, value) -> {
			if (name.equals("@context")) {
				return;
			}
			if (value.getValueType() == JsonValue.ValueType.NULL) {
				merged.remove(name);
			}
			else {
				merged.put(name, value);
			}
		});
		var own = contextGiven ? context : Jsons.array(row.context());
		var registration = Registration.read(id, JSON.createObjectBuilder(merged).build(), own, ld, clock.instant());
		checkOverlaps(tenant, registration);
		rows.update(tenant, id, registration.body().toString(), own.toString(), registration.expiresAt(), clock.instant());
	}

	@Transactional
	public boolean delete(String tenant, String id) {
		return rows.delete(tenant, id);
	}

	/** A registration as its client wrote it, with names in this context; empty if there is none. */
	@Transactional(readOnly = true)
	public Optional<JsonObject> find(String tenant, String id, JsonArray context) {
		return rows.find(tenant, id).map(row -> rendered(row, context));
	}

	/** What a query of registrations asks for (clause 5.10.2); names as IRIs. */
	public record Filter(Set<String> types, Set<String> ids, @Nullable Pattern idPattern, Set<String> attrs,
			@Nullable Query q, @Nullable Query csf, @Nullable String scopeQ, @Nullable GeoQuery geo,
			HistoryRows.@Nullable Window window) {
	}

	/** A page of the registrations a query matches, and how many it matches in all. */
	public record Page(List<JsonObject> registrations, long total) {
	}

	@Transactional(readOnly = true)
	public Page query(String tenant, Filter filter, int offset, int limit, JsonArray context) {
		var matched = new ArrayList<RegistrationRows.Row>();
		for (var row : rows.live(tenant, clock.instant())) {
			if (matches(read(tenant, row), filter)) {
				matched.add(row);
			}
		}
		var page = new ArrayList<JsonObject>();
		for (int i = offset; i < matched.size() && i < offset + limit; i++) {
			page.add(rendered(matched.get(i), context));
		}
		return new Page(page, matched.size());
	}

	private Registration read(String tenant, RegistrationRows.Row row) {
		return parsed.get(tenant + " " + row.id() + " " + row.modifiedAt(),
				k -> Registration.read(row.id(), Jsons.object(row.body()), Jsons.array(row.context()), ld, Instant.EPOCH));
	}

	// ---- matching (5.10.2)

	private boolean matches(Registration registration, Filter filter) {
		boolean entitiesAsked = !filter.types().isEmpty() || !filter.ids().isEmpty() || filter.idPattern() != null;
		if (entitiesAsked || !filter.attrs().isEmpty()) {
			boolean any = false;
			for (var information : registration.information()) {
				if ((!entitiesAsked || holdsEntities(information, filter)) && holdsAttributes(information, filter.attrs())) {
					any = true;
					break;
				}
			}
			if (!any) {
				return false;
			}
		}
		if (filter.q() != null && !QueryMatcher.matches(filter.q(), members(registration, false))) {
			return false;
		}
		if (filter.csf() != null && !QueryMatcher.matches(filter.csf(), members(registration, true))) {
			return false;
		}
		if (filter.scopeQ() != null && !inScope(registration.scopes(), filter.scopeQ())) {
			return false;
		}
		if (filter.geo() != null && (registration.location() == null || !filter.geo().matches(registration.location()))) {
			return false;
		}
		return filter.window() == null || filter.window().relation() == null || within(registration, filter.window());
	}

	private static boolean holdsEntities(Registration.Information information, Filter filter) {
		if (information.entities().isEmpty()) {
			return true;
		}
		for (var entity : information.entities()) {
			if (!filter.types().isEmpty() && !filter.types().contains(entity.type())) {
				continue;
			}
			boolean open = entity.id() == null && entity.idPattern() == null;
			if (!filter.ids().isEmpty() && !open && filter.ids().stream().noneMatch(id -> idMatches(entity, id))) {
				continue;
			}
			if (filter.idPattern() != null && !open && !(entity.id() != null && filter.idPattern().matcher(entity.id()).matches()
					|| entity.idPattern() != null && entity.idPattern().pattern().equals(filter.idPattern().pattern()))) {
				continue;
			}
			return true;
		}
		return false;
	}

	private static boolean idMatches(Registration.EntityInfo entity, String id) {
		return entity.id() != null ? entity.id().equals(id) : entity.idPattern().matcher(id).matches();
	}

	private static boolean holdsAttributes(Registration.Information information, Collection<String> attrs) {
		var names = information.attributes();
		return attrs.isEmpty() || names.isEmpty() || attrs.stream().anyMatch(names::contains);
	}

	/**
	 * The registration as an entity whose properties are its members, for {@code q} (its own
	 * properties only: those the standard does not name) and {@code csf} (all of them).
	 */
	private JsonObject members(Registration registration, boolean all) {
		var node = JSON.createObjectBuilder().add("@id", registration.id());
		registration.body().forEach((name, value) -> {
			if (name.equals("id") || name.equals("type") || name.equals("information")
					|| !all && Registration.MEMBERS.contains(name)) {
				return;
			}
			var literal = switch (value.getValueType()) {
				case STRING, NUMBER, TRUE, FALSE -> JSON.createObjectBuilder().add("@value", value);
				default -> JSON.createObjectBuilder().add("@value", value).add("@type", "@json");
			};
			node.add(ld.expandTerm(name, registration.context()), JSON.createArrayBuilder()
				.add(JSON.createObjectBuilder()
					.add("@type", JSON.createArrayBuilder().add(NgsiLd.PROPERTY))
					.add(NgsiLd.HAS_VALUE, JSON.createArrayBuilder().add(literal))));
		});
		return node.build();
	}

	/** Whether any of the scopes is in a scope query ({@code ,} or, {@code ;} and, {@code #} all below, {@code +} one level). */
	static boolean inScope(List<String> scopes, String scopeQ) {
		for (var alternative : scopeQ.split(",")) {
			boolean all = true;
			for (var part : alternative.split(";")) {
				var wanted = part.trim();
				if (scopes.stream().noneMatch(scope -> scopeMatches(scope, wanted))) {
					all = false;
					break;
				}
			}
			if (all) {
				return true;
			}
		}
		return false;
	}

	private static boolean scopeMatches(String scope, String wanted) {
		var have = scope.substring(1).split("/");
		var want = wanted.startsWith("/") ? wanted.substring(1).split("/") : wanted.split("/");
		for (int i = 0; i < want.length; i++) {
			if (want[i].equals("#")) {
				return i == want.length - 1;
			}
			if (i >= have.length || !want[i].equals("+") && !want[i].equals(have[i])) {
				return false;
			}
		}
		return have.length == want.length;
	}

	/** Whether the registration's interval (observation for observedAt, management otherwise) is in the window. */
	private static boolean within(Registration registration, HistoryRows.Window window) {
		var interval = window.property() == HistoryRows.TimeProperty.OBSERVED_AT ? registration.observation()
				: registration.management();
		if (interval == null || window.at() == null) {
			return false;
		}
		return switch (window.relation()) {
			case "before" -> interval.startAt().isBefore(window.at());
			case "after" -> interval.endAt() == null || interval.endAt().isAfter(window.at());
			default -> interval.startAt().isBefore(window.endAt())
					&& (interval.endAt() == null || interval.endAt().isAfter(window.at()));
		};
	}

	// ---- what an exclusive or redirect registration may not overlap (4.3.6.3)

	private void checkOverlaps(String tenant, Registration registration) {
		if (registration.mode() != Registration.Mode.EXCLUSIVE && registration.mode() != Registration.Mode.REDIRECT) {
			return;
		}
		for (var row : rows.live(tenant, clock.instant())) {
			if (row.id().equals(registration.id())) {
				continue;
			}
			var other = read(tenant, row);
			boolean blocks = other.mode() == Registration.Mode.EXCLUSIVE
					|| registration.mode() == Registration.Mode.EXCLUSIVE && other.mode() == Registration.Mode.REDIRECT;
			if (blocks && overlap(registration, other)) {
				throw new HubRefused(Type.ALREADY_EXISTS, "Conflict: registration " + other.id() + " ("
						+ other.mode().name().toLowerCase(java.util.Locale.ROOT) + ") holds the same entities and attributes");
			}
		}
		for (var information : registration.information()) {
			for (var entity : information.entities()) {
				if (entity.id() == null) {
					continue;
				}
				var local = entities.find(tenant, entity.id());
				if (local.isEmpty()) {
					continue;
				}
				var attributes = information.attributes();
				boolean clash = registration.mode() == Registration.Mode.REDIRECT
						|| attributes.stream().anyMatch(local.get().node()::containsKey);
				if (clash) {
					throw new HubRefused(Type.ALREADY_EXISTS, "Conflict: the hub holds entity " + entity.id()
							+ (registration.mode() == Registration.Mode.REDIRECT ? "" : " with those attributes") + " itself");
				}
			}
		}
	}

	private static boolean overlap(Registration one, Registration other) {
		for (var a : one.information()) {
			for (var b : other.information()) {
				boolean sameEntity = a.entities().stream()
					.anyMatch(x -> b.entities().stream().anyMatch(y -> x.id() != null && x.id().equals(y.id())));
				var attributes = a.attributes();
				boolean sameAttribute = attributes.isEmpty() || b.attributes().isEmpty()
						|| b.attributes().stream().anyMatch(attributes::contains);
				if (sameEntity && sameAttribute) {
					return true;
				}
			}
		}
		return false;
	}

	// ---- as the client wrote it, names in the reader's context

	private JsonObject rendered(RegistrationRows.Row row, JsonArray to) {
		var body = Jsons.object(row.body());
		var from = Jsons.array(row.context());
		if (from.equals(to)) {
			return body;
		}
		var out = new LinkedHashMap<String, JsonValue>();
		body.forEach((name, value) -> {
			if (name.equals("information") && value instanceof JsonArray information) {
				var elements = JSON.createArrayBuilder();
				for (var element : information) {
					elements.add(renamedInformation((JsonObject) element, from, to));
				}
				out.put(name, elements.build());
			}
			else if (Registration.MEMBERS.contains(name)) {
				out.put(name, value);
			}
			else {
				out.put(ld.compactTerm(ld.expandTerm(name, from), to), value);
			}
		});
		return JSON.createObjectBuilder(out).build();
	}

	private JsonObject renamedInformation(JsonObject element, JsonArray from, JsonArray to) {
		var out = JSON.createObjectBuilder(element);
		if (element.get("entities") instanceof JsonArray entityInfos) {
			var renamed = JSON.createArrayBuilder();
			for (var info : entityInfos) {
				var object = (JsonObject) info;
				var type = ((JsonString) object.get("type")).getString();
				renamed.add(JSON.createObjectBuilder(object).add("type", ld.compactType(ld.expandType(type, from), to)));
			}
			out.add("entities", renamed);
		}
		for (var names : List.of("propertyNames", "relationshipNames")) {
			if (element.get(names) instanceof JsonArray list) {
				var renamed = JSON.createArrayBuilder();
				for (var name : list) {
					renamed.add(ld.compactTerm(ld.expandTerm(((JsonString) name).getString(), from), to));
				}
				out.add(names, renamed);
			}
		}
		return out.build();
	}
}
