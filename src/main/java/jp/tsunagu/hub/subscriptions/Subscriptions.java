package jp.tsunagu.hub.subscriptions;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import jp.tsunagu.hub.internal.SubscriptionRows;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
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
import jp.tsunagu.hub.jsonld.Contexts;
import jp.tsunagu.hub.jsonld.LinkedData;

/**
 * The hub's subscriptions (NGSI-LD clauses 5.8.1 to 5.8.5): created, retrieved, listed, updated
 * and deleted per tenant; given back in the context of the request that asks (or the core
 * context), with their {@code status} and delivery figures.
 */
@Service
public class Subscriptions {

	/** Most subscriptions one tenant may hold: each is checked on every change of the tenant's entities. */
	public static final int MAX_PER_TENANT = 1000;

	private final SubscriptionRows rows;

	private final LinkedData ld;

	private final Clock clock;

	private final boolean privateEndpoints;

	/**
	 * Tenants that had no live subscription a moment ago: their writes skip the look for one. This
	 * instance forgets a tenant as soon as it creates or changes a subscription of it; a
	 * subscription created through another instance is seen here within {@link #QUIET}.
	 */
	private final Cache<String, Boolean> quiet = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(QUIET).build();

	/** How long a tenant without live subscriptions is taken to have none. */
	static final java.time.Duration QUIET = java.time.Duration.ofSeconds(1);

	/** Subscriptions read (parsed, their names expanded), by tenant, id and when they were last changed. */
	private final Cache<String, Subscription> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

	private final jp.tsunagu.hub.Tenants tenants;

	private final jp.tsunagu.hub.jsonld.ContextStore store;

	Subscriptions(jp.tsunagu.hub.Tenants tenants, jp.tsunagu.hub.jsonld.ContextStore store, SubscriptionRows rows, LinkedData ld, Clock clock,
			@Value("${tsunagu.hub.notifications.private-addresses:false}") boolean privateEndpoints) {
		this.tenants = tenants;
		this.store = store;
		this.rows = rows;
		this.ld = ld;
		this.clock = clock;
		this.privateEndpoints = privateEndpoints;
	}

	/**
	 * Creates a subscription a client sent, in this context (the core last); its id (given or made).
	 *
	 * @throws HubRefused BadRequestData, AlreadyExists, LdContextNotAvailable
	 */
	@Transactional
	public String create(String tenant, JsonObject sent, JsonArray context) {
		String id;
		if (sent.containsKey("id")) {
			if (!(sent.get("id") instanceof JsonString given) || !Entities.isUri(given.getString())) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "a subscription's id is a URI");
			}
			id = given.getString();
		}
		else {
			id = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
		}
		var subscription = checked(Subscription.read(id, sent, context, ld, clock.instant()));
		if (rows.count(tenant) >= MAX_PER_TENANT) {
			throw new HubRefused(Type.OPERATION_NOT_SUPPORTED, "a tenant holds at most " + MAX_PER_TENANT + " subscriptions");
		}
		tenants.creating(tenant);
		var body = subscription.body();
		var given = given(context);
		if (!body.containsKey("jsonldContext") && !(given instanceof JsonString)) {
			// a context of terms or a list of contexts: hosted, so that notifications name it by one URL (5.13.1)
			body = JSON.createObjectBuilder(body).add("jsonldContext", store.implicit(tenant, given)).build();
		}
		try {
			rows.insert(tenant, id, body.toString(), context.toString(), subscription.active(),
					subscription.expiresAt(), subscription.timeInterval(), clock.instant());
		}
		catch (DuplicateKeyException taken) {
			throw new HubRefused(Type.ALREADY_EXISTS, "a subscription with id " + id + " exists");
		}
		notQuiet(tenant);
		return id;
	}

	/** The tenant's subscriptions changed: its writes look for them again, now and once the change commits. */
	private void notQuiet(String tenant) {
		quiet.invalidate(tenant);
		if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
			org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
					new org.springframework.transaction.support.TransactionSynchronization() {
						@Override
						public void afterCompletion(int status) {
							quiet.invalidate(tenant);
						}
					});
		}
	}

	private Subscription checked(Subscription subscription) {
		var uri = subscription.endpoint();
		if (!privateEndpoints && Contexts.isPrivate(uri.getHost())) {
			throw new HubRefused(Type.BAD_REQUEST_DATA,
					"notification endpoints on this machine or on private networks are not allowed");
		}
		return subscription;
	}

	/**
	 * Updates a subscription (5.8.2): each member given replaces the subscription's ({@code notification}
	 * whole), then the result is checked as a new one would be. A fragment's own context, if it names
	 * one, becomes the subscription's.
	 */
	@Transactional
	public void update(String tenant, String id, JsonObject fragment, JsonArray context, boolean contextGiven) {
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no subscription " + id));
		if (fragment.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the fragment changes nothing");
		}
		var merged = new LinkedHashMap<String, JsonValue>(object(row.body()));
		for (var member : fragment.entrySet()) {
			if (member.getKey().equals("id") || member.getKey().equals("@context")) {
				continue;
			}
			if (member.getValue().getValueType() == JsonValue.ValueType.NULL) {
				merged.remove(member.getKey());
			}
			else {
				merged.put(member.getKey(), member.getValue());
			}
		}
		merged.putIfAbsent("type", JSON.createValue("Subscription"));
		var stored = contextGiven ? context : array(row.context());
		var subscription = checked(
				Subscription.read(id, JSON.createObjectBuilder(merged).build(), stored, ld, clock.instant()));
		rows.update(tenant, id, subscription.body().toString(), stored.toString(), subscription.active(),
				subscription.expiresAt(), subscription.timeInterval(), clock.instant());
		notQuiet(tenant);
	}

	@Transactional
	public boolean delete(String tenant, String id) {
		return rows.delete(tenant, id);
	}

	/** A subscription as its client reads it, compacted with this context; empty if there is none. */
	@Transactional(readOnly = true)
	public java.util.Optional<JsonObject> find(String tenant, String id, JsonArray context) {
		return rows.find(tenant, id).map(row -> rendered(row, context));
	}

	/** A page of a tenant's subscriptions (oldest first), and how many there are. */
	public record Page(List<JsonObject> subscriptions, long total) {
	}

	@Transactional(readOnly = true)
	public Page page(String tenant, int offset, int limit, JsonArray context) {
		var found = new ArrayList<JsonObject>();
		for (var row : rows.page(tenant, offset, limit)) {
			found.add(rendered(row, context));
		}
		return new Page(found, rows.count(tenant));
	}

	/** The subscriptions of a tenant that may fire now. */
	List<Live> live(String tenant) {
		if (quiet.getIfPresent(tenant) != null) {
			return List.of();
		}
		var live = read(rows.live(tenant, clock.instant()));
		if (live.isEmpty()) {
			quiet.put(tenant, Boolean.TRUE);
		}
		return live;
	}

	/** The subscriptions of all tenants notified on a time interval that may fire now. */
	List<Live> periodic() {
		return read(rows.periodic(clock.instant()));
	}

	private List<Live> read(List<SubscriptionRows.Row> found) {
		var all = new ArrayList<Live>();
		for (var row : found) {
			var key = row.tenant() + " " + row.id() + " " + row.modifiedAt();
			all.add(new Live(row, parsed.get(key, k -> Subscription.read(row.id(), object(row.body()), array(row.context()), ld,
					Instant.EPOCH))));
		}
		return all;
	}

	/** A subscription that may fire, with its stored row (for throttling). */
	record Live(SubscriptionRows.Row row, Subscription subscription) {
	}

	private JsonObject rendered(SubscriptionRows.Row row, JsonArray requestContext) {
		var body = object(row.body());
		var own = array(row.context());
		var out = new LinkedHashMap<String, JsonValue>(body);
		if (!own.equals(requestContext)) {
			if (body.get("entities") instanceof JsonArray entities) {
				var renamed = JSON.createArrayBuilder();
				for (var selector : entities) {
					var object = (JsonObject) selector;
					var type = ((JsonString) object.get("type")).getString();
					renamed.add(JSON.createObjectBuilder(object).add("type", renamedTypes(type, own, requestContext)));
				}
				out.put("entities", renamed.build());
			}
			if (body.get("watchedAttributes") instanceof JsonArray watched) {
				out.put("watchedAttributes", renamed(watched, own, requestContext));
			}
			if (body.get("notification") instanceof JsonObject notification
					&& notification.get("attributes") instanceof JsonArray attributes) {
				out.put("notification",
						JSON.createObjectBuilder(notification).add("attributes", renamed(attributes, own, requestContext)).build());
			}
		}
		out.putIfAbsent("notificationTrigger", JSON.createArrayBuilder(Subscription.DEFAULT_TRIGGERS).build());
		var now = clock.instant();
		var expired = row.expiresAt() != null && !row.expiresAt().isAfter(now);
		out.put("status", JSON.createValue(expired ? "expired" : row.active() ? "active" : "paused"));
		if (row.timesSent() > 0 && out.get("notification") instanceof JsonObject notification) {
			var figures = JSON.createObjectBuilder(notification);
			figures.add("timesSent", row.timesSent());
			if (row.timesFailed() > 0) {
				figures.add("timesFailed", row.timesFailed());
			}
			if (row.lastNotification() != null) {
				figures.add("lastNotification", row.lastNotification().toString());
			}
			if (row.lastSuccess() != null) {
				figures.add("lastSuccess", row.lastSuccess().toString());
			}
			if (row.lastFailure() != null) {
				figures.add("lastFailure", row.lastFailure().toString());
			}
			boolean ok = row.lastFailure() == null
					|| row.lastSuccess() != null && !row.lastSuccess().isBefore(row.lastFailure());
			figures.add("status", ok ? "ok" : "failed");
			out.put("notification", figures.build());
		}
		return JSON.createObjectBuilder(out).build();
	}

	private String renamedTypes(String expression, JsonArray from, JsonArray to) {
		var out = new StringBuilder();
		var name = new StringBuilder();
		for (char c : (expression + "\u0000").toCharArray()) {
			if (",|;()\u0000".indexOf(c) >= 0) {
				if (!name.isEmpty()) {
					out.append(ld.compactTerm(ld.expandType(name.toString().trim(), from), to));
					name.setLength(0);
				}
				if (c != '\u0000') {
					out.append(c);
				}
			}
			else {
				name.append(c);
			}
		}
		return out.toString();
	}

	private JsonArray renamed(JsonArray names, JsonArray from, JsonArray to) {
		var out = JSON.createArrayBuilder();
		for (var name : names) {
			out.add(ld.compactTerm(ld.expandTerm(((JsonString) name).getString(), from), to));
		}
		return out.build();
	}

	static JsonObject object(String text) {
		return jp.tsunagu.hub.jsonld.Jsons.object(text);
	}

	static JsonArray array(String text) {
		return jp.tsunagu.hub.jsonld.Jsons.array(text);
	}

	/** The context as the client gave it: the stored one without the core context that ends it. */
	static JsonValue given(JsonArray context) {
		var given = context.subList(0, Math.max(0, context.size() - 1));
		if (given.isEmpty()) {
			return JSON.createValue(NgsiLd.CORE_CONTEXT);
		}
		return given.size() == 1 ? given.get(0) : JSON.createArrayBuilder(given).build();
	}
}
