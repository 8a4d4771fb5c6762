package jp.tsunagu.platform;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * What JSON bodies may say: a field given twice is refused (not "the last wins", which lets two
 * readers of one body disagree), and a string with a NUL character is refused as the same text in
 * a form would be ({@link RequestTextGuard}).
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

	@Bean
	JsonMapperBuilderCustomizer strictJsonInput() {
		return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.addModule(new SimpleModule("tsunagu-json-input").addDeserializer(String.class, new NulRefusingStrings()));
	}

	static final class NulRefusingStrings extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			var text = super.deserialize(parser, context);
			if (text != null && text.indexOf('\u0000') >= 0) {
				throw new NulCharacterRefused();
			}
			return text;
		}
	}
}
