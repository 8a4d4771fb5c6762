package jp.tsunagu.residents.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jp.tsunagu.platform.Tile;

/** The help desk's two everyday tasks: find a resident, register a new one. */
@Configuration(proxyBeanMethods = false)
class ResidentsTiles {

	@Bean
	Tile findResidentTile() {
		return new Tile(Tile.Screen.STAFF, 10, "tile.find-resident", "search", "/staff/residents",
				Set.of("STAFF", "ADMIN"));
	}

	@Bean
	Tile registerResidentTile() {
		return new Tile(Tile.Screen.STAFF, 20, "tile.register-resident", "person-add", "/staff/residents/new",
				Set.of("STAFF", "ADMIN"));
	}
}
