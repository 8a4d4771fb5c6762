package jp.tsunagu.platform;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page edge: a fact in {@link ProblemTypes} thrown by a screen's controller (an unknown event,
 * an event not offered to the resident) is the plain error page with the table's status. Anything
 * else goes on to Spring's own resolvers and the error page (a {@code ResponseStatusException},
 * access denied), and a database that is away to {@link DatabaseOutageGuard}.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class PageProblemAdvice {

	private final ProblemTypes types;

	private final HelpDesk helpDesk;

	PageProblemAdvice(ProblemTypes types, HelpDesk helpDesk) {
		this.types = types;
		this.helpDesk = helpDesk;
	}

	@ExceptionHandler(Exception.class)
	ModelAndView page(Exception ex) throws Exception {
		var row = types.find(ex).orElseThrow(() -> ex);
		var page = new ModelAndView("error", row.status());
		page.addObject("status", row.status().value());
		page.addObject("helpDesk", helpDesk);
		return page;
	}
}
