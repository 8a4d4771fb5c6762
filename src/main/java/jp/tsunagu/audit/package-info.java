/**
 * Audit: an append-only record of what staff and administrators did and whose data they read.
 * Other modules write through {@link jp.tsunagu.audit.AuditLog}; admins read it.
 */
@NullMarked
package jp.tsunagu.audit;

import org.jspecify.annotations.NullMarked;
