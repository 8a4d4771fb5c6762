package jp.tsunagu.points;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tsunagu.points.*}.
 *
 * @param expiryYears how many whole fiscal years (April to March) points stay after the fiscal year
 *        they were earned in: 1, the default, means points earned in December 2026 (fiscal 2026)
 *        expire at the end of March 2028, the end of the next fiscal year
 */
@ConfigurationProperties("tsunagu.points")
public record PointsSettings(@DefaultValue("1") int expiryYears) {

	public PointsSettings {
		if (expiryYears < 0 || expiryYears > 10) {
			throw new IllegalArgumentException("tsunagu.points.expiry-years is between 0 and 10: " + expiryYears);
		}
	}
}
