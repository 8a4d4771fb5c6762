package jp.tsunagu.hub.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;

/**
 * An entity type selection (clause 4.17): type names joined by {@code ,} or {@code |} (any of) and
 * {@code ;} (all of), with parentheses, such as {@code (Building|Tower);Landmark}; each name
 * expanded to its IRI. An entity with several types matches when its types satisfy the expression.
 */
public sealed interface TypeSelection {

	boolean matches(Set<String> types);

	/** The type IRIs it names (an entity it selects has one of them). */
	default Set<String> names() {
		var names = new java.util.LinkedHashSet<String>();
		switch (this) {
			case Name name -> names.add(name.iri());
			case All all -> all.all().forEach(t -> names.addAll(t.names()));
			case Any any -> any.any().forEach(t -> names.addAll(t.names()));
		}
		return names;
	}

	record Name(String iri) implements TypeSelection {
		@Override
		public boolean matches(Set<String> types) {
			return types.contains(iri);
		}
	}

	record All(List<TypeSelection> all) implements TypeSelection {
		@Override
		public boolean matches(Set<String> types) {
			return all.stream().allMatch(t -> t.matches(types));
		}
	}

	record Any(List<TypeSelection> any) implements TypeSelection {
		@Override
		public boolean matches(Set<String> types) {
			return any.stream().anyMatch(t -> t.matches(types));
		}
	}

	/**
	 * Reads a type selection, expanding each name.
	 *
	 * @throws HubRefused BadRequestData if it is not one
	 */
	static TypeSelection parse(String text, UnaryOperator<String> expand) {
		if (text.length() > QueryParser.MAX_LENGTH) {
			throw new HubRefused(Type.TOO_COMPLEX_QUERY, "the type selection is too long");
		}
		var parser = new Object() {
			int at;

			int depth;

			TypeSelection any() {
				var any = new ArrayList<TypeSelection>();
				any.add(all());
				while (at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == '|')) {
					at++;
					any.add(all());
				}
				return any.size() == 1 ? any.get(0) : new Any(any);
			}

			TypeSelection all() {
				var all = new ArrayList<TypeSelection>();
				all.add(factor());
				while (at < text.length() && text.charAt(at) == ';') {
					at++;
					all.add(factor());
				}
				return all.size() == 1 ? all.get(0) : new All(all);
			}

			TypeSelection factor() {
				if (at < text.length() && text.charAt(at) == '(') {
					if (++depth > QueryParser.MAX_DEPTH) {
						throw new HubRefused(Type.TOO_COMPLEX_QUERY, "the type selection nests too deep");
					}
					at++;
					var inner = any();
					if (at >= text.length() || text.charAt(at) != ')') {
						throw new HubRefused(Type.BAD_REQUEST_DATA, "the type selection misses a ')'");
					}
					at++;
					depth--;
					return inner;
				}
				int start = at;
				while (at < text.length() && ",|;()".indexOf(text.charAt(at)) < 0) {
					at++;
				}
				var name = text.substring(start, at).trim();
				if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "the type selection " + text + " is not one");
				}
				return new Name(expand.apply(name));
			}
		};
		var selection = parser.any();
		if (parser.at < text.length()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the type selection " + text + " is not one");
		}
		return selection;
	}
}
