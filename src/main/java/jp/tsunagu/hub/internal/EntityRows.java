package jp.tsunagu.hub.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import jp.tsunagu.platform.Databases;

/**
 * The hub's entities in {@code hub_entity} (the expanded JSON-LD node: JSONB on PostgreSQL, text
 * on H2) and their types in {@code hub_entity_type}.
 */
@Repository
public class EntityRows {

	/** A stored entity: its expanded JSON-LD (without system attributes) and when it was made and changed. */
	/**
	 * A stored entity: its body, its system times, and its attributes' own ({@code times}: JSON
	 * {@code {attribute: {datasetId or "": [createdAt, modifiedAt]}}}, null while every attribute's
	 * are the entity's, as after its creation).
	 */
	public record Row(String id, String body, Instant createdAt, Instant modifiedAt, @Nullable String times) {
	}

	/** A GeoProperty's geometry (one instance of it): the attribute's IRI and the geometry. */
	public record Located(String attribute, org.locationtech.jts.geom.Geometry geometry) {
	}

	/**
	 * Which entities a query asks for: any of these types (all if none), ids (all if none), an id
	 * pattern; a type selection with {@code ;} (4.17: all of some types) in place of the types.
	 */
	public record Filter(Collection<String> types, Collection<String> ids, @Nullable String idPattern,
			jp.tsunagu.hub.query.@Nullable GeoQuery geo, jp.tsunagu.hub.query.@Nullable TypeSelection selection) {

		public Filter(Collection<String> types, Collection<String> ids, @Nullable String idPattern,
				jp.tsunagu.hub.query.@Nullable GeoQuery geo) {
			this(types, ids, idPattern, geo, null);
		}

		public Filter(Collection<String> types, Collection<String> ids, @Nullable String idPattern) {
			this(types, ids, idPattern, null, null);
		}
	}

	/** The start of a statement reading {@link Row}s of entities ({@code e}) that a filter selects. */
	private static final String SELECT_ENTITIES = "SELECT e.id, e.body, e.created_at, e.modified_at, e.attribute_times FROM hub_entity e";

	/** Rows read from the database at a time in a {@link #scan}. */
	private static final int SCAN_FETCH = 256;

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	EntityRows(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.postgres = Databases.isPostgres(dataSource);
	}

	/** Inserts an entity; a {@link org.springframework.dao.DuplicateKeyException} if its id is taken. */
	public void insert(String tenant, String id, Collection<String> types, String body, List<Located> geometries,
			Instant now) {
		jdbc.update("INSERT INTO hub_entity (tenant, id, body, created_at, modified_at) VALUES (?, ?, "
				+ (postgres ? "CAST(? AS jsonb)" : "?") + ", ?, ?)", tenant, id, body, Timestamp.from(now),
				Timestamp.from(now));
		var rows = new ArrayList<Object[]>();
		for (var type : types) {
			rows.add(new Object[] { tenant, type, id });
		}
		jdbc.batchUpdate("INSERT INTO hub_entity_type (tenant, type, entity_id) VALUES (?, ?, ?)", rows);
		locate(tenant, id, geometries);
	}

	/** Writes an entity's geometries: PostGIS geometries on PostgreSQL, WKT and a bounding box on H2. */
	private void locate(String tenant, String id, List<Located> geometries) {
		if (geometries.isEmpty()) {
			return;
		}
		var writer = new org.locationtech.jts.io.WKTWriter();
		var rows = new ArrayList<Object[]>();
		for (var located : geometries) {
			var box = located.geometry().getEnvelopeInternal();
			rows.add(postgres
					? new Object[] { tenant, id, located.attribute(), writer.write(located.geometry()) }
					: new Object[] { tenant, id, located.attribute(), writer.write(located.geometry()), box.getMinX(),
							box.getMinY(), box.getMaxX(), box.getMaxY() });
		}
		jdbc.batchUpdate(postgres
				? "INSERT INTO hub_entity_geo (tenant, entity_id, attribute, geom) VALUES (?, ?, ?, ST_GeomFromText(?, 4326))"
				: "INSERT INTO hub_entity_geo (tenant, entity_id, attribute, wkt, min_x, min_y, max_x, max_y) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				rows);
	}

	public Optional<Row> find(String tenant, String id) {
		return one("SELECT id, body, created_at, modified_at, attribute_times FROM hub_entity WHERE tenant = ? AND id = ?",
				tenant, id);
	}

	/** The entity, its row locked until the transaction ends (for a change made from what it holds). */
	public Optional<Row> lock(String tenant, String id) {
		return one("SELECT id, body, created_at, modified_at, attribute_times FROM hub_entity WHERE tenant = ? AND id = ?"
				+ " FOR UPDATE",
				tenant, id);
	}

	private Optional<Row> one(String sql, String tenant, String id) {
		return jdbc.query(sql, (rs, n) -> row(rs), tenant, id).stream().findFirst();
	}

	/** Writes an entity's new body and types. */
	/**
	 * Writes an entity's new body and times; its types and geometries too unless given as null (the
	 * write left them as they were), which spares their rows.
	 */
	public void update(String tenant, String id, @Nullable Collection<String> types, String body, @Nullable String times,
			@Nullable List<Located> geometries, Instant now) {
		jdbc.update("UPDATE hub_entity SET body = " + (postgres ? "CAST(? AS jsonb)" : "?")
				+ ", attribute_times = ?, modified_at = ? WHERE tenant = ? AND id = ?", body, times, Timestamp.from(now), tenant,
				id);
		if (types != null) {
			types(tenant, id, types);
		}
		if (geometries != null) {
			jdbc.update("DELETE FROM hub_entity_geo WHERE tenant = ? AND entity_id = ?", tenant, id);
			locate(tenant, id, geometries);
		}
	}

	private void types(String tenant, String id, Collection<String> types) {
		var stored = new java.util.HashSet<>(jdbc.queryForList(
				"SELECT type FROM hub_entity_type WHERE tenant = ? AND entity_id = ?", String.class, tenant, id));
		for (var type : types) {
			if (!stored.remove(type)) {
				jdbc.update("INSERT INTO hub_entity_type (tenant, type, entity_id) VALUES (?, ?, ?)", tenant, type, id);
			}
		}
		for (var gone : stored) {
			jdbc.update("DELETE FROM hub_entity_type WHERE tenant = ? AND type = ? AND entity_id = ?", tenant, gone, id);
		}
	}

	/** Deletes an entity (its types go with it: their foreign key cascades); whether there was one. */
	public boolean delete(String tenant, String id) {
		return jdbc.update("DELETE FROM hub_entity WHERE tenant = ? AND id = ?", tenant, id) > 0;
	}

	/** A statement and its arguments, as the hub runs it (for the query-plan tests to EXPLAIN). */
	public record Statement(String sql, List<Object> arguments) {
	}

	/** A page of the entities a filter asks for, by id. */
	public List<Row> query(String tenant, Filter filter, int offset, int limit) {
		var statement = pageStatement(postgres, tenant, filter, offset, limit);
		return jdbc.query(statement.sql(), (rs, n) -> row(rs), statement.arguments().toArray());
	}

	/** The statement of {@link #query}. */
	public static Statement pageStatement(boolean postgres, String tenant, Filter filter, int offset, int limit) {
		var arguments = new ArrayList<Object>();
		var sql = new StringBuilder(SELECT_ENTITIES);
		where(postgres, sql, arguments, tenant, filter);
		sql.append(" ORDER BY e.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
		arguments.add(offset);
		arguments.add(limit);
		return new Statement(sql.toString(), arguments);
	}

	/**
	 * A page of the entities a {@code near;maxDistance} filter asks for, nearest first (then by id),
	 * on PostgreSQL: the geography's GiST index is walked in order of distance (K nearest
	 * neighbours), so the database stops after the page where a page by id had it read, and sort,
	 * every entity within the distance. An entity with several geometries of the GeoProperty (a
	 * multi-attribute) is listed once, where its nearest one puts it.
	 */
	public List<Row> nearest(String tenant, Filter filter, int offset, int limit) {
		long wanted = (long) offset + limit;
		// one geometry more than the page: how far the next one lies tells whether the page is whole
		long fetch = wanted + 1;
		while (true) {
			var statement = nearestStatement(tenant, filter, fetch);
			var read = jdbc.query(statement.sql(), (rs, n) -> new Near(row(rs), rs.getDouble(6), rs.getBoolean(7)),
					statement.arguments().toArray());
			var distinct = new java.util.LinkedHashMap<String, Near>();
			for (var near : read) {
				if (near.within()) {
					distinct.putIfAbsent(near.row().id(), near);
				}
			}
			var all = new ArrayList<>(distinct.values());
			all.sort(Near.ORDER);
			// every geometry not read lies at least as far as the last one read
			boolean exhausted = read.size() < fetch || !read.get(read.size() - 1).within();
			// enough, unless geometries as far as the page's last one were cut off at the fetch (a
			// tie is ordered by id, and an entity not read may come first)
			boolean enough = !exhausted && all.size() >= wanted
					&& (wanted == 0 || all.get((int) wanted - 1).metres() < read.get(read.size() - 1).metres());
			if (exhausted || enough || fetch > Integer.MAX_VALUE / 2) {
				return all.subList((int) Math.min(offset, all.size()), (int) Math.min(wanted, all.size()))
					.stream()
					.map(Near::row)
					.toList();
			}
			// other geometries of the same entities, or a tie, took some of the rows: read further
			fetch *= 2;
		}
	}

	/** A row of {@link #nearestStatement}: an entity, how far its geometry is, and whether that is within the distance. */
	private record Near(Row row, double metres, boolean within) {

		static final java.util.Comparator<Near> ORDER = java.util.Comparator.comparingDouble(Near::metres)
			.thenComparing(near -> near.row().id());
	}

	/**
	 * The statement of {@link #nearest}: the first {@code fetch} geometries in the box around the
	 * distance, nearest first, each with its distance (on the sphere, as {@code ST_DWithin} and
	 * GeoQuery on H2 measure it) and whether it lies within. The box is {@code _ST_Expand}'s, which
	 * PostGIS's own index support derives from {@code ST_DWithin}: written out, the planner sees
	 * the hundreds of geometries in it and walks the index by distance, where with
	 * {@code ST_DWithin} it guessed ten and sorted all; and ordered by the distance alone (the id
	 * breaks ties in {@link #nearest}), as a second sort key makes it sort everything again.
	 */
	public static Statement nearestStatement(String tenant, Filter filter, long fetch) {
		var geo = filter.geo();
		if (geo == null || geo.relation() != jp.tsunagu.hub.query.GeoQuery.Relation.NEAR_MAX) {
			throw new IllegalArgumentException("nearest first is for near;maxDistance");
		}
		var point = "ST_GeomFromText(?, 4326)::geography";
		var wkt = new org.locationtech.jts.io.WKTWriter().write(geo.geometry());
		var arguments = new ArrayList<Object>();
		var sql = new StringBuilder("SELECT e.id, e.body, e.created_at, e.modified_at, e.attribute_times, g.geom::geography <-> "
				+ point + ", ST_DWithin(g.geom::geography, " + point + ", ?, false) FROM hub_entity e");
		arguments.add(wkt);
		arguments.add(wkt);
		arguments.add(geo.distance());
		sql.append(" JOIN hub_entity_geo g ON g.tenant = e.tenant AND g.entity_id = e.id AND g.attribute = ?"
				+ " AND g.geom::geography && _ST_Expand(" + point + ", ?)");
		arguments.add(geo.geoproperty());
		arguments.add(wkt);
		arguments.add(geo.distance());
		where(true, sql, arguments, tenant,
				new Filter(filter.types(), filter.ids(), filter.idPattern(), null, filter.selection()));
		sql.append(" ORDER BY g.geom::geography <-> " + point + " FETCH FIRST ? ROWS ONLY");
		arguments.add(wkt);
		arguments.add(fetch);
		return new Statement(sql.toString(), arguments);
	}

	/**
	 * Visits the entities a filter asks for, by id, until the visitor says to stop; rows are read
	 * from the database a few hundred at a time, so a scan holds no more than that in memory.
	 */
	public void scan(String tenant, Filter filter, java.util.function.Predicate<Row> visitor) {
		// a page at a time after the last id seen (keyset): each page a short ordered index scan that
		// stops at its limit, where one statement for all rows had the database sort them all first
		String after = null;
		while (true) {
			var arguments = new ArrayList<Object>();
			var sql = new StringBuilder(SELECT_ENTITIES);
			where(sql, arguments, tenant, filter);
			if (after != null) {
				sql.append(" AND e.id > ?");
				arguments.add(after);
			}
			sql.append(" ORDER BY e.id FETCH FIRST " + SCAN_FETCH + " ROWS ONLY");
			var page = jdbc.query(sql.toString(), (rs, n) -> row(rs), arguments.toArray());
			for (var row : page) {
				if (!visitor.test(row)) {
					return;
				}
			}
			if (page.size() < SCAN_FETCH) {
				return;
			}
			after = page.get(page.size() - 1).id();
		}
	}

	/** How many entities a filter asks for. */
	public long count(String tenant, Filter filter) {
		var arguments = new ArrayList<Object>();
		var sql = new StringBuilder("SELECT count(*) FROM hub_entity e");
		where(sql, arguments, tenant, filter);
		var n = jdbc.queryForObject(sql.toString(), Long.class, arguments.toArray());
		return n == null ? 0 : n;
	}

	private void where(StringBuilder sql, List<Object> arguments, String tenant, Filter filter) {
		where(postgres, sql, arguments, tenant, filter);
	}

	private static void where(boolean postgres, StringBuilder sql, List<Object> arguments, String tenant, Filter filter) {
		sql.append(" WHERE e.tenant = ?");
		arguments.add(tenant);
		if (filter.selection() != null) {
			sql.append(" AND ");
			typed(sql, arguments, filter.selection());
		}
		else if (!filter.types().isEmpty()) {
			sql.append(" AND EXISTS (SELECT 1 FROM hub_entity_type t WHERE t.tenant = e.tenant AND t.entity_id = e.id AND t.type IN (")
				.append(placeholders(filter.types().size()))
				.append("))");
			arguments.addAll(filter.types());
		}
		if (!filter.ids().isEmpty()) {
			sql.append(" AND e.id IN (").append(placeholders(filter.ids().size())).append(")");
			arguments.addAll(filter.ids());
		}
		if (filter.idPattern() != null) {
			sql.append(postgres ? " AND e.id ~ ?" : " AND REGEXP_LIKE(e.id, ?)");
			arguments.add(filter.idPattern());
		}
		if (filter.geo() != null) {
			geo(postgres, sql, arguments, filter.geo());
		}
	}

	/**
	 * Whether the database answers a geo-query exactly (PostGIS); otherwise {@link #query} and
	 * {@link #scan} only narrow the entities down by bounding box and the caller decides.
	 */
	public boolean evaluatesGeometry() {
		return postgres;
	}

	/** A type selection as a condition on the entity's types: each name one index lookup, joined by AND and OR. */
	private static void typed(StringBuilder sql, List<Object> arguments, jp.tsunagu.hub.query.TypeSelection selection) {
		switch (selection) {
			case jp.tsunagu.hub.query.TypeSelection.Name name -> {
				sql.append("EXISTS (SELECT 1 FROM hub_entity_type t WHERE t.tenant = e.tenant AND t.entity_id = e.id AND t.type = ?)");
				arguments.add(name.iri());
			}
			case jp.tsunagu.hub.query.TypeSelection.All all -> joined(sql, arguments, all.all(), " AND ");
			case jp.tsunagu.hub.query.TypeSelection.Any any -> joined(sql, arguments, any.any(), " OR ");
		}
	}

	private static void joined(StringBuilder sql, List<Object> arguments, List<jp.tsunagu.hub.query.TypeSelection> parts,
			String operator) {
		sql.append('(');
		for (int i = 0; i < parts.size(); i++) {
			sql.append(i == 0 ? "" : operator);
			typed(sql, arguments, parts.get(i));
		}
		sql.append(')');
	}

	private static void geo(boolean postgres, StringBuilder sql, List<Object> arguments, jp.tsunagu.hub.query.GeoQuery geo) {
		sql.append(" AND EXISTS (SELECT 1 FROM hub_entity_geo g WHERE g.tenant = e.tenant AND g.entity_id = e.id"
				+ " AND g.attribute = ?");
		arguments.add(geo.geoproperty());
		if (postgres) {
			var shape = "ST_GeomFromText(?, 4326)";
			arguments.add(new org.locationtech.jts.io.WKTWriter().write(geo.geometry()));
			sql.append(" AND ").append(switch (geo.relation()) {
				// on the sphere (use_spheroid false), as GeoQuery measures near on H2: the same answers on
				// both databases (the geography index serves both forms)
				case NEAR_MAX -> "ST_DWithin(g.geom::geography, " + shape + "::geography, ?, false)";
				case NEAR_MIN -> "NOT ST_DWithin(g.geom::geography, " + shape + "::geography, ?, false)";
				case WITHIN -> "ST_Within(g.geom, " + shape + ")";
				case CONTAINS -> "ST_Contains(g.geom, " + shape + ")";
				case INTERSECTS -> "ST_Intersects(g.geom, " + shape + ")";
				case EQUALS -> "ST_Equals(g.geom, " + shape + ")";
				case DISJOINT -> "ST_Disjoint(g.geom, " + shape + ")";
				case OVERLAPS -> "ST_Overlaps(g.geom, " + shape + ")";
			});
			if (geo.relation() == jp.tsunagu.hub.query.GeoQuery.Relation.NEAR_MAX
					|| geo.relation() == jp.tsunagu.hub.query.GeoQuery.Relation.NEAR_MIN) {
				arguments.add(geo.distance());
			}
		}
		else {
			var box = geo.searchBox();
			if (box != null) {
				sql.append(" AND g.max_x >= ? AND g.min_x <= ? AND g.max_y >= ? AND g.min_y <= ?");
				arguments.add(box.getMinX());
				arguments.add(box.getMaxX());
				arguments.add(box.getMinY());
				arguments.add(box.getMaxY());
			}
		}
		sql.append(")");
	}

	/** A row of {@code SELECT id, body, created_at, modified_at, attribute_times}. */
	private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
				rs.getString(5));
	}

	private static String placeholders(int n) {
		return String.join(", ", java.util.Collections.nCopies(n, "?"));
	}
}
