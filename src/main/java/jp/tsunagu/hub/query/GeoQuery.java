package jp.tsunagu.hub.query;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.io.StringReader;

import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.GeometryTransformer;

import jakarta.json.JsonException;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;

/**
 * A geo-query (ETSI GS CIM 009 clause 4.10): {@code georel} ({@code near;maxDistance==d},
 * {@code near;minDistance==d} in metres, {@code within}, {@code contains}, {@code intersects},
 * {@code equals}, {@code disjoint}, {@code overlaps}), {@code geometry} and {@code coordinates}
 * (GeoJSON), on the GeoProperty {@code geoproperty} ({@code location} unless given; here its IRI).
 * The relation reads "the entity's geometry is {@code georel} the query's geometry".
 */
public record GeoQuery(Relation relation, double distance, Geometry geometry, String geoproperty) {

	public enum Relation {
		NEAR_MAX, NEAR_MIN, WITHIN, CONTAINS, INTERSECTS, EQUALS, DISJOINT, OVERLAPS
	}

	/** Mean Earth radius (metres), as for the great-circle distances of {@code near}. */
	static final double EARTH_RADIUS = 6_371_008.8;

	/**
	 * A geo-query from the request's parameters; null when none of them is given.
	 *
	 * @throws HubRefused BadRequestData when they are incomplete or wrong
	 */
	public static @Nullable GeoQuery of(@Nullable String georel, @Nullable String geometry,
			@Nullable String coordinates, String geoproperty) {
		if (georel == null && geometry == null && coordinates == null) {
			return null;
		}
		if (georel == null || geometry == null || coordinates == null) {
			throw refused("a geo-query needs georel, geometry and coordinates");
		}
		Relation relation;
		double distance = 0;
		var parts = georel.split(";", -1);
		switch (parts[0]) {
			case "near" -> {
				if (parts.length != 2) {
					throw refused("near needs maxDistance or minDistance (near;maxDistance==1000)");
				}
				String[] modifier = parts[1].split("==", -1);
				if (modifier.length != 2 || !(modifier[0].equals("maxDistance") || modifier[0].equals("minDistance"))) {
					throw refused("near needs maxDistance or minDistance (near;maxDistance==1000)");
				}
				relation = modifier[0].equals("maxDistance") ? Relation.NEAR_MAX : Relation.NEAR_MIN;
				try {
					distance = Double.parseDouble(modifier[1]);
				}
				catch (NumberFormatException ex) {
					throw refused("the distance of near is a number of metres");
				}
				if (!Double.isFinite(distance) || distance <= 0) {
					throw refused("the distance of near is a number of metres");
				}
			}
			case "within" -> relation = Relation.WITHIN;
			case "contains" -> relation = Relation.CONTAINS;
			case "intersects" -> relation = Relation.INTERSECTS;
			case "equals" -> relation = Relation.EQUALS;
			case "disjoint" -> relation = Relation.DISJOINT;
			case "overlaps" -> relation = Relation.OVERLAPS;
			default -> throw refused(georel + " is not a georel");
		}
		if (parts.length > 1 && !parts[0].equals("near")) {
			throw refused(parts[0] + " takes no modifier");
		}
		if (coordinates.length() > 1_000_000) {
			throw new HubRefused(Type.TOO_COMPLEX_QUERY, "coordinates are too long");
		}
		jakarta.json.JsonValue parsed;
		try (var reader = JSON.createReader(new StringReader(coordinates))) {
			parsed = reader.readValue();
		}
		catch (JsonException | IllegalStateException | IllegalArgumentException | java.util.NoSuchElementException ex) {
			// (a number such as 1e99999999999 is an IllegalArgumentException of BigDecimal's)
			throw refused("coordinates are a JSON array of positions");
		}
		var shape = GeoJson.of(geometry, parsed);
		if ((relation == Relation.WITHIN) && shape.getDimension() < 2) {
			throw refused("within needs a Polygon or MultiPolygon");
		}
		return new GeoQuery(relation, distance, shape, geoproperty);
	}

	/** Whether an entity's geometry stands in this relation to the query's. */
	public boolean matches(Geometry entity) {
		return switch (relation) {
			case NEAR_MAX -> metres(entity, geometry) <= distance;
			case NEAR_MIN -> metres(entity, geometry) >= distance;
			case WITHIN -> entity.within(geometry);
			case CONTAINS -> entity.contains(geometry);
			case INTERSECTS -> entity.intersects(geometry);
			case EQUALS -> entity.equalsTopo(geometry);
			case DISJOINT -> entity.disjoint(geometry);
			case OVERLAPS -> entity.overlaps(geometry);
		};
	}

	/** Whether this query's answers come nearest first ({@code near;maxDistance}: "what is near here"). */
	public boolean nearestFirst() {
		return relation == Relation.NEAR_MAX;
	}

	/** How far (metres) an entity's geometry is from the query's, as {@code near} measures. */
	public double metresTo(Geometry entity) {
		return metres(entity, geometry);
	}

	/**
	 * The box (longitude, latitude) an entity's geometry must touch to match, for a first cut by an
	 * index; null when any geometry may match (disjoint, minDistance).
	 */
	public @Nullable Envelope searchBox() {
		if (relation == Relation.DISJOINT || relation == Relation.NEAR_MIN) {
			return null;
		}
		var box = new Envelope(geometry.getEnvelopeInternal());
		if (relation == Relation.NEAR_MAX) {
			double dLat = Math.toDegrees(distance / EARTH_RADIUS);
			double maxLat = Math.min(89.9, Math.max(Math.abs(box.getMinY()), Math.abs(box.getMaxY())) + dLat);
			double dLon = Math.min(360, dLat / Math.cos(Math.toRadians(maxLat)));
			box.expandBy(dLon, dLat);
		}
		return box;
	}

	/**
	 * The shortest distance between two geometries in metres: exact great-circle distance between
	 * points, otherwise measured on a local equirectangular projection around the query geometry
	 * (within a fraction of a percent at city scale).
	 */
	static double metres(Geometry a, Geometry b) {
		if (a instanceof org.locationtech.jts.geom.Point p && b instanceof org.locationtech.jts.geom.Point q) {
			return haversine(p.getY(), p.getX(), q.getY(), q.getX());
		}
		var centre = b.getEnvelopeInternal().centre();
		double scaleX = Math.toRadians(1) * EARTH_RADIUS * Math.cos(Math.toRadians(centre.y));
		double scaleY = Math.toRadians(1) * EARTH_RADIUS;
		var projection = new GeometryTransformer() {
			@Override
			protected org.locationtech.jts.geom.CoordinateSequence transformCoordinates(
					org.locationtech.jts.geom.CoordinateSequence coordinates, Geometry parent) {
				var projected = new Coordinate[coordinates.size()];
				for (int i = 0; i < projected.length; i++) {
					projected[i] = new Coordinate((coordinates.getX(i) - centre.x) * scaleX,
							(coordinates.getY(i) - centre.y) * scaleY);
				}
				return factory.getCoordinateSequenceFactory().create(projected);
			}
		};
		return projection.transform(a).distance(projection.transform(b));
	}

	static double haversine(double lat1, double lon1, double lat2, double lon2) {
		double dLat = Math.toRadians(lat2 - lat1);
		double dLon = Math.toRadians(lon2 - lon1);
		double h = Math.pow(Math.sin(dLat / 2), 2)
				+ Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
		return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
	}

	private static HubRefused refused(String why) {
		return new HubRefused(Type.BAD_REQUEST_DATA, why);
	}
}
