package jp.tsunagu.platform;

import java.util.Set;

/**
 * One big button on a home screen. Modules contribute tiles as beans, so a capability appears on
 * the home screens exactly when its module exists, and never as a broken link.
 *
 * @param screen which home shows it: the resident's, the help desk's, the shop's or the administrator's
 * @param order position on that screen, small first
 * @param messageKey the words on the tile (a message key); {@code messageKey + ".hint"} may explain more
 * @param icon the name of the icon, {@code /images/icons/NAME.svg}
 * @param path where the tile leads
 * @param roles who sees it: role names as in {@code ROLE_<name>}, any of them
 */
public record Tile(Screen screen, int order, String messageKey, String icon, String path, Set<String> roles) {

	public enum Screen {
		RESIDENT, STAFF, SHOP, ADMIN
	}
}
