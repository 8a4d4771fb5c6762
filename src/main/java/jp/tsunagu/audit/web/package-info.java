/** The administrators' view of the audit trail. */
@NullMarked
package jp.tsunagu.audit.web;

import org.jspecify.annotations.NullMarked;
