package jp.tsunagu.residents.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;

import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.Image;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;


import jp.tsunagu.identity.FirstLoginCode;
import jp.tsunagu.platform.HelpDesk;
import jp.tsunagu.platform.QrCodes;
import jp.tsunagu.platform.PdfFonts;
import jp.tsunagu.platform.TimeWording;
import jp.tsunagu.residents.Resident;

/**
 * The one-page login sheet the help desk prints for a resident: large type, the login id and
 * one-time code, what to do on the tablet step by step, and a QR code that opens the first sign-in
 * page. The expiry reads as every date does, 「12月3日(水)」 ({@link TimeWording}). Japanese text
 * needs a Japanese font: IPAex Gothic, from {@link PdfFonts}.
 */
@Component
public class LoginSheet {

	private final MessageSource messages;

	private final HelpDesk helpDesk;

	private final TimeWording when;

	private final BaseFont font;

	LoginSheet(MessageSource messages, HelpDesk helpDesk, TimeWording when, PdfFonts fonts) {
		this.messages = messages;
		this.helpDesk = helpDesk;
		this.when = when;
		this.font = fonts.japanese();
	}

	public byte[] render(Resident resident, FirstLoginCode code, String firstLoginUrl, Locale locale) {
		var out = new ByteArrayOutputStream();
		var document = new Document(PageSize.A4, 48, 48, 40, 40);
		PdfWriter.getInstance(document, out);
		document.addTitle(text("sheet.title", locale));
		document.open();
		document.add(paragraph(text("sheet.title", locale), 22, Element.ALIGN_LEFT));
		document.add(paragraph(text("sheet.for", locale, resident.name()), 18, Element.ALIGN_LEFT));

		var table = new PdfPTable(2);
		table.setWidthPercentage(100);
		table.setSpacingBefore(12);
		table.setWidths(new float[] { 2, 3 });
		row(table, text("sheet.login-id", locale), code.loginName());
		row(table, text("sheet.code", locale), code.code());
		row(table, text("sheet.expires", locale), when.date(code.expiresAt(), locale));
		document.add(table);

		document.add(paragraph(text("sheet.steps.title", locale), 17, Element.ALIGN_LEFT));
		for (int step = 1; step <= 4; step++) {
			document.add(paragraph(step + ". " + text("sheet.step." + step, locale, firstLoginUrl), 14, Element.ALIGN_LEFT));
		}
		var qr = qr(firstLoginUrl);
		qr.setAlignment(Element.ALIGN_CENTER);
		document.add(qr);
		document.add(paragraph(firstLoginUrl, 12, Element.ALIGN_CENTER));
		document.add(paragraph(text("sheet.keep-safe", locale), 13, Element.ALIGN_LEFT));
		document.add(paragraph(text("sheet.help", locale, helpDesk.phone()), 16, Element.ALIGN_LEFT));
		document.close();
		return out.toByteArray();
	}

	private void row(PdfPTable table, String label, String value) {
		var left = new PdfPCell(new Paragraph(label, new Font(font, 16)));
		var right = new PdfPCell(new Paragraph(value, new Font(font, 24, Font.BOLD)));
		left.setPadding(8);
		right.setPadding(8);
		table.addCell(left);
		table.addCell(right);
	}

	private Paragraph paragraph(String text, float size, int alignment) {
		var p = new Paragraph(text, new Font(font, size));
		p.setAlignment(alignment);
		p.setSpacingBefore(6);
		p.setLeading(size * 1.45f);
		return p;
	}

	private String text(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, locale);
	}

	private static Image qr(String url) {
		try {
			var image = Image.getInstance(QrCodes.png(url, 360, 1));
			image.scaleToFit(110, 110);
			return image;
		}
		catch (IOException ex) {
			throw new IllegalStateException("QR code could not be drawn", ex);
		}
	}

}
