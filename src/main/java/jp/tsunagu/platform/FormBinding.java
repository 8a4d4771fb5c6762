package jp.tsunagu.platform;

import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;

/**
 * Forms bound to records: when a value cannot even be converted (a letter in a number, an area
 * that does not exist), Spring cannot construct the record and the page would have no form to show.
 * The page is shown again with an empty form carrying those errors, as for any other mistake.
 */
public final class FormBinding {

	private FormBinding() {
	}

	/** Whether the record could not be constructed from what was posted. */
	public static boolean unconvertible(BindingResult result) {
		return result.getTarget() == null;
	}

	/** Puts {@code empty} into the model as the form, with the conversion errors, and returns the view. */
	public static String showAgain(BindingResult result, Model model, Object empty, String view) {
		var again = new BeanPropertyBindingResult(empty, result.getObjectName());
		again.addAllErrors(result);
		model.addAttribute(result.getObjectName(), empty);
		model.addAttribute(BindingResult.MODEL_KEY_PREFIX + result.getObjectName(), again);
		return view;
	}
}
