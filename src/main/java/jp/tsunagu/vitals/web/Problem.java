package jp.tsunagu.vitals.web;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * What is wrong with one field, said in plain words on the page: a message key and its arguments;
 * an argument made with {@link #words} is itself a message (「上の血圧」), looked up in the page's language.
 */
record Problem(String key, Object... args) implements MessageSourceResolvable {

	static MessageSourceResolvable words(String key) {
		return new DefaultMessageSourceResolvable(key);
	}

	@Override
	public String[] getCodes() {
		return new String[] { key };
	}

	@Override
	public Object[] getArguments() {
		return args;
	}
}
