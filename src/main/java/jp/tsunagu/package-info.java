/**
 * Tsunagu's root package: each sub-package is one application module (see docs/architecture.md).
 */
@NullMarked
package jp.tsunagu;

import org.jspecify.annotations.NullMarked;
