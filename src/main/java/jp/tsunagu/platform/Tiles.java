package jp.tsunagu.platform;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/** Collects the tiles every module contributes and picks those a person may see on a screen. */
@Component
public class Tiles {

	private final List<Tile> tiles;

	Tiles(List<Tile> tiles) {
		this.tiles = tiles;
	}

	public List<Tile> on(Tile.Screen screen, Collection<? extends GrantedAuthority> authorities) {
		var granted = authorities.stream().map(GrantedAuthority::getAuthority).toList();
		return tiles.stream()
			.filter(t -> t.screen() == screen)
			.filter(t -> t.roles().stream().anyMatch(r -> granted.contains("ROLE_" + r)))
			.sorted(Comparator.comparingInt(Tile::order))
			.toList();
	}
}
