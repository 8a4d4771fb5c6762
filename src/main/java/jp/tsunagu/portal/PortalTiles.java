package jp.tsunagu.portal;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jp.tsunagu.platform.Tile;

/**
 * The resident home's way into the other screens, for people who also work at the help desk, a
 * shop or as administrators. Capability tiles (vitals, points, events…) come from their modules.
 */
@Configuration(proxyBeanMethods = false)
class PortalTiles {

	@Bean
	Tile watchingTile() {
		return new Tile(Tile.Screen.RESIDENT, 870, "tile.watching", "watching", "/watching",
				Set.of("RESIDENT", "WATCHER"));
	}

	@Bean
	Tile helpDeskScreenTile() {
		return new Tile(Tile.Screen.RESIDENT, 910, "tile.help-desk", "desk", "/staff", Set.of("STAFF", "ADMIN"));
	}

	@Bean
	Tile shopScreenTile() {
		return new Tile(Tile.Screen.RESIDENT, 920, "tile.shop", "shop", "/shop", Set.of("SHOP", "ADMIN"));
	}

	@Bean
	Tile adminScreenTile() {
		return new Tile(Tile.Screen.RESIDENT, 930, "tile.admin", "gear", "/admin", Set.of("ADMIN"));
	}
}
