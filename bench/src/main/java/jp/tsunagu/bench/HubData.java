package jp.tsunagu.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The entities of the data hub measurement ({@link HubBench}): {@code size} sensors of type
 * {@code Sensor}, each with a numeric Property {@code numValue} (0..100, with {@code observedAt})
 * and a GeoProperty {@code location}, a Point spread evenly over Sapporo (longitude 141.2–141.5,
 * latitude 42.95–43.15). Where each one is follows from its number alone (and the seed), so the
 * load generator knows every location without asking the server: a grid of 0.01° cells answers
 * "which sensors are within d metres of this point" for the geo-query check.
 */
final class HubData {

	static final double MIN_LON = 141.2;

	static final double MAX_LON = 141.5;

	static final double MIN_LAT = 42.95;

	static final double MAX_LAT = 43.15;

	/** Mean Earth radius (IUGG), metres: great-circle distances for the geo-query check. */
	static final double EARTH_RADIUS = 6_371_008.8;

	private static final double CELL = 0.01;

	private static final int COLUMNS = (int) Math.ceil((MAX_LON - MIN_LON) / CELL);

	private static final int ROWS = (int) Math.ceil((MAX_LAT - MIN_LAT) / CELL);

	private final int size;

	private final long seed;

	private final double[] lons;

	private final double[] lats;

	/** Sensor numbers per grid cell (row-major), each cell's numbers in ascending order. */
	private final int[][] cells;

	HubData(int size, long seed) {
		this.size = size;
		this.seed = seed;
		this.lons = new double[size];
		this.lats = new double[size];
		var counts = new int[COLUMNS * ROWS];
		for (int i = 0; i < size; i++) {
			var r = random(i);
			lons[i] = round6(MIN_LON + r.nextDouble() * (MAX_LON - MIN_LON));
			lats[i] = round6(MIN_LAT + r.nextDouble() * (MAX_LAT - MIN_LAT));
			counts[cell(lons[i], lats[i])]++;
		}
		cells = new int[COLUMNS * ROWS][];
		for (int c = 0; c < cells.length; c++) {
			cells[c] = new int[counts[c]];
		}
		Arrays.fill(counts, 0);
		for (int i = 0; i < size; i++) {
			int c = cell(lons[i], lats[i]);
			cells[c][counts[c]++] = i;
		}
	}

	int size() {
		return size;
	}

	private SplittableRandom random(long i) {
		return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 1);
	}

	private static double round6(double value) {
		return Math.round(value * 1e6) / 1e6;
	}

	private static int cell(double lon, double lat) {
		int x = Math.clamp((int) ((lon - MIN_LON) / CELL), 0, COLUMNS - 1);
		int y = Math.clamp((int) ((lat - MIN_LAT) / CELL), 0, ROWS - 1);
		return y * COLUMNS + x;
	}

	/** The id of sensor {@code i}: zero-padded, so that the hub's id order is the sensors' order. */
	static String id(long i) {
		return String.format(Locale.ROOT, "urn:ngsi-ld:Sensor:hub-bench-%08d", i);
	}

	/** The number of a sensor from its id, or -1 if it is not one of {@link #id}'s. */
	static long number(String id) {
		var prefix = "urn:ngsi-ld:Sensor:hub-bench-";
		if (id == null || !id.startsWith(prefix) || id.length() != prefix.length() + 8) {
			return -1;
		}
		try {
			return Long.parseLong(id.substring(prefix.length()));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	double lon(int i) {
		return lons[i];
	}

	double lat(int i) {
		return lats[i];
	}

	/** Its value when loaded: 0..100, from its number. */
	int initialValue(int i) {
		var r = random(i);
		r.nextDouble();
		r.nextDouble();
		return r.nextInt(101);
	}

	/** A whole entity as the load and the batch upserts send it (JSON, the core context). */
	String entity(int i, int value, Instant observedAt) {
		return entity(id(i), lons[i], lats[i], value, observedAt);
	}

	static String entity(String id, double lon, double lat, int value, Instant observedAt) {
		return "{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"numValue\":{\"type\":\"Property\",\"value\":" + value
				+ ",\"observedAt\":\"" + observedAt + "\"},\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":"
				+ "\"Point\",\"coordinates\":[" + coordinate(lon) + "," + coordinate(lat) + "]}}}";
	}

	/** The body of the PATCH of one attribute: numValue with its observedAt. */
	static String patch(int value, Instant observedAt) {
		return "{\"numValue\":{\"type\":\"Property\",\"value\":" + value + ",\"observedAt\":\"" + observedAt + "\"}}";
	}

	static String coordinate(double value) {
		return String.format(Locale.ROOT, "%.6f", value);
	}

	/** Great-circle distance in metres (haversine on the mean sphere). */
	static double distance(double lon1, double lat1, double lon2, double lat2) {
		double p1 = Math.toRadians(lat1);
		double p2 = Math.toRadians(lat2);
		double dp = p2 - p1;
		double dl = Math.toRadians(lon2 - lon1);
		double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
		return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(a)));
	}

	/**
	 * How many sensors lie within {@code metres} of the point: {@code [0]} those surely within
	 * (closer than {@code metres × (1 − tolerance)}), {@code [1]} those possibly within (not farther
	 * than {@code metres × (1 + tolerance)}). PostGIS measures on the spheroid, this on a sphere:
	 * they differ by a few tenths of a per cent, so only sensors near the edge are undecided.
	 */
	long[] within(double lon, double lat, double metres, double tolerance) {
		double outer = metres * (1 + tolerance);
		double inner = metres * (1 - tolerance);
		double latSpan = Math.toDegrees(outer / EARTH_RADIUS);
		double lonSpan = latSpan / Math.cos(Math.toRadians(Math.min(89, Math.abs(lat) + latSpan)));
		int x0 = Math.max(0, (int) Math.floor((lon - lonSpan - MIN_LON) / CELL));
		int x1 = Math.min(COLUMNS - 1, (int) Math.floor((lon + lonSpan - MIN_LON) / CELL));
		int y0 = Math.max(0, (int) Math.floor((lat - latSpan - MIN_LAT) / CELL));
		int y1 = Math.min(ROWS - 1, (int) Math.floor((lat + latSpan - MIN_LAT) / CELL));
		long sure = 0;
		long possible = 0;
		for (int y = y0; y <= y1; y++) {
			for (int x = x0; x <= x1; x++) {
				for (int i : cells[y * COLUMNS + x]) {
					double d = distance(lon, lat, lons[i], lats[i]);
					if (d <= outer) {
						possible++;
						if (d < inner) {
							sure++;
						}
					}
				}
			}
		}
		return new long[] { sure, possible };
	}
}
