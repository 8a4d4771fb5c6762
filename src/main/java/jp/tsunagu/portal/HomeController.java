package jp.tsunagu.portal;

import java.time.Clock;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.outreach.Notices;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.platform.Tiles;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Watchers;

/**
 * The four home screens: the resident's ("ホーム"), the help desk's ("事務局"), the shop's ("店舗")
 * and the administrator's. Each is a greeting and big tiles; what a tile leads to is its module's.
 */
@Controller
class HomeController {

	private final Accounts accounts;

	private final Tiles tiles;

	private final Clock clock;

	private final Notices notices;

	private final Watchers watchers;

	private final java.util.List<jp.tsunagu.platform.Waiting.Source> waiting;

	HomeController(Accounts accounts, Tiles tiles, Clock clock, Notices notices, Watchers watchers,
			java.util.List<jp.tsunagu.platform.Waiting.Source> waiting) {
		this.waiting = waiting;
		this.notices = notices;
		this.watchers = watchers;
		this.accounts = accounts;
		this.tiles = tiles;
		this.clock = clock;
	}

	@GetMapping("/")
	String home(Authentication user, Model model) {
		var account = screen(user, model, Tile.Screen.RESIDENT);
		model.addAttribute("notices", notices.forResident(account.id()));
		// Anything waiting for the resident shows on home until it is dealt with (SENIOR-UX).
		model.addAttribute("watchRequests", watchers.waitingFor(account.id()).stream()
			.map(l -> accounts.find(l.watcher()).map(AccountSummary::displayName).orElse("—"))
			.toList());
		model.addAttribute("waiting", waiting.stream().flatMap(source -> source.of(account.id().value()).stream()).toList());
		return "portal/home";
	}

	@GetMapping("/staff")
	String staff(Authentication user, Model model) {
		screen(user, model, Tile.Screen.STAFF);
		return "portal/screen";
	}

	@GetMapping("/shop")
	String shop(Authentication user, Model model) {
		screen(user, model, Tile.Screen.SHOP);
		return "portal/screen";
	}

	@GetMapping("/admin")
	String admin(Authentication user, Model model) {
		screen(user, model, Tile.Screen.ADMIN);
		return "portal/screen";
	}

	/** A tile into another screen shows only once that screen has something to use (no "coming soon"). */
	private boolean leadsSomewhere(Tile tile, Authentication user) {
		for (var other : Tile.Screen.values()) {
			if (other != Tile.Screen.RESIDENT && tile.path().equals("/" + other.name().toLowerCase(java.util.Locale.ROOT))) {
				return !tiles.on(other, user.getAuthorities()).isEmpty();
			}
		}
		return true;
	}

	/** Fills what every home screen shows and returns the signed-in account, looked up once. */
	private AccountSummary screen(Authentication user, Model model, Tile.Screen screen) {
		var account = accounts.findBySubject(user.getName()).orElseThrow();
		model.addAttribute("account", account);
		model.addAttribute("today", Tokyo.today(clock));
		model.addAttribute("tiles", tiles.on(screen, user.getAuthorities()).stream()
			.filter(t -> leadsSomewhere(t, user))
			.toList());
		model.addAttribute("screen", screen.name().toLowerCase(java.util.Locale.ROOT));
		return account;
	}
}
