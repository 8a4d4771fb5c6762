package jp.tsunagu.points;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import jp.tsunagu.platform.TimeWording;

/** A ledger entry as a resident reads it: 「12月3日(水) イベントに参加しました（健康教室） +30ポイント」. */
@Component
public class PointsWords {

	public record Line(String day, String what, String amount, boolean gain) {
	}

	private final MessageSource messages;

	private final TimeWording when;

	PointsWords(MessageSource messages, TimeWording when) {
		this.messages = messages;
		this.when = when;
	}

	public List<Line> lines(List<PointsEntry> entries) {
		return entries.stream().map(this::line).toList();
	}

	public Line line(PointsEntry e) {
		var locale = LocaleContextHolder.getLocale();
		var what = switch (e.kind()) {
			case "AWARD" -> {
				var activity = messages.getMessage("activity." + e.reason(), null, e.reason(), locale);
				yield e.memo().isBlank() ? activity : text("points.line.award-at", locale, activity, e.memo());
			}
			case "SPEND" -> text("points.line.spend", locale, e.memo());
			case "CORRECTION" -> text("points.line.correction", locale, e.memo());
			case "EXPIRY" -> text("points.line.expiry", locale);
			default -> e.kind();
		};
		return new Line(when.date(e.occurredAt()), what, amount(e.amount(), locale), e.amount() > 0);
	}

	public String amount(long points, Locale locale) {
		return text(points > 0 ? "points.amount.plus" : "points.amount.minus", locale,
				String.format(locale, "%,d", Math.abs(points)));
	}

	private String text(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, locale);
	}
}
