package jp.tsunagu.platform;

import java.io.IOException;

import org.openpdf.text.pdf.BaseFont;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The font every printed page uses: Japanese text needs a Japanese font, so IPAex Gothic ships
 * inside the application (fonts/ipaexg.ttf, embedded in each PDF). Read once for all of them.
 */
@Component
public final class PdfFonts {

	private final BaseFont japanese;

	PdfFonts() throws IOException {
		try (var in = new ClassPathResource("fonts/ipaexg.ttf").getInputStream()) {
			this.japanese = BaseFont.createFont("ipaexg.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
					in.readAllBytes(), null);
		}
	}

	public BaseFont japanese() {
		return japanese;
	}
}
