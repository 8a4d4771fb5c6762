package jp.tsunagu.vitals.web;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Threshold;

/**
 * Draws a kind's last three months as an inline SVG a senior can read: the numbers written beside
 * the points (the last of each week and always the newest, spaced so none overlap), each line of a
 * pair named where it ends (「上」「下」, the desk's 「上の血圧」「下の血圧」) instead of a legend, the guideline range as a light area
 * with its words, and 20px text everywhere. The SVG has no viewBox: horizontal positions are
 * percentages and text keeps its real size, so the labels stay as large on a phone as on the tablet
 * (a scaled viewBox would shrink them below 16px at 360px wide).
 */
final class HealthChart {

	static final int HEIGHT = 300;

	static final int FONT = 20;

	static final double LEFT = 14;

	static final double RIGHT = 84;

	/**
	 * The width of one character of a written number, in percent of the chart's width on a phone (its
	 * 360px leave the chart about 270px; a bold digit at 20px is up to 14px wide): two numbers closer
	 * than their half-widths added are not both written there.
	 */
	static final double CHARACTER = 5.2;

	/**
	 * The same on wider screens (from 640px, where the chart is at least 550px wide): the numbers
	 * only they have room for are marked {@link #WIDE_ONLY}, which the style sheet hides on phones.
	 */
	static final double CHARACTER_WIDE = 2.6;

	static final String WIDE_ONLY = "health-chart__wide";

	/** Room kept between two written numbers, in percent of the width. */
	static final double MARGIN = 1.5;

	static final int TOP = 40;

	static final int BOTTOM = 250;

	private static final String INK = "#1a1a1a";

	private static final String MUTED = "#3d3d3d";

	private static final String FIRST = "#0b4f8a";

	private static final String SECOND = "#8a3b0b";

	private static final String BAND = "#e3f1e6";

	/** One measurement: the value, and for blood pressure the diastolic. */
	record Point(Instant at, BigDecimal value, @Nullable BigDecimal second) {
	}

	/**
	 * What the chart says, in the reader's language.
	 *
	 * @param first the name of a pair's first line (「上」), null for a single line
	 * @param bandWords the words on the guideline area (or areas, for a pair)
	 * @param none what it says when there is nothing to draw
	 * @param month a month as its label (「10月」)
	 * @param number a value as written (「128」, 「6,532」)
	 */
	record Words(String title, String description, String unit, @Nullable String first, @Nullable String second,
			List<String> bandWords, String none, Function<LocalDate, String> month, Function<BigDecimal, String> number) {
	}

	private HealthChart() {
	}

	/** The SVG for these points, oldest first, between {@code from} and {@code to}. */
	static String svg(String id, List<Point> points, Threshold threshold, Instant from, Instant to, Words words) {
		var out = new StringBuilder();
		out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"health-chart\" width=\"100%\" height=\"")
			.append(HEIGHT)
			.append("\" role=\"img\" aria-labelledby=\"")
			.append(id).append("-title ").append(id).append("-desc\" font-size=\"").append(FONT)
			.append("\" font-family=\"inherit\">");
		out.append("<title id=\"").append(id).append("-title\">").append(esc(words.title())).append("</title>");
		out.append("<desc id=\"").append(id).append("-desc\">").append(esc(words.description())).append("</desc>");
		if (points.isEmpty()) {
			text(out, "50%", HEIGHT / 2, "middle", INK, false, words.none());
			return out.append("</svg>").toString();
		}
		var scale = Scale.of(points, threshold);
		var wide = labelled(points, weeklyAndNewest(points), from, to, words.number(), CHARACTER_WIDE);
		var narrow = labelled(points, wide, from, to, words.number(), CHARACTER);
		// what the guideline's words should not cover: the points and the numbers written on a phone
		var marks = new ArrayList<double[]>();
		for (int i = 0; i < points.size(); i++) {
			var p = points.get(i);
			double x = x(p.at(), from, to);
			marks.add(new double[] { x, scale.y(p.value()) });
			if (narrow.contains(i)) {
				marks.add(new double[] { x, scale.y(p.value()) - 28 });
			}
			if (p.second() != null) {
				marks.add(new double[] { x, scale.y(p.second()) });
				if (narrow.contains(i)) {
					marks.add(new double[] { x, scale.y(p.second()) + 30 });
				}
			}
		}
		bands(out, scale, threshold, words, marks);
		grid(out, scale, words);
		months(out, from, to, words);
		boolean paired = points.stream().anyMatch(p -> p.second() != null);
		line(out, points, from, to, scale, false);
		if (paired) {
			line(out, points, from, to, scale, true);
		}
		for (int i : wide) {
			var p = points.get(i);
			var x = pct(x(p.at(), from, to));
			var only = narrow.contains(i) ? null : WIDE_ONLY;
			text(out, x, scale.y(p.value()) - 20, "middle", FIRST, true, words.number().apply(p.value()), only);
			if (p.second() != null) {
				text(out, x, scale.y(p.second()) + 38, "middle", SECOND, true, words.number().apply(p.second()), only);
			}
		}
		if (paired && words.first() != null && words.second() != null) {
			var newest = points.getLast();
			double y1 = scale.y(newest.value()) + 7;
			double y2 = newest.second() == null ? y1 + 28 : scale.y(newest.second()) + 7;
			if (y2 - y1 < 26) {
				y2 = y1 + 26;
			}
			text(out, pct(RIGHT + 3), y1, "start", FIRST, true, words.first());
			text(out, pct(RIGHT + 3), y2, "start", SECOND, true, words.second());
		}
		return out.append("</svg>").toString();
	}

	/**
	 * Which points get their number written on a screen whose characters are {@code character}
	 * percent wide: of the candidates, always the newest; going back from it, one whose number would
	 * touch the one kept after it ({@link #gap}) is left out.
	 */
	static List<Integer> labelled(List<Point> points, List<Integer> candidates, Instant from, Instant to,
			Function<BigDecimal, String> number, double character) {
		var kept = new ArrayList<Integer>();
		for (int c = candidates.size() - 1; c >= 0; c--) {
			int i = candidates.get(c);
			if (kept.isEmpty() || x(points.get(kept.getFirst()).at(), from, to) - x(points.get(i).at(), from, to) >= gap(
					written(points.get(i), number), written(points.get(kept.getFirst()), number), character)) {
				kept.addFirst(i);
			}
		}
		return kept;
	}

	/** The points worth a number: the last of each week (Monday to Sunday, Tokyo) and the newest. */
	static List<Integer> weeklyAndNewest(List<Point> points) {
		var lastOfWeek = new LinkedHashMap<LocalDate, Integer>();
		for (int i = 0; i < points.size(); i++) {
			var day = points.get(i).at().atZone(Tokyo.ZONE).toLocalDate();
			lastOfWeek.put(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), i);
		}
		var candidates = new ArrayList<>(lastOfWeek.values());
		if (!candidates.isEmpty() && candidates.getLast() != points.size() - 1) {
			candidates.add(points.size() - 1);
		}
		return candidates;
	}

	/** How far apart two points must be, in percent of the width, for both numbers to be written. */
	static double gap(int charactersLeft, int charactersRight, double character) {
		return (charactersLeft + charactersRight) / 2.0 * character + MARGIN;
	}

	/** The characters of a point's longest written number (a pair's two sit above each other). */
	private static int written(Point p, Function<BigDecimal, String> number) {
		int first = number.apply(p.value()).length();
		return p.second() == null ? first : Math.max(first, number.apply(p.second()).length());
	}

	private static void bands(StringBuilder out, Scale scale, Threshold t, Words words, List<double[]> marks) {
		band(out, scale, t.low1(), t.high1(), words.bandWords().isEmpty() ? "" : words.bandWords().getFirst(), marks);
		if (t.low2() != null || t.high2() != null) {
			band(out, scale, t.low2(), t.high2(), words.bandWords().size() > 1 ? words.bandWords().get(1) : "", marks);
		}
	}

	private static void band(StringBuilder out, Scale scale, @Nullable BigDecimal low, @Nullable BigDecimal high,
			String label, List<double[]> marks) {
		if (low == null && high == null) {
			return;
		}
		double top = high == null ? TOP : Math.max(TOP, scale.y(high));
		double bottom = low == null ? BOTTOM : Math.min(BOTTOM, scale.y(low));
		if (bottom <= top) {
			return;
		}
		out.append("<rect x=\"").append(pct(LEFT)).append("\" width=\"").append(pct(RIGHT - LEFT))
			.append("\" y=\"").append(num(top)).append("\" height=\"").append(num(bottom - top))
			.append("\" fill=\"").append(BAND).append("\"/>");
		if (!label.isEmpty()) {
			var place = bandWordsPlace(label.length(), top, bottom, marks);
			text(out, pct(place[0]), place[1], place[0] == LEFT + 1 ? "start" : place[0] == RIGHT - 1 ? "end" : "middle",
					INK, false, label);
		}
	}

	/**
	 * Where a guideline area's words cover the fewest points: at its left, middle or right, along its
	 * top or bottom edge (inside it). Sized for a phone, where a word is about 20px of 270.
	 *
	 * @return the x in percent where the words are anchored, and the y of their baseline
	 */
	static double[] bandWordsPlace(int characters, double top, double bottom, List<double[]> marks) {
		double width = characters * 7.4;
		double[][] spans = { { LEFT + 1, LEFT + 1, LEFT + 1 + width }, { (LEFT + RIGHT) / 2, (LEFT + RIGHT - width) / 2,
				(LEFT + RIGHT + width) / 2 }, { RIGHT - 1, RIGHT - 1 - width, RIGHT - 1 } };
		double[] baselines = { Math.min(bottom - 6, top + FONT + 2), Math.max(top + FONT + 2, bottom - 6) };
		double[] best = null;
		int fewest = Integer.MAX_VALUE;
		for (var baseline : baselines) {
			for (var span : spans) {
				int covered = 0;
				for (var m : marks) {
					if (m[0] >= span[1] - 3 && m[0] <= span[2] + 3 && m[1] >= baseline - FONT - 8 && m[1] <= baseline + 12) {
						covered++;
					}
				}
				if (covered < fewest) {
					fewest = covered;
					best = new double[] { span[0], baseline };
				}
			}
		}
		return best;
	}

	private static void grid(StringBuilder out, Scale scale, Words words) {
		text(out, "0", 22, "start", MUTED, false, words.unit());
		for (var tick : scale.ticks()) {
			double y = scale.y(tick);
			out.append("<line x1=\"").append(pct(LEFT)).append("\" x2=\"").append(pct(RIGHT)).append("\" y1=\"")
				.append(num(y)).append("\" y2=\"").append(num(y)).append("\" stroke=\"#c9ced3\" stroke-width=\"1\"/>");
			text(out, "0", y + 7, "start", MUTED, false, words.number().apply(tick));
		}
	}

	private static void months(StringBuilder out, Instant from, Instant to, Words words) {
		var first = from.atZone(Tokyo.ZONE).toLocalDate().withDayOfMonth(1).plusMonths(1);
		var last = to.atZone(Tokyo.ZONE).toLocalDate();
		for (var month = first; !month.isAfter(last); month = month.plusMonths(1)) {
			var x = pct(x(month.atStartOfDay(Tokyo.ZONE).toInstant(), from, to));
			out.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(TOP)
				.append("\" y2=\"").append(BOTTOM + 8).append("\" stroke=\"#8a9099\" stroke-width=\"1\"/>");
			text(out, x, BOTTOM + 34, "middle", MUTED, false, words.month().apply(month));
		}
	}

	private static void line(StringBuilder out, List<Point> points, Instant from, Instant to, Scale scale,
			boolean second) {
		var colour = second ? SECOND : FIRST;
		String previousX = null;
		double previousY = 0;
		for (var p : points) {
			var value = second ? p.second() : p.value();
			if (value == null) {
				continue;
			}
			var x = pct(x(p.at(), from, to));
			double y = scale.y(value);
			if (previousX != null) {
				out.append("<line x1=\"").append(previousX).append("\" y1=\"").append(num(previousY))
					.append("\" x2=\"").append(x).append("\" y2=\"").append(num(y)).append("\" stroke=\"")
					.append(colour).append("\" stroke-width=\"3\"").append(second ? " stroke-dasharray=\"8 5\"" : "")
					.append("/>");
			}
			previousX = x;
			previousY = y;
		}
		for (var p : points) {
			var value = second ? p.second() : p.value();
			if (value != null) {
				out.append("<circle class=\"health-chart__point\" cx=\"").append(pct(x(p.at(), from, to)))
					.append("\" cy=\"").append(num(scale.y(value))).append("\" r=\"7\" fill=\"").append(colour)
					.append("\" stroke=\"#fff\" stroke-width=\"2\"/>");
			}
		}
	}

	private static void text(StringBuilder out, String x, double y, String anchor, String colour, boolean bold,
			String words) {
		text(out, x, y, anchor, colour, bold, words, null);
	}

	private static void text(StringBuilder out, String x, double y, String anchor, String colour, boolean bold,
			String words, @Nullable String className) {
		// a white halo under each word keeps it readable where it crosses a line or the band
		out.append("<text").append(className == null ? "" : " class=\"" + className + "\"").append(" x=\"").append(x).append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(anchor)
			.append("\" fill=\"").append(colour).append("\"").append(bold ? " font-weight=\"bold\"" : "")
			.append(" stroke=\"#fff\" stroke-width=\"5\" stroke-linejoin=\"round\" paint-order=\"stroke\">")
			.append(esc(words)).append("</text>");
	}

	/** Where a time sits across the plot, in percent of the width. */
	static double x(Instant at, Instant from, Instant to) {
		long span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
		double share = (double) (at.toEpochMilli() - from.toEpochMilli()) / span;
		return LEFT + (RIGHT - LEFT) * Math.clamp(share, 0, 1);
	}

	private static String pct(double percent) {
		return String.format(Locale.ROOT, "%.2f%%", percent);
	}

	private static String num(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private static String esc(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

	/** The vertical scale: round ticks around the values and the guideline range. */
	record Scale(BigDecimal low, BigDecimal high, BigDecimal step) {

		static Scale of(List<Point> points, Threshold t) {
			var values = new ArrayList<BigDecimal>();
			for (var p : points) {
				values.add(p.value());
				if (p.second() != null) {
					values.add(p.second());
				}
			}
			for (var bound : new @Nullable BigDecimal[] { t.low1(), t.high1(), t.low2(), t.high2() }) {
				if (bound != null) {
					values.add(bound);
				}
			}
			double lo = values.stream().mapToDouble(BigDecimal::doubleValue).min().orElseThrow();
			double hi = values.stream().mapToDouble(BigDecimal::doubleValue).max().orElseThrow();
			double span = hi - lo;
			double pad = span == 0 ? Math.max(Math.abs(hi) * 0.05, 1) : span * 0.08;
			lo -= pad;
			hi += pad;
			double step = niceStep((hi - lo) / 5);
			double low = Math.floor(lo / step) * step;
			if (low < 0 && values.stream().allMatch(v -> v.signum() >= 0)) {
				low = 0;
			}
			double high = Math.ceil(hi / step) * step;
			return new Scale(BigDecimal.valueOf(low).stripTrailingZeros(), BigDecimal.valueOf(high).stripTrailingZeros(),
					BigDecimal.valueOf(step).stripTrailingZeros());
		}

		/** 1, 2 or 5 times a power of ten, at least {@code raw}. */
		static double niceStep(double raw) {
			double power = Math.pow(10, Math.floor(Math.log10(raw)));
			for (double m : new double[] { 1, 2, 5, 10 }) {
				if (m * power >= raw) {
					return m * power;
				}
			}
			return 10 * power;
		}

		double y(BigDecimal value) {
			double share = (value.doubleValue() - low.doubleValue()) / (high.doubleValue() - low.doubleValue());
			return BOTTOM - (BOTTOM - TOP) * share;
		}

		List<BigDecimal> ticks() {
			var ticks = new ArrayList<BigDecimal>();
			for (var v = low; v.compareTo(high) <= 0; v = v.add(step)) {
				ticks.add(v);
			}
			return ticks;
		}
	}
}
