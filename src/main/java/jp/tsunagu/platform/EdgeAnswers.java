package jp.tsunagu.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request refused before it reached a controller (a NUL character, a body too large, a
 * database that is away): a problem detail for API clients, a plain page in the person's language
 * for browsers. Written here, not by the error page, because the error page would read the session
 * and the parameters again, which is what just failed.
 */
@Component
public class EdgeAnswers {

	private final Problems problems;

	private final MessageSource messages;

	private final LocaleResolver locales;

	private final HelpDesk helpDesk;

	private final JsonMapper json;

	private final java.util.List<EdgeDialect> dialects;

	EdgeAnswers(Problems problems, MessageSource messages, LocaleResolver locales, HelpDesk helpDesk, JsonMapper json,
			org.springframework.beans.factory.ObjectProvider<EdgeDialect> dialects) {
		this.dialects = dialects.orderedStream().toList();
		this.problems = problems;
		this.messages = messages;
		this.locales = locales;
		this.helpDesk = helpDesk;
		this.json = json;
	}

	/** Writes the refusal: problem detail or plain page, keeping the headers already set (WWW-Authenticate). */
	public void answer(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(status.value());
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.setHeader("Retry-After", "30");
		}
		if (status == HttpStatus.CONTENT_TOO_LARGE || status == HttpStatus.BAD_REQUEST) {
			// the rest of the body is not read: let the client open a fresh connection
			response.setHeader("Connection", "close");
		}
		for (var dialect : dialects) {
			if (dialect.speaks(request)) {
				dialect.answer(request, response, status, slug, ApiLocale.of(request));
				response.flushBuffer();
				return;
			}
		}
		if (wantsPage(request)) {
			var locale = locales.resolveLocale(request);
			response.setContentType("text/html;charset=UTF-8");
			write(response, page(status, locale));
		}
		else {
			var problem = problems.of(status, slug, ApiLocale.of(request));
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			write(response, json.writeValueAsString(problem));
		}
		response.flushBuffer();
	}

	/** A page that failed while rendering has its writer already; otherwise the stream is free. */
	private static void write(HttpServletResponse response, String body) throws IOException {
		try {
			response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
		}
		catch (IllegalStateException writerInUse) {
			response.getWriter().write(body);
		}
	}

	/** Browsers say they take HTML; partner back ends and SDKs do not. */
	static boolean wantsPage(HttpServletRequest request) {
		var accept = request.getHeader("Accept");
		return !request.getRequestURI().startsWith("/api/") && accept != null && accept.contains("text/html");
	}

	private String page(HttpStatus status, Locale locale) {
		var heading = messages.getMessage("error." + status.value(), null,
				messages.getMessage("error.heading", null, locale), locale);
		var intro = messages.getMessage("error.intro", null, locale);
		var home = messages.getMessage("layout.home", null, locale);
		return """
				<!DOCTYPE html>
				<html lang="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%s</title><link rel="stylesheet" href="/css/tsunagu.css"></head>
				<body><main id="main" class="main"><h1>%s</h1><p class="lead">%s</p>
				<p><a class="button button--primary" href="/">%s</a></p>
				<p><a href="tel:%s">%s</a></p></main></body></html>
				""".formatted(locale.getLanguage(), esc(heading), esc(heading), esc(intro), esc(home),
				esc(helpDesk.phone()), esc(helpDesk.phone()));
	}

	private static String esc(String s) {
		return HtmlUtils.htmlEscape(s);
	}
}
