/**
 * Events: local events, health events, farm days and seminars that give residents a reason to go
 * out. Staff create them; residents sign up or cancel (a waitlist fills freed seats in order); at
 * the door staff check people in, which records "event attended" on the resident's timeline.
 */
@NullMarked
package jp.tsunagu.events;

import org.jspecify.annotations.NullMarked;
