package jp.tsunagu.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class HashingLimitTests {

	@Test
	void whenManySignInsHashAtOnceThenNoMoreThanThePermitsRunTogetherAndAllAreCounted() throws Exception {
		var running = new AtomicInteger();
		var most = new AtomicInteger();
		PasswordEncoder slow = new PasswordEncoder() {
			@Override
			public String encode(CharSequence raw) {
				return raw.toString();
			}

			@Override
			public boolean matches(CharSequence raw, String encoded) {
				most.accumulateAndGet(running.incrementAndGet(), Math::max);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				running.decrementAndGet();
				return raw.toString().equals(encoded);
			}
		};
		var meters = new SimpleMeterRegistry();
		var limited = new HashingLimit(slow, 2, meters);
		var start = new CountDownLatch(1);
		try (var pool = Executors.newFixedThreadPool(16)) {
			for (int i = 0; i < 32; i++) {
				pool.submit(() -> {
					start.await();
					return limited.matches("secret", "secret");
				});
			}
			start.countDown();
		}
		assertThat(most.get()).isEqualTo(2);
		assertThat(meters.counter("tsunagu.identity.secrets.verified").count()).isEqualTo(32);
	}
}
