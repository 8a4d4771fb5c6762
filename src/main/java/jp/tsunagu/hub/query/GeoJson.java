package jp.tsunagu.hub.query;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;

/**
 * GeoJSON geometries (RFC 7946, WGS 84 longitude and latitude) as JTS geometries: from a
 * GeoProperty's value in JSON-LD's expanded form (the core context maps GeoJSON's members to
 * {@code https://purl.org/geojson/vocab#}, coordinates as nested lists) and from a geo-query's
 * {@code geometry} and {@code coordinates}. A geometry that GeoJSON does not allow is refused as
 * {@code BadRequestData}.
 */
public final class GeoJson {

	private static final String VOCAB = "https://purl.org/geojson/vocab#";

	/** Most positions in one geometry. */
	public static final int MAX_POSITIONS = 100_000;

	static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

	private GeoJson() {
	}

	/** The geometry of a GeoProperty's value (one expanded JSON-LD node). */
	public static Geometry ofExpanded(JsonValue value) {
		if (!(value instanceof JsonObject node) || !(node.get("@type") instanceof JsonArray types) || types.size() != 1
				|| !(types.get(0) instanceof JsonString type) || !type.getString().startsWith(VOCAB)) {
			throw refused("a GeoProperty's value is not a GeoJSON geometry");
		}
		var name = type.getString().substring(VOCAB.length());
		if (name.equals("GeometryCollection")) {
			var parts = new ArrayList<Geometry>();
			if (node.get(VOCAB + "geometries") instanceof JsonArray geometries) {
				for (var geometry : geometries) {
					parts.add(ofExpanded(geometry));
				}
			}
			return FACTORY.createGeometryCollection(parts.toArray(Geometry[]::new));
		}
		var coordinates = node.get(VOCAB + "coordinates");
		if (!(coordinates instanceof JsonArray array) || array.size() != 1) {
			throw refused("a " + name + " has no coordinates");
		}
		return of(name, plain(array.get(0)));
	}

	/** Expanded nested lists ({@code {"@list": [{"@value": 1}, ...]}}) back to plain JSON arrays of numbers. */
	private static JsonValue plain(JsonValue expanded) {
		if (expanded instanceof JsonObject object) {
			if (object.get("@list") instanceof JsonArray list) {
				var plain = JSON.createArrayBuilder();
				list.forEach(element -> plain.add(plain(element)));
				return plain.build();
			}
			if (object.get("@value") instanceof JsonNumber number) {
				return number;
			}
		}
		throw refused("GeoJSON coordinates are arrays of numbers");
	}

	/** The geometry of this GeoJSON type and coordinates (plain JSON arrays), as a geo-query gives them. */
	public static Geometry of(String type, JsonValue coordinates) {
		var geometry = parsed(type, coordinates);
		if (geometry.isEmpty()) {
			throw refused("a " + type + " has at least one position");
		}
		// a self-intersecting polygon is still a place: JTS's predicates need it valid, so it is mended
		// (GeometryFixer keeps every point it covered) rather than refused
		var mended = geometry.isValid() ? geometry : org.locationtech.jts.geom.util.GeometryFixer.fix(geometry);
		if (mended.isEmpty()) {
			// a ring with no area (all its positions on one line) mends to nothing
			throw refused("the " + type + " covers no place");
		}
		return mended;
	}

	private static Geometry parsed(String type, JsonValue coordinates) {
		int[] positions = { 0 };
		try {
			return switch (type) {
				case "Point" -> FACTORY.createPoint(position(coordinates, positions));
				case "MultiPoint" -> FACTORY.createMultiPoint(
						positions(coordinates, positions).stream().map(FACTORY::createPoint).toArray(Point[]::new));
				case "LineString" -> line(coordinates, positions);
				case "MultiLineString" -> FACTORY.createMultiLineString(
						arrays(coordinates).stream().map(c -> line(c, positions)).toArray(LineString[]::new));
				case "Polygon" -> polygon(coordinates, positions);
				case "MultiPolygon" -> FACTORY.createMultiPolygon(
						arrays(coordinates).stream().map(c -> polygon(c, positions)).toArray(Polygon[]::new));
				default -> throw refused(type + " is not a GeoJSON geometry type");
			};
		}
		catch (IllegalArgumentException ex) {
			throw refused("the coordinates do not make a " + type + " (" + ex.getMessage() + ")");
		}
	}

	private static LineString line(JsonValue coordinates, int[] positions) {
		var points = positions(coordinates, positions);
		if (points.size() < 2) {
			throw refused("a LineString has two positions or more");
		}
		return FACTORY.createLineString(points.toArray(Coordinate[]::new));
	}

	private static Polygon polygon(JsonValue coordinates, int[] positions) {
		var rings = new ArrayList<LinearRing>();
		for (var ring : arrays(coordinates)) {
			var points = positions(ring, positions);
			if (points.size() < 4 || !points.get(0).equals2D(points.get(points.size() - 1))) {
				throw refused("a Polygon's rings are closed and have four positions or more");
			}
			rings.add(FACTORY.createLinearRing(points.toArray(Coordinate[]::new)));
		}
		if (rings.isEmpty()) {
			throw refused("a Polygon has a ring");
		}
		return FACTORY.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
	}

	private static List<JsonValue> arrays(JsonValue coordinates) {
		if (!(coordinates instanceof JsonArray array)) {
			throw refused("GeoJSON coordinates are arrays");
		}
		return array;
	}

	private static List<Coordinate> positions(JsonValue coordinates, int[] count) {
		var all = new ArrayList<Coordinate>();
		for (var position : arrays(coordinates)) {
			all.add(position(position, count));
		}
		return all;
	}

	private static Coordinate position(JsonValue position, int[] count) {
		if (++count[0] > MAX_POSITIONS) {
			throw new HubRefused(Type.TOO_COMPLEX_QUERY, "a geometry has more than " + MAX_POSITIONS + " positions");
		}
		if (!(position instanceof JsonArray numbers) || numbers.size() < 2 || numbers.size() > 3) {
			throw refused("a GeoJSON position is two or three numbers");
		}
		var longitude = number(numbers.get(0));
		var latitude = number(numbers.get(1));
		if (longitude == null || latitude == null || Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
			throw refused("a position is a longitude (-180 to 180) and a latitude (-90 to 90)");
		}
		return new Coordinate(longitude, latitude);
	}

	private static @Nullable Double number(JsonValue value) {
		if (value instanceof JsonNumber number) {
			double d = number.doubleValue();
			return Double.isFinite(d) ? d : null;
		}
		return null;
	}

	private static HubRefused refused(String why) {
		return new HubRefused(Type.BAD_REQUEST_DATA, why);
	}
}
