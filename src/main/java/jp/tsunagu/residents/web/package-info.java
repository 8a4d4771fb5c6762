/** Residents' pages: self-registration, and the help desk's registration and login sheet. */
@NullMarked
package jp.tsunagu.residents.web;

import org.jspecify.annotations.NullMarked;
