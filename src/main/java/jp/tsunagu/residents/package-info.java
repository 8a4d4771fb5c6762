/**
 * Residents: the person behind a Sapporo Smart ID account: name and kana, birth date, the area they
 * live in (Momijidai, Aoba, Shin-Sapporo). Owns registration, both self-service and at the help
 * desk with a printed login sheet, and contributes the profile claims of ID tokens.
 */
@NullMarked
package jp.tsunagu.residents;

import org.jspecify.annotations.NullMarked;
