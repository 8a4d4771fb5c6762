package jp.tsunagu.hub.internal;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The hub's tenants in {@code hub_tenant}: one row each, never removed. */
@Repository
public class TenantRows {

	private final JdbcTemplate jdbc;

	TenantRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public boolean exists(String tenant) {
		return !jdbc.queryForList("SELECT tenant FROM hub_tenant WHERE tenant = ?", String.class, tenant).isEmpty();
	}

	/** Adds a tenant unless it is there already (by another request, or another instance). */
	public void add(String tenant) {
		try {
			jdbc.update("INSERT INTO hub_tenant (tenant) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM hub_tenant WHERE tenant = ?)",
					tenant, tenant);
		}
		catch (DuplicateKeyException raced) {
			// another request added it at the same moment: it is there, as asked
		}
	}
}
