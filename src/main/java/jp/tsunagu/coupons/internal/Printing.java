package jp.tsunagu.coupons.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.Image;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Rectangle;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import jp.tsunagu.coupons.CouponView;
import jp.tsunagu.coupons.Redemption;
import jp.tsunagu.platform.HelpDesk;
import jp.tsunagu.platform.QrCodes;
import jp.tsunagu.platform.PdfFonts;
import jp.tsunagu.platform.TimeWording;

/**
 * What the coupons module prints: the slip the help desk hands a resident (A4, or an 80 mm
 * receipt printer's roll), and a shop's monthly statement as PDF and CSV. The slip carries the
 * resident's name for them to read; its QR code carries only the coupon's signed id.
 */
@Component
public class Printing {

	/** 80 mm paper, 72 mm printable: the common receipt printer. */
	public static final Rectangle RECEIPT = new Rectangle(227, 480);

	private final MessageSource messages;

	private final HelpDesk helpDesk;

	private final TimeWording when;

	private final BaseFont font;

	Printing(MessageSource messages, HelpDesk helpDesk, TimeWording when, PdfFonts fonts) {
		this.messages = messages;
		this.helpDesk = helpDesk;
		this.when = when;
		this.font = fonts.japanese();
	}

	public enum Paper {
		A4, RECEIPT
	}

	public byte[] slip(CouponView view, String residentName, @Nullable String shopAddress, Paper paper, Locale locale) {
		boolean a4 = paper == Paper.A4;
		float scale = a4 ? 1f : 0.62f;
		var out = new ByteArrayOutputStream();
		var document = a4 ? new Document(PageSize.A4, 56, 56, 48, 48) : new Document(RECEIPT, 10, 10, 12, 12);
		PdfWriter.getInstance(document, out);
		var campaign = view.campaign();
		document.addTitle(campaign.title());
		document.open();
		document.add(paragraph(text("coupons.kind." + campaign.kind(), locale), 18 * scale, Element.ALIGN_CENTER));
		document.add(paragraph(text("coupons.slip.for", locale, residentName), 16 * scale, Element.ALIGN_CENTER));
		document.add(paragraph(campaign.title(), 26 * scale, Element.ALIGN_CENTER));
		document.add(paragraph(campaign.worth(), 30 * scale, Element.ALIGN_CENTER));
		var qr = qr(view.qr(), a4 ? 200 : 140);
		qr.setAlignment(Element.ALIGN_CENTER);
		document.add(qr);
		document.add(paragraph(view.coupon().shortCodeShown(), 28 * scale, Element.ALIGN_CENTER));
		var where = view.where() == null ? text("coupons.where.any", locale)
				: shopAddress == null ? view.where() : view.where() + "(" + shopAddress + ")";
		document.add(paragraph(text("coupons.slip.where", locale, where), 16 * scale, Element.ALIGN_LEFT));
		document.add(paragraph(text("coupons.slip.until", locale, when.date(campaign.lastDay(), locale)), 16 * scale,
				Element.ALIGN_LEFT));
		document.add(paragraph(text("coupons.slip.how", locale), 14 * scale, Element.ALIGN_LEFT));
		document.add(paragraph(text("coupons.slip.help", locale, helpDesk.phone()), 14 * scale, Element.ALIGN_LEFT));
		document.close();
		return out.toByteArray();
	}

	/** A shop's month: one line per coupon used, and the total the city pays. */
	public byte[] statementPdf(String shopName, String month, List<Redemption> lines, Locale locale) {
		var out = new ByteArrayOutputStream();
		var document = new Document(PageSize.A4, 40, 40, 40, 40);
		PdfWriter.getInstance(document, out);
		document.addTitle(text("coupons.statement.title", locale, shopName, month));
		document.open();
		document.add(paragraph(text("coupons.statement.title", locale, shopName, month), 18, Element.ALIGN_LEFT));
		var table = new PdfPTable(new float[] { 3, 2, 4, 3, 2 });
		table.setWidthPercentage(100);
		table.setSpacingBefore(10);
		table.setHeaderRows(1);
		for (var heading : header(locale)) {
			table.addCell(cell(heading, true));
		}
		for (var line : lines) {
			for (var value : values(line)) {
				table.addCell(cell(value, false));
			}
		}
		document.add(table);
		document.add(paragraph(text("coupons.statement.total", locale, lines.size(), total(lines)), 14, Element.ALIGN_RIGHT));
		document.close();
		return out.toByteArray();
	}

	/** The same lines as CSV, UTF-8 with a byte-order mark (Japanese spreadsheets need it to read UTF-8). */
	public byte[] statementCsv(List<Redemption> lines, Locale locale) {
		var csv = new StringBuilder("\uFEFF").append(String.join(",", header(locale))).append("\r\n");
		for (var line : lines) {
			csv.append(String.join(",", values(line).stream().map(Printing::csvField).toList())).append("\r\n");
		}
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	public static long total(List<Redemption> lines) {
		return lines.stream().mapToLong(Redemption::settlementYen).sum();
	}

	private List<String> header(Locale locale) {
		return List.of(text("coupons.statement.at", locale), text("coupons.statement.code", locale),
				text("coupons.statement.what", locale), text("coupons.statement.worth", locale),
				text("coupons.statement.yen", locale));
	}

	private List<String> values(Redemption line) {
		var at = line.redeemedAt().atZone(jp.tsunagu.platform.Tokyo.ZONE);
		return List.of(at.toLocalDate() + " " + at.toLocalTime().withNano(0), line.shortCode(), line.title(),
				line.worth(), String.valueOf(line.settlementYen()));
	}

	/** Quoted when it must be, and never read as a formula by a spreadsheet (a leading =, +, - or @). */
	static String csvField(String value) {
		var safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
		return safe.matches(".*[\",\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
	}

	private PdfPCell cell(String value, boolean heading) {
		var cell = new PdfPCell(new Paragraph(value, new Font(font, heading ? 11 : 10, heading ? Font.BOLD : Font.NORMAL)));
		cell.setPadding(5);
		return cell;
	}

	private Paragraph paragraph(String text, float size, int alignment) {
		var p = new Paragraph(text, new Font(font, size));
		p.setAlignment(alignment);
		p.setSpacingBefore(size * 0.3f);
		p.setLeading(size * 1.4f);
		return p;
	}

	private String text(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, locale);
	}

	private static Image qr(String text, float size) {
		try {
			var image = Image.getInstance(QrCodes.png(text, 400, 2));
			image.scaleToFit(size, size);
			return image;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
