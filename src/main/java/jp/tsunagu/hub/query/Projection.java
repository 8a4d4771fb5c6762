package jp.tsunagu.hub.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;

/**
 * {@code pick} and {@code omit} (NGSI-LD clause 4.21): the members of an entity (its {@code id},
 * {@code type} and attributes, by name) an answer keeps, or leaves out. Members are joined by
 * {@code ,} or {@code |}; a member's own members in braces ({@code locatedAt{name}}) reach into
 * linked entities, which only a join brings.
 */
public record Projection(boolean pick, List<Member> members) {

	/** A member, and the members of the entity it links to (none if not given). */
	public record Member(String name, List<Member> members) {
	}

	/** Most characters a pick or omit may have. */
	static final int MAX_LENGTH = 2048;

	/**
	 * The projection a request asks for, or null if none.
	 *
	 * @throws HubRefused BadRequestData if pick and omit are both given, or either is not a list of names
	 */
	public static @Nullable Projection of(@Nullable String pick, @Nullable String omit) {
		if (pick != null && omit != null) {
			throw refused("pick and omit cannot be asked for together");
		}
		var text = pick != null ? pick : omit;
		if (text == null) {
			return null;
		}
		if (text.length() > MAX_LENGTH) {
			throw refused((pick != null ? "pick" : "omit") + " is at most " + MAX_LENGTH + " characters");
		}
		var parser = new Parser(text);
		var members = parser.members(0);
		if (parser.at < text.length()) {
			throw refused("a " + (pick != null ? "pick" : "omit") + " is names joined by , or |, a name's own in braces");
		}
		return new Projection(pick != null, members);
	}

	/** Whether a member reaches into linked entities (which need a join). */
	public boolean nested() {
		return hops() > 0;
	}

	/** How many linked entities deep the braces reach (0: none; a join must follow at least as many hops). */
	public int hops() {
		return hops(members);
	}

	private static int hops(List<Member> members) {
		int most = 0;
		for (var member : members) {
			if (!member.members().isEmpty()) {
				most = Math.max(most, 1 + hops(member.members()));
			}
		}
		return most;
	}

	/** The names of the entity's own members it names. */
	public Set<String> names() {
		var names = new LinkedHashSet<String>();
		members.forEach(m -> names.add(m.name()));
		return names;
	}

	/** Whether an answer keeps a member of this name. */
	public boolean keeps(String name) {
		return pick == names().contains(name);
	}

	private static final class Parser {

		private final String text;

		private int at;

		Parser(String text) {
			this.text = text;
		}

		List<Member> members(int depth) {
			if (depth > 8) {
				throw refused("pick and omit reach at most 8 levels");
			}
			var members = new ArrayList<Member>();
			while (true) {
				int start = at;
				while (at < text.length() && ",|{}".indexOf(text.charAt(at)) < 0) {
					char c = text.charAt(at);
					if (c == ';' || c == '(' || c == ')' || Character.isWhitespace(c) || Character.isISOControl(c)) {
						throw refused("a name in pick or omit holds no " + (Character.isWhitespace(c) ? "space" : c));
					}
					at++;
				}
				var name = text.substring(start, at);
				if (name.isEmpty()) {
					throw refused("pick and omit name no empty member");
				}
				var nested = List.<Member>of();
				if (at < text.length() && text.charAt(at) == '{') {
					at++;
					nested = members(depth + 1);
					if (at >= text.length() || text.charAt(at) != '}') {
						throw refused("a { in pick or omit is closed by }");
					}
					at++;
				}
				members.add(new Member(name, nested));
				if (at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == '|')) {
					at++;
					continue;
				}
				return members;
			}
		}
	}

	static HubRefused refused(String why) {
		return new HubRefused(Type.BAD_REQUEST_DATA, why);
	}
}
