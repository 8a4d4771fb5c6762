package jp.tsunagu.hub.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * A parsed NGSI-LD query ({@code q}, ETSI GS CIM 009 clause 4.9): terms joined by {@code ;} (and)
 * and {@code |} (or), with parentheses. A term names an attribute, optionally a path into its
 * sub-attributes ({@code a.b}) and into its JSON value ({@code a[k]}), and either asks only that it
 * exists ({@code a}, or {@code !a} that it does not) or compares its value. A Relationship's
 * name followed by braces ({@code isConnectedTo{batteryLevel}}) looks into the entity it links to
 * (a linked entity subquery).
 */
public sealed interface Query {

	/** The same query with every attribute, sub-attribute and key name turned into its IRI. */
	Query expanded(UnaryOperator<String> expand);

	/** Whether a term's path names any of these (expanded) names below its attribute, or in a linked entity. */
	default boolean mentions(String... names) {
		var wanted = java.util.Set.of(names);
		return switch (this) {
			case And and -> and.all().stream().anyMatch(q -> q.mentions(names));
			case Or or -> or.any().stream().anyMatch(q -> q.mentions(names));
			case Exists exists -> exists.path().mentions(wanted);
			case Compare compare -> compare.path().mentions(wanted);
		};
	}

	/** How many linked entities deep its terms look ({@code a{b{c}}} is 2; 0: none). */
	default int hops() {
		return switch (this) {
			case And and -> and.all().stream().mapToInt(Query::hops).max().orElse(0);
			case Or or -> or.any().stream().mapToInt(Query::hops).max().orElse(0);
			case Exists exists -> exists.path().hops();
			case Compare compare -> compare.path().hops();
		};
	}

	/** All of these hold ({@code ;}). */
	record And(List<Query> all) implements Query {
		@Override
		public Query expanded(UnaryOperator<String> expand) {
			return new And(all.stream().map(q -> q.expanded(expand)).toList());
		}
	}

	/** Any of these holds ({@code |}). */
	record Or(List<Query> any) implements Query {
		@Override
		public Query expanded(UnaryOperator<String> expand) {
			return new Or(any.stream().map(q -> q.expanded(expand)).toList());
		}
	}

	/**
	 * Where a term looks: an attribute, the sub-attributes (or members such as {@code observedAt})
	 * under it, then keys into its value.
	 */
	record Path(List<String> attributes, List<String> keys, @Nullable Path linked) {

		public Path {
			attributes = List.copyOf(attributes);
			keys = List.copyOf(keys);
		}

		public Path(List<String> attributes, List<String> keys) {
			this(attributes, keys, null);
		}

		int hops() {
			return linked == null ? 0 : 1 + linked.hops();
		}

		boolean mentions(java.util.Set<String> names) {
			return linked != null || attributes.stream().skip(1).anyMatch(names::contains);
		}

		Path expanded(UnaryOperator<String> expand) {
			return new Path(attributes.stream().map(expand).toList(), keys.stream().map(expand).toList(),
					linked == null ? null : linked.expanded(expand));
		}

		@Override
		public String toString() {
			var text = new StringBuilder(String.join(".", attributes));
			if (linked != null) {
				text.append('{').append(linked).append('}');
			}
			keys.forEach(key -> text.append('[').append(key).append(']'));
			return text.toString();
		}
	}

	/** The attribute (or path) exists, or with {@code negated} it does not ({@code !a}). */
	record Exists(Path path, boolean negated) implements Query {
		@Override
		public Query expanded(UnaryOperator<String> expand) {
			return new Exists(path.expanded(expand), negated);
		}
	}

	enum Operator {
		EQUAL("=="), UNEQUAL("!="), GREATER_EQUAL(">="), GREATER(">"), LESS_EQUAL("<="), LESS("<"), PATTERN("~="),
		NOT_PATTERN("!~=");

		final String symbol;

		Operator(String symbol) {
			this.symbol = symbol;
		}
	}

	/**
	 * A comparison: the value at the path against one value, a list of them (equal to any, or unequal
	 * to all) or a range {@code low..high} (inclusive).
	 */
	record Compare(Path path, Operator operator, List<Value> values, @Nullable Value low, @Nullable Value high)
			implements Query {

		public Compare {
			values = List.copyOf(values);
		}

		boolean isRange() {
			return low != null;
		}

		@Override
		public Query expanded(UnaryOperator<String> expand) {
			return new Compare(path.expanded(expand), operator, values, low, high);
		}
	}

	/** What a value in a query is, which decides how it compares with an attribute's value. */
	enum Kind {
		NUMBER, STRING, DATE_TIME, DATE, TIME, BOOLEAN, URI, WORD
	}

	/**
	 * A value in a query: a number, a quoted string, a date-time, date or time, {@code true} or
	 * {@code false}, a URI, or an unquoted word (compared as a string).
	 */
	record Value(Kind kind, String text, @Nullable BigDecimal number) {
	}
}
