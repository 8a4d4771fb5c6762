package jp.tsunagu.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The partner APIs described for partners (springdoc: {@code /v3/api-docs}, a Swagger UI page at
 * {@code /swagger-ui.html}, both served by the platform itself). Only the versioned paths
 * ({@code /api/v1/**}) are described; each is called by a partner's back end with a client-credentials
 * access token from Sapporo Smart ID.
 */
@Configuration(proxyBeanMethods = false)
class PartnerApiDocs {

	static final String SCHEME = "smart-id";

	@Bean
	OpenAPI partnerApi() {
		return new OpenAPI()
			.info(new Info().title("Tsunagu partner API")
				.version("v1")
				.description("""
						札幌市の地域プラットフォーム「つなぐ」の連携サービス向け API です。サービスのバックエンドが、\
						さっぽろスマートID の client credentials で得たアクセストークンで呼び出します。エラーは \
						RFC 9457 の problem details（日本語、または Accept-Language: en で英語）で返ります。\

						The API for partner services of Tsunagu, Sapporo's city platform: called by a partner's \
						back end with an access token from Sapporo Smart ID (client credentials). Errors are RFC 9457 \
						problem details, in Japanese or, with Accept-Language: en, English."""))
			.components(new Components().addSecuritySchemes(SCHEME, new SecurityScheme()
				.type(SecurityScheme.Type.OAUTH2)
				.description("Sapporo Smart ID (OpenID Connect provider of this platform), client credentials")
				.flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl("/oauth2/token")
					.scopes(new Scopes().addString("activity.write",
							"住民の地域活動を記録する / record residents' activity"))))));
	}
}
