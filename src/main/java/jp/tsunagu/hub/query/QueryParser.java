package jp.tsunagu.hub.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.query.Query.Kind;
import jp.tsunagu.hub.query.Query.Operator;
import jp.tsunagu.hub.query.Query.Path;
import jp.tsunagu.hub.query.Query.Value;

/**
 * Reads the NGSI-LD query language (ETSI GS CIM 009 clause 4.9) into a {@link Query}. A query that
 * does not follow the grammar is refused as {@code BadRequestData}, with where it went wrong; one
 * longer or deeper than the hub evaluates is refused as {@code TooComplexQuery}. Nothing else is
 * thrown, whatever the text.
 */
public final class QueryParser {

	/** Longest query text read. */
	public static final int MAX_LENGTH = 4096;

	/** Deepest nesting of parentheses read. */
	public static final int MAX_DEPTH = 16;

	/** Most terms in one query. */
	public static final int MAX_TERMS = 64;

	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

	private static final Pattern DATE_TIME = Pattern
		.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?");

	private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	private static final Pattern TIME = Pattern.compile("[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?Z?");

	private static final Pattern ABSOLUTE_IRI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

	private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s\"]+");

	private final String text;

	private int at;

	private int depth;

	private int terms;

	private QueryParser(String text) {
		this.text = text;
	}

	/** The query this text says. */
	public static Query parse(String text) {
		if (text.length() > MAX_LENGTH) {
			throw new HubRefused(Type.TOO_COMPLEX_QUERY, "q is longer than " + MAX_LENGTH + " characters");
		}
		var parser = new QueryParser(text);
		if (text.isBlank()) {
			throw parser.refused("q is empty");
		}
		var query = parser.expression();
		if (parser.at < text.length()) {
			throw parser.refused("unexpected '" + text.charAt(parser.at) + "'");
		}
		return query;
	}

	// Query = Term *(LogicalOp Term); ';' binds tighter than '|' (clause 4.9: AND before OR)
	private Query expression() {
		var any = new ArrayList<Query>();
		any.add(conjunction());
		while (peek('|')) {
			at++;
			any.add(conjunction());
		}
		return any.size() == 1 ? any.get(0) : new Query.Or(any);
	}

	private Query conjunction() {
		var all = new ArrayList<Query>();
		all.add(factor());
		while (peek(';')) {
			at++;
			all.add(factor());
		}
		return all.size() == 1 ? all.get(0) : new Query.And(all);
	}

	private Query factor() {
		if (peek('(')) {
			if (++depth > MAX_DEPTH) {
				throw new HubRefused(Type.TOO_COMPLEX_QUERY, "q nests parentheses deeper than " + MAX_DEPTH);
			}
			at++;
			var inner = expression();
			if (!peek(')')) {
				throw refused("a ')' is missing");
			}
			at++;
			depth--;
			return inner;
		}
		if (++terms > MAX_TERMS) {
			throw new HubRefused(Type.TOO_COMPLEX_QUERY, "q has more than " + MAX_TERMS + " terms");
		}
		if (peek('!') && !text.startsWith("!=", at) && !text.startsWith("!~=", at)) {
			at++;
			return new Query.Exists(path(), true);
		}
		var path = path();
		var operator = operator();
		if (operator == null) {
			return new Query.Exists(path, false);
		}
		if (operator == Operator.PATTERN || operator == Operator.NOT_PATTERN) {
			var pattern = pattern();
			try {
				Pattern.compile(pattern.text());
			}
			catch (RuntimeException ex) {
				throw refused("the pattern is not a regular expression");
			}
			return new Query.Compare(path, operator, List.of(pattern), null, null);
		}
		var first = value();
		if (text.startsWith("..", at)) {
			if (operator != Operator.EQUAL && operator != Operator.UNEQUAL) {
				throw refused("a range goes only with == or !=");
			}
			at += 2;
			var high = value();
			if (!comparable(first, high)) {
				throw refused("a range's ends are not of one kind");
			}
			return new Query.Compare(path, operator, List.of(), first, high);
		}
		var values = new ArrayList<Value>();
		values.add(first);
		while (peek(',')) {
			if (operator != Operator.EQUAL && operator != Operator.UNEQUAL) {
				throw refused("a list of values goes only with == or !=");
			}
			at++;
			values.add(value());
		}
		return new Query.Compare(path, operator, values, null, null);
	}

	private static boolean comparable(Value low, Value high) {
		return low.kind() == high.kind()
				|| (low.kind() == Kind.STRING || low.kind() == Kind.WORD) && (high.kind() == Kind.STRING || high.kind() == Kind.WORD);
	}

	// Attribute = AttrName *("." AttrName) ["{" Attribute "}"] *("[" AttrName "]")
	private Path path() {
		var attributes = new ArrayList<String>();
		attributes.add(name());
		while (peek('.')) {
			at++;
			attributes.add(name());
		}
		if (peek('{')) {
			at++;
			if (++depth > MAX_DEPTH) {
				throw new HubRefused(Type.TOO_COMPLEX_QUERY, "q reaches too deep");
			}
			var linked = path();
			depth--;
			if (!peek('}')) {
				throw refused("a '}' is missing");
			}
			at++;
			return new Path(attributes, List.of(), linked);
		}
		var keys = new ArrayList<String>();
		while (peek('[')) {
			at++;
			keys.add(name());
			if (!peek(']')) {
				throw refused("a ']' is missing");
			}
			at++;
		}
		return new Path(attributes, keys);
	}

	private String name() {
		int start = at;
		var iri = ABSOLUTE_IRI.matcher(text).region(at, text.length());
		if (iri.lookingAt()) {
			// a full IRI: its dots are its own, not a path into sub-attributes
			at = iri.end();
			while (at < text.length() && "=<>!~;|()[]{},\"".indexOf(text.charAt(at)) < 0) {
				at++;
			}
			return text.substring(start, at);
		}
		while (at < text.length() && nameCharacter(text.charAt(at))) {
			at++;
		}
		if (start == at) {
			throw refused(at < text.length() ? "an attribute name is expected, not '" + text.charAt(at) + "'"
					: "an attribute name is expected");
		}
		return text.substring(start, at);
	}

	private static boolean nameCharacter(char c) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '-'
				|| c == '/' || c == '#' || c == '@' || c > 0x7f && Character.isLetterOrDigit(c);
	}

	private @Nullable Operator operator() {
		for (var operator : new Operator[] { Operator.NOT_PATTERN, Operator.EQUAL, Operator.UNEQUAL,
				Operator.GREATER_EQUAL, Operator.LESS_EQUAL, Operator.PATTERN, Operator.GREATER, Operator.LESS }) {
			if (text.startsWith(operator.symbol, at)) {
				at += operator.symbol.length();
				return operator;
			}
		}
		if (at < text.length() && (text.charAt(at) == '=' || text.charAt(at) == '!' || text.charAt(at) == '~')) {
			throw refused("'" + text.charAt(at) + "' is not an operator");
		}
		return null;
	}

	private Value value() {
		if (peek('"')) {
			return new Value(Kind.STRING, quoted(), null);
		}
		int start = at;
		while (at < text.length() && !delimiter(text.charAt(at)) && !text.startsWith("..", at)) {
			at++;
		}
		var token = text.substring(start, at);
		if (token.isEmpty()) {
			throw refused("a value is expected");
		}
		if (NUMBER.matcher(token).matches()) {
			return new Value(Kind.NUMBER, token, new BigDecimal(token));
		}
		if (DATE_TIME.matcher(token).matches()) {
			return new Value(Kind.DATE_TIME, token, null);
		}
		if (DATE.matcher(token).matches()) {
			return new Value(Kind.DATE, token, null);
		}
		if (TIME.matcher(token).matches()) {
			return new Value(Kind.TIME, token, null);
		}
		if (token.equals("true") || token.equals("false")) {
			return new Value(Kind.BOOLEAN, token, null);
		}
		if (URI.matcher(token).matches()) {
			return new Value(Kind.URI, token, null);
		}
		return new Value(Kind.WORD, token, null);
	}

	/**
	 * A regular expression: quoted, or as written up to the {@code ;}, {@code |} or {@code )} that
	 * ends the term (those inside its own parentheses, or escaped, belong to it).
	 */
	private Value pattern() {
		if (peek('"')) {
			return new Value(Kind.STRING, quoted(), null);
		}
		int start = at;
		int nesting = 0;
		while (at < text.length()) {
			char c = text.charAt(at);
			if (c == '\\' && at + 1 < text.length()) {
				at += 2;
				continue;
			}
			if (nesting == 0 && (c == ';' || c == '|' || c == ')')) {
				break;
			}
			if (c == '(') {
				nesting++;
			}
			else if (c == ')') {
				nesting--;
			}
			at++;
		}
		if (start == at) {
			throw refused("a pattern is expected");
		}
		return new Value(Kind.STRING, text.substring(start, at), null);
	}

	private static boolean delimiter(char c) {
		return c == ';' || c == '|' || c == ')' || c == '(' || c == ',' || c == '"' || c == '\u0000';
	}

	private String quoted() {
		int start = at;
		at++;
		var value = new StringBuilder();
		while (at < text.length()) {
			char c = text.charAt(at++);
			if (c == '"') {
				return value.toString();
			}
			if (c == '\\' && at < text.length()) {
				c = text.charAt(at++);
			}
			value.append(c);
		}
		at = start;
		throw refused("a string is not closed");
	}

	private boolean peek(char c) {
		return at < text.length() && text.charAt(at) == c;
	}

	private HubRefused refused(String why) {
		return new HubRefused(Type.BAD_REQUEST_DATA, "q is not a query (" + why + " at character " + (at + 1) + ")");
	}
}
