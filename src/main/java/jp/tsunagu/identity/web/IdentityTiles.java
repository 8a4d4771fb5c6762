package jp.tsunagu.identity.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jp.tsunagu.platform.Tile;

/** Identity's places on the home screens: one's own Smart ID, and for administrators clients and roles. */
@Configuration(proxyBeanMethods = false)
class IdentityTiles {

	@Bean
	Tile myIdTile() {
		return new Tile(Tile.Screen.RESIDENT, 800, "tile.my-id", "key", "/account",
				Set.of("RESIDENT", "WATCHER", "STAFF", "SHOP", "ANALYST", "ADMIN"));
	}

	@Bean
	Tile partnerClientsTile() {
		return new Tile(Tile.Screen.ADMIN, 10, "tile.partner-clients", "link", "/admin/clients", Set.of("ADMIN"));
	}

	@Bean
	Tile accountRolesTile() {
		return new Tile(Tile.Screen.ADMIN, 20, "tile.account-roles", "people", "/admin/accounts", Set.of("ADMIN"));
	}
}
