package jp.tsunagu.points.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.points.Points;
import jp.tsunagu.points.PointsWords;

/**
 * 「わたしのポイント」: the balance in big numbers, this month's earnings, what lapses when, and the
 * history in plain words. Only the signed-in resident's own.
 */
@Controller
class MyPointsController {

	private final Points points;

	private final PointsWords words;

	MyPointsController(Points points, PointsWords words) {
		this.points = points;
		this.words = words;
	}

	@GetMapping("/points")
	String mine(SignedIn me, Model model) {
		model.addAttribute("balance", points.balance(me.id()));
		model.addAttribute("thisMonth", points.earnedThisMonth(me.id()));
		model.addAttribute("expiries", points.expiries(me.id()));
		model.addAttribute("history", words.lines(points.history(me.id(), 50)));
		return "points/mine";
	}

	@Bean
	static Tile myPointsTile() {
		return new Tile(Tile.Screen.RESIDENT, 95, "tile.points", "coin", "/points", Set.of("RESIDENT"));
	}
}
