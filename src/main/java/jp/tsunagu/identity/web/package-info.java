/** Identity's pages: sign-in, first sign-in with a printed code, consent, the account page, partner clients. */
@NullMarked
package jp.tsunagu.identity.web;

import org.jspecify.annotations.NullMarked;
