/**
 * Platform: what every module shares and no module owns: the clock, locale and messages,
 * problem details for errors, the page frame. Small on purpose; nothing domain-specific lives here.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package jp.tsunagu.platform;

import org.jspecify.annotations.NullMarked;
