package jp.tsunagu.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import jp.tsunagu.vitals.Threshold;
import jp.tsunagu.vitals.VitalKind;

/** The chart a senior reads: numbers beside the points, lines named in place, the guide range in words. */
class HealthChartTests {

	static final Instant TO = Instant.parse("2026-12-01T06:00:00Z");

	static final Instant FROM = HealthPages.threeMonthsBefore(TO);

	static final Threshold BP = new Threshold(VitalKind.BLOOD_PRESSURE, new BigDecimal("90"), new BigDecimal("135"),
			new BigDecimal("60"), new BigDecimal("85"), Instant.EPOCH, "default");

	static HealthChart.Words words(boolean paired) {
		return new HealthChart.Words("血圧の、この3か月のグラフ", "3回の記録 <ok>", "単位 mmHg", paired ? "上" : null,
				paired ? "下" : null, paired ? List.of("上の血圧の目安", "下の血圧の目安") : List.of("目安の範囲"),
				"この3か月の記録はありません", m -> m.getMonthValue() + "月",
				v -> HealthPages.number(VitalKind.BLOOD_PRESSURE, v));
	}

	static HealthChart.Point bp(Instant at, int systolic, int diastolic) {
		return new HealthChart.Point(at, BigDecimal.valueOf(systolic), BigDecimal.valueOf(diastolic));
	}

	static Document parse(String svg) {
		return Jsoup.parse(svg, "", Parser.xmlParser());
	}

	static List<String> texts(Document svg) {
		return svg.select("text").stream().map(Element::text).toList();
	}

	@Test
	void whenNothingToDrawThenTheChartSaysSoInWordsAndHasItsName() {
		var svg = parse(HealthChart.svg("c", List.of(), BP, FROM, TO, words(true)));
		assertThat(svg.select("svg").attr("role")).isEqualTo("img");
		assertThat(svg.select("svg").attr("aria-labelledby")).isEqualTo("c-title c-desc");
		assertThat(svg.select("title#c-title").text()).isEqualTo("血圧の、この3か月のグラフ");
		assertThat(texts(svg)).containsExactly("この3か月の記録はありません");
		assertThat(svg.select("circle")).isEmpty();
	}

	@Test
	void whenOnePointThenItIsDrawnWithItsNumbersAndNoLine() {
		var svg = parse(HealthChart.svg("c", List.of(bp(TO.minus(Duration.ofDays(2)), 128, 82)), BP, FROM, TO,
				words(true)));
		assertThat(svg.select("circle")).hasSize(2);
		assertThat(svg.select("line[stroke=#0b4f8a], line[stroke=#8a3b0b]")).as("a line needs two points").isEmpty();
		assertThat(texts(svg)).contains("128", "82", "上", "下", "上の血圧の目安", "下の血圧の目安", "単位 mmHg");
	}

	@Test
	void whenAPairThenEachLineIsNamedWhereItEndsAndTheNumbersSitOnTheRightSide() {
		var points = List.of(bp(TO.minus(Duration.ofDays(20)), 140, 90), bp(TO.minus(Duration.ofDays(1)), 128, 82));
		var svg = parse(HealthChart.svg("c", points, BP, FROM, TO, words(true)));
		var upper = y(svg, "上");
		var lower = y(svg, "下");
		assertThat(upper).as("the systolic line is named above the diastolic").isLessThan(lower);
		assertThat(y(svg, "128")).as("systolic numbers above their points").isLessThan(y(svg, "82"));
		assertThat(svg.select("line[stroke=#0b4f8a]")).hasSize(1);
		assertThat(svg.select("line[stroke=#8a3b0b]")).hasSize(1);
		assertThat(svg.select("rect")).as("one light area per guideline range").hasSize(2);
		assertThat(svg.select("svg").attr("font-size")).isEqualTo("20");
		assertThat(svg.select("[font-size]")).allSatisfy(e -> assertThat(Integer.parseInt(e.attr("font-size")))
			.as("no text below the body size").isGreaterThanOrEqualTo(20));
	}

	@Test
	void whenThreeMonthsOfDailyReadingsThenTheLastOfEachWeekIsWrittenSpacedApartAndTheNewestAlways() {
		var points = new ArrayList<HealthChart.Point>();
		for (var at = FROM.plus(Duration.ofHours(3)); at.isBefore(TO); at = at.plus(Duration.ofDays(1))) {
			points.add(new HealthChart.Point(at, new BigDecimal("120"), new BigDecimal("80")));
		}
		var weekly = HealthChart.weeklyAndNewest(points);
		assertThat(weekly.getLast()).isEqualTo(points.size() - 1);
		assertThat(weekly).as("one a week, 13 or 14 weeks").hasSizeBetween(13, 15);
		var wide = HealthChart.labelled(points, weekly, FROM, TO, v -> HealthPages.number(VitalKind.BLOOD_PRESSURE, v),
				HealthChart.CHARACTER_WIDE);
		var narrow = HealthChart.labelled(points, wide, FROM, TO, v -> HealthPages.number(VitalKind.BLOOD_PRESSURE, v),
				HealthChart.CHARACTER);
		assertThat(wide.getLast()).isEqualTo(points.size() - 1);
		assertThat(narrow.getLast()).isEqualTo(points.size() - 1);
		assertThat(wide.size()).as("thinned out, yet more on a tablet than on a phone").isBetween(narrow.size() + 1,
				weekly.size() - 1);
		assertThat(narrow.size()).isGreaterThanOrEqualTo(3);
		assertThat(wide).containsAll(narrow);
		apart(points, wide, HealthChart.CHARACTER_WIDE);
		apart(points, narrow, HealthChart.CHARACTER);
		var svg = parse(HealthChart.svg("c", points, BP, FROM, TO, words(true)));
		assertThat(svg.select("circle")).as("every reading is drawn, systolic and diastolic").hasSize(points.size() * 2);
		var written = svg.select("text[font-weight=bold]").stream().filter(t -> t.text().equals("120")).toList();
		assertThat(written).as("the numbers beside the points, not the axis").hasSize(wide.size());
		assertThat(written.stream().filter(t -> !t.hasClass(HealthChart.WIDE_ONLY))).as("shown on a phone too")
			.hasSize(narrow.size());
		assertThat(texts(svg)).as("the months along the bottom").contains("10月", "11月", "12月");
	}

	@Test
	void whenNumbersAreLongerThenFewerAreWritten() {
		var points = new ArrayList<HealthChart.Point>();
		for (var at = FROM.plus(Duration.ofHours(3)); at.isBefore(TO); at = at.plus(Duration.ofDays(1))) {
			points.add(new HealthChart.Point(at, new BigDecimal("6532"), null));
		}
		var weekly = HealthChart.weeklyAndNewest(points);
		var steps = HealthChart.labelled(points, weekly, FROM, TO, v -> HealthPages.number(VitalKind.STEPS, v),
				HealthChart.CHARACTER);
		var pulse = HealthChart.labelled(points, weekly, FROM, TO, v -> "72", HealthChart.CHARACTER);
		assertThat(steps.size()).as("「6,532」 needs more room than 「72」").isLessThan(pulse.size());
		assertThat(steps.getLast()).isEqualTo(points.size() - 1);
	}

	@Test
	void whenPointsSitAtTheLeftOfTheGuideAreaThenItsWordsGoWhereNoneAre() {
		var marks = new ArrayList<double[]>();
		for (double x = HealthChart.LEFT; x < 50; x += 4) {
			marks.add(new double[] { x, 100 });
			marks.add(new double[] { x, 150 });
		}
		var place = HealthChart.bandWordsPlace(5, 80, 160, marks);
		assertThat(place[0]).as("the right end, away from the points").isEqualTo(HealthChart.RIGHT - 1);
		assertThat(HealthChart.bandWordsPlace(5, 80, 160, List.of())[0]).as("the left, when free")
			.isEqualTo(HealthChart.LEFT + 1);
		marks.clear();
		for (double x = HealthChart.LEFT; x <= HealthChart.RIGHT; x += 4) {
			marks.add(new double[] { x, 102 });
		}
		assertThat(HealthChart.bandWordsPlace(5, 80, 160, marks)[1]).as("the bottom edge when points run along the top")
			.isEqualTo(154);
	}

	@Test
	void whenASingleKindWithoutGuidelineThenNoAreaAndNoLineNames() {
		var weight = new HealthChart.Words("体重", "2回", "単位 kg", null, null, List.of("目安の範囲"), "なし",
				m -> m.getMonthValue() + "月", v -> HealthPages.number(VitalKind.BODY_WEIGHT, v));
		var points = List.of(new HealthChart.Point(TO.minus(Duration.ofDays(9)), new BigDecimal("52.35"), null),
				new HealthChart.Point(TO.minus(Duration.ofDays(2)), new BigDecimal("52.10"), null));
		var svg = parse(HealthChart.svg("w", points, Threshold.none(VitalKind.BODY_WEIGHT), FROM, TO, weight));
		assertThat(svg.select("rect")).isEmpty();
		assertThat(texts(svg)).contains("52.4", "52.1").doesNotContain("上", "目安の範囲");
		assertThat(svg.select("circle")).hasSize(2);
	}

	@Test
	void whenWordsHaveMarkupThenTheyAreEscaped() {
		var svg = HealthChart.svg("c", List.of(), BP, FROM, TO, words(true));
		assertThat(svg).contains("3回の記録 &lt;ok&gt;").doesNotContain("<ok>");
	}

	@Test
	void whenNumbersAreWrittenThenTheKindsDecimalsAndThousandsShow() {
		assertThat(HealthPages.number(VitalKind.STEPS, new BigDecimal("6532"))).isEqualTo("6,532");
		assertThat(HealthPages.number(VitalKind.BODY_TEMPERATURE, new BigDecimal("36.55"))).isEqualTo("36.6");
		assertThat(HealthPages.number(VitalKind.BLOOD_PRESSURE, new BigDecimal("128.00"))).isEqualTo("128");
	}

	private static void apart(List<HealthChart.Point> points, List<Integer> labelled, double character) {
		for (int i = 1; i < labelled.size(); i++) {
			var gap = HealthChart.x(points.get(labelled.get(i)).at(), FROM, TO)
					- HealthChart.x(points.get(labelled.get(i - 1)).at(), FROM, TO);
			assertThat(gap).as("written numbers never crowd").isGreaterThanOrEqualTo(HealthChart.gap(3, 3, character));
		}
	}

	private static double y(Document svg, String words) {
		return svg.select("text").stream().filter(t -> t.text().equals(words)).findFirst()
			.map(t -> Double.parseDouble(t.attr("y"))).orElseThrow(() -> new AssertionError("no text " + words));
	}
}
