package jp.tsunagu.platform;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts what the page frame shows on every page (the help desk) into each page's model. */
@ControllerAdvice
class PageModelAdvice {

	private final HelpDesk helpDesk;

	PageModelAdvice(HelpDesk helpDesk) {
		this.helpDesk = helpDesk;
	}

	@ModelAttribute("helpDesk")
	HelpDesk helpDesk() {
		return helpDesk;
	}
}
