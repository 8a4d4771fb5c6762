package jp.tsunagu.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The help desk every page names, so a person who is stuck always knows whom to call.
 *
 * @param phone the help desk's phone number as people dial it
 * @param hours opening hours in plain words (shown as given)
 */
@ConfigurationProperties("tsunagu.help-desk")
public record HelpDesk(@DefaultValue("011-000-0000") String phone, @DefaultValue("") String hours) {
}
