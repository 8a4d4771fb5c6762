package jp.tsunagu.hub;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.internal.TenantRows;

/**
 * The tenant a request names in its {@code NGSILD-Tenant} header (NGSI-LD clause 5.5.10): none is
 * the default tenant, which always exists; an operation that creates something creates its tenant
 * as well; any other operation on a tenant that does not exist is 404 NonexistentTenant. Tenants are
 * never removed, so the ones seen are kept in memory (bounded) and the database is asked only
 * about the others.
 */
@Service
public class Tenants {

	public static final String DEFAULT = "";

	private final TenantRows rows;

	private final Cache<String, Boolean> known = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	Tenants(TenantRows rows) {
		this.rows = rows;
	}

	/** The tenant of the header, which must exist. */
	public String existing(@Nullable String header) {
		var tenant = checked(header);
		if (tenant.equals(DEFAULT) || known.getIfPresent(tenant) != null) {
			return tenant;
		}
		if (!rows.exists(tenant)) {
			throw new HubRefused(Type.NONEXISTENT_TENANT, "no tenant " + tenant);
		}
		known.put(tenant, Boolean.TRUE);
		return tenant;
	}

	/**
	 * Makes sure a tenant exists, for an operation that creates something in it: called in the
	 * operation's transaction once the thing is found good, so that a refusal creates no tenant,
	 * and remembered once that transaction commits.
	 */
	public void creating(String tenant) {
		if (tenant.equals(DEFAULT) || known.getIfPresent(tenant) != null) {
			return;
		}
		rows.add(tenant);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					known.put(tenant, Boolean.TRUE);
				}
			});
		}
		else {
			known.put(tenant, Boolean.TRUE);
		}
	}

	/** The header's tenant name, checked: 1 to 64 letters, digits, {@code -} or {@code _}; none is the default. */
	public static String checked(@Nullable String header) {
		if (header == null) {
			return DEFAULT;
		}
		if (header.isEmpty() || header.length() > 64 || !header.matches("[A-Za-z0-9_\\-]+")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "NGSILD-Tenant must be 1 to 64 letters, digits, - or _");
		}
		return header;
	}
}
