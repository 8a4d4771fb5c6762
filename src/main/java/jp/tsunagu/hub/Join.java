package jp.tsunagu.hub;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.query.Projection;

/**
 * Linked entity retrieval (NGSI-LD clause 4.5.23): with {@code join=inline} each Relationship
 * carries the entity it names as its {@code entity} member; with {@code join=flat} the linked
 * entities follow the entity in the answer, each once. {@code joinLevel} is how many hops are
 * followed (1 if not said). A {@code pick} or {@code omit} with braces ({@code locatedAt{id,name}})
 * says which members of the entity a Relationship links to are kept; a pick follows only the
 * Relationships it keeps. Linked entities are answered as the entity is (same context, same
 * system attributes), but the {@code attrs} of a request or subscription are the linking
 * entity's alone. Works on compacted, normalized answers; the simplified form is made after.
 */
public final class Join {

	/** How far a join may reach: more hops than this are refused. */
	public static final int MAX_LEVEL = 8;

	/** How linked entities come with the answer. */
	public enum Mode {
		INLINE, FLAT
	}

	/** A join asked for: its mode and how many hops. */
	public record Asked(Mode mode, int level) {
	}

	private Join() {
	}

	/**
	 * The join a request or subscription asks for, or null if none ({@code @none} or not given).
	 *
	 * @throws HubRefused BadRequestData for an unknown join or a joinLevel that is not 1 to {@link #MAX_LEVEL}
	 */
	public static @Nullable Asked of(@Nullable String join, @Nullable String joinLevel) {
		if (join == null || join.equals("@none")) {
			return null;
		}
		var mode = switch (join) {
			case "inline" -> Mode.INLINE;
			case "flat" -> Mode.FLAT;
			default -> throw new HubRefused(Type.BAD_REQUEST_DATA, "join is flat, inline or @none");
		};
		int level = 1;
		if (joinLevel != null) {
			try {
				level = Integer.parseInt(joinLevel);
			}
			catch (NumberFormatException ex) {
				level = 0;
			}
			if (level < 1 || level > MAX_LEVEL) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "joinLevel is a whole number from 1 to " + MAX_LEVEL);
			}
		}
		return new Asked(mode, level);
	}

	/**
	 * The entity with what it links to: for inline, one entity whose Relationships carry theirs;
	 * for flat, the entity and then each linked entity once. {@code projection} (may be null) is
	 * applied at every level, its names read by {@code names} into the answer's; {@code linked}
	 * answers a linked entity by its id (empty if there is none).
	 */
	public static List<JsonObject> joined(JsonObject entity, Asked join, @Nullable Projection projection,
			UnaryOperator<String> names, Function<String, Optional<JsonObject>> linked) {
		var walk = new Walk(join, names, linked);
		walk.seen.add(id(entity));
		var root = walk.visit(entity, projection == null ? null : projection.members(),
				projection == null || projection.pick(), join.level());
		var all = new ArrayList<JsonObject>();
		all.add(root);
		all.addAll(walk.flat);
		return all;
	}

	/** An entity (compacted) with only the members a pick names, or without those an omit names (no join: braces are not followed). */
	public static JsonObject projected(JsonObject entity, Projection projection, UnaryOperator<String> names) {
		return new Walk(new Asked(Mode.INLINE, 0), names, id -> Optional.empty()).visit(entity, projection.members(),
				projection.pick(), 0);
	}

	private static final class Walk {

		final Asked join;

		final UnaryOperator<String> names;

		final Function<String, Optional<JsonObject>> linked;

		final Set<String> seen = new HashSet<>();

		final List<JsonObject> flat = new ArrayList<>();

		Walk(Asked join, UnaryOperator<String> names, Function<String, Optional<JsonObject>> linked) {
			this.join = join;
			this.names = names;
			this.linked = linked;
		}

		/** An entity projected, its Relationships followed while hops are left. */
		JsonObject visit(JsonObject entity, @Nullable List<Projection.Member> members, boolean pick, int level) {
			var kept = JSON.createObjectBuilder();
			var follow = new ArrayList<String>();
			entity.forEach((name, value) -> {
				var member = member(members, name);
				if (members != null && !name.equals("@context")) {
					boolean named = member != null;
					// an omit with braces leaves its member, and omits inside the entity it links to
					boolean keep = pick ? named : !named || !member.members().isEmpty();
					if (!keep) {
						return;
					}
				}
				kept.add(name, value);
				follow.add(name);
			});
			var answer = kept.build();
			if (level <= 0) {
				return answer;
			}
			var withLinks = JSON.createObjectBuilder(answer);
			for (var name : follow) {
				var member = member(members, name);
				// the members kept of the linked entity: the braces' if any, else all of them
				var nested = member == null || member.members().isEmpty() ? null : member.members();
				var value = answer.get(name);
				if (value instanceof JsonObject relationship) {
					var followed = followed(relationship, nested, pick, level);
					if (followed != relationship) {
						withLinks.add(name, followed);
					}
				}
				else if (value instanceof JsonArray instances) {
					var array = JSON.createArrayBuilder();
					boolean changed = false;
					for (var instance : instances) {
						if (instance instanceof JsonObject relationship) {
							var followed = followed(relationship, nested, pick, level);
							changed |= followed != relationship;
							array.add(followed);
						}
						else {
							array.add(instance);
						}
					}
					if (changed) {
						withLinks.add(name, array);
					}
				}
			}
			return withLinks.build();
		}

		/** A Relationship with its entity inline (or the same Relationship, its entity put in the flat list). */
		private JsonObject followed(JsonObject attribute, @Nullable List<Projection.Member> nested, boolean pick, int level) {
			if (!(attribute.get("type") instanceof JsonString type) || !type.getString().equals("Relationship")
					|| !(attribute.get("object") instanceof JsonString object)) {
				return attribute;
			}
			if (join.mode() == Mode.FLAT) {
				if (seen.add(object.getString())) {
					linked.apply(object.getString()).ifPresent(target -> {
						int at = flat.size();
						flat.add(target);
						flat.set(at, visit(target, nested, pick, level - 1));
					});
				}
				return attribute;
			}
			var target = linked.apply(object.getString());
			if (target.isEmpty()) {
				return attribute;
			}
			return JSON.createObjectBuilder(attribute).add("entity", visit(target.get(), nested, pick, level - 1)).build();
		}

		private Projection.@Nullable Member member(@Nullable List<Projection.Member> members, String name) {
			if (members == null) {
				return null;
			}
			for (var member : members) {
				var named = member.name().equals("id") || member.name().equals("type") ? member.name()
						: names.apply(member.name());
				if (named.equals(name)) {
					return member;
				}
			}
			return null;
		}
	}

	private static String id(JsonObject entity) {
		return entity.get("id") instanceof JsonString id ? id.getString() : "";
	}
}
