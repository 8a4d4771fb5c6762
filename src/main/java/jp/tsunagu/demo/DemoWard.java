package jp.tsunagu.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import net.datafaker.Faker;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.events.EventDraft;
import jp.tsunagu.events.EventKind;
import jp.tsunagu.events.Events;
import jp.tsunagu.foodloss.FoodLoss;
import jp.tsunagu.foodloss.FoodOfferDraft;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.PartnerClient;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.Role;
import jp.tsunagu.coupons.CampaignDraft;
import jp.tsunagu.coupons.CampaignKind;
import jp.tsunagu.coupons.Coupons;
import jp.tsunagu.shops.Shops;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.ResidentDetails;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.platform.Tokyo;

/**
 * Generates the demo ward once (idempotent: it checks for the demo admin first). Residents are
 * spread over the three areas with the ageing the seed describes: about half 65 or older, more in
 * the public-housing estates (Momijidai ~50%, Aoba ~47%) than around the Shin-Sapporo station.
 * Demo residents are created awaiting their first sign-in, except the demo resident login below.
 */
@Component
class DemoWard {

	static final String ADMIN = "admin@demo.tsunagu.example";

	static final String STAFF = "staff@demo.tsunagu.example";

	static final String SHOP = "shop@demo.tsunagu.example";

	static final String RESIDENT = "resident@demo.tsunagu.example";

	/** Demo-only passwords, documented in the README; the "prod" profile never creates these accounts. */
	static final String PASSWORD = "tsunagu-demo-2026";

	static final String PARTNER_CLIENT_ID = "demo-partner";

	/** A partner's back end for the data hub (client credentials, hub.read and hub.write). */
	static final String HUB_CLIENT_ID = "demo-hub-partner";

	private static final Logger log = LoggerFactory.getLogger(DemoWard.class);

	private final DemoSettings settings;

	private final Accounts accounts;

	private final Residents residents;

	private final PartnerClients clients;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final Environment environment;

	private final Events events;

	private final Timeline timeline;

	private final Shops shops;

	private final Coupons coupons;

	private final FoodLoss food;

	private final DemoVitals vitals;

	private final DemoHub hub;

	DemoWard(DemoSettings settings, Accounts accounts, Residents residents, PartnerClients clients,
			TransactionTemplate tx, Clock clock, Environment environment, Events events, Timeline timeline, Shops shops,
			Coupons coupons, FoodLoss food, DemoVitals vitals, DemoHub hub) {
		this.vitals = vitals;
		this.hub = hub;
		this.shops = shops;
		this.coupons = coupons;
		this.food = food;
		this.events = events;
		this.timeline = timeline;
		this.settings = settings;
		this.accounts = accounts;
		this.residents = residents;
		this.clients = clients;
		this.tx = tx;
		this.clock = clock;
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void generate() {
		if (!settings.enabled()) {
			return;
		}
		if (accounts.findByLoginName(ADMIN).isEmpty()) {
			tx.executeWithoutResult(status -> {
				accounts.createStaffAccount(ADMIN, PASSWORD, "管理者 デモ", EnumSet.of(Role.ADMIN, Role.STAFF));
				accounts.createStaffAccount(STAFF, PASSWORD, "事務局 デモ", EnumSet.of(Role.STAFF));
				var shopAccount = accounts.createStaffAccount(SHOP, PASSWORD, "もみじ台商店 デモ", EnumSet.of(Role.SHOP));
				var shop = shops.register("もみじ台商店", Area.MOMIJIDAI, "札幌市厚別区もみじ台北5丁目", "9:00〜19:00(日曜休み)");
				shops.addMember(shop.id(), shopAccount.id());
				residents.registerSelf(new ResidentDetails("札幌", "花子", "サッポロ", "ハナコ", LocalDate.of(1950, 4, 1),
						Area.MOMIJIDAI, null), RESIDENT, PASSWORD, Locale.JAPANESE);
				clients.register(new PartnerClient(PARTNER_CLIENT_ID, "デモ協力サービス",
						List.of("http://127.0.0.1:9090/login/oauth2/code/tsunagu"), List.of("http://127.0.0.1:9090/"),
						Set.of("openid", "profile", "area", "email", "phone"), false, false),
						PartnerClients.TokenLifetimes.standard());
			});
		}
		long existing = residents.count();
		if (existing < settings.residents()) {
			ward(existing, settings.residents());
		}
		if (events.upcoming(null).isEmpty()) {
			calendar();
		}
		if (coupons.campaigns(null).isEmpty()) {
			campaigns();
		}
		foodLoss();
		vitals.seed(accounts.findByLoginName(RESIDENT).orElseThrow().id(), settings.seed());
		hub.seed(settings.seed());
		String hubSecret = null;
		if (clients.find(HUB_CLIENT_ID).isEmpty()) {
			// its secret is generated here and shown once, below; the database keeps only its hash
			hubSecret = clients.register(new PartnerClient(HUB_CLIENT_ID, "デモ データ連携サービス",
					List.of("http://127.0.0.1:9091/callback"), List.of("http://127.0.0.1:9091/"),
					Set.of("openid", "hub.read", "hub.write"), true, true), PartnerClients.TokenLifetimes.standard())
				.secret();
		}
		var port = environment.getProperty("local.server.port", "8080");
		log.info("""

				  Tsunagu is running: http://localhost:{}/
				  Demo logins (password {}):
				    resident  {}
				    staff     {}
				    shop      {}
				    admin     {}
				  Demo partner client (public, PKCE): {}
				  Data hub (NGSI-LD): http://localhost:{}/ngsi-ld/v1/entities, partner back end {} ({})
				""", port, PASSWORD, RESIDENT, STAFF, SHOP, ADMIN, PARTNER_CLIENT_ID, port, HUB_CLIENT_ID,
				hubSecret == null ? "its secret was shown at its first start; an administrator can register another"
						: "client secret " + hubSecret + ", shown this once");
	}

	/** Something to get with the demo resident's points, and something free, for a month. */
	private void campaigns() {
		var from = Tokyo.today(clock).atStartOfDay(Tokyo.ZONE).toInstant();
		var until = Tokyo.today(clock).plusMonths(1).atStartOfDay(Tokyo.ZONE).toInstant();
		var shop = shops.all().stream().filter(s -> s.name().equals("もみじ台商店")).findFirst();
		coupons.create(new CampaignDraft(CampaignKind.COUPON, "コロッケ1個無料", "コロッケ1個(100円分)", null, 30, 100, from,
				until, 200, 2), shop.map(s -> s.id()).orElse(null), "demo");
		coupons.create(new CampaignDraft(CampaignKind.TICKET, "市営バス1回乗車券", "市営バス1回分(210円)", null, 0, 210, from,
				until, 500, 1), null, "demo");
	}

	/** A month of the ward's calendar, and the demo resident's own outings, so every screen has content. */
	private void calendar() {
		var today = Tokyo.today(clock);
		var tokyo = Tokyo.ZONE;
		record Plan(int inDays, int hour, String title, String place, EventKind kind, int capacity) {
		}
		var plans = List.of(new Plan(1, 14, "もみじ台 お茶の会", "もみじ台 地域交流エリア", EventKind.LOCAL, 20),
				new Plan(2, 10, "椅子に座ってできる健康体操", "青葉 集会所", EventKind.HEALTH, 15),
				new Plan(4, 13, "血圧と体重をはかる日", "新さっぽろ 地域交流エリア", EventKind.HEALTH, 30),
				new Plan(6, 10, "冬の農園 たまねぎの収穫", "もみじ台 まちなか農園", EventKind.FARM, 12),
				new Plan(9, 14, "はじめてのタブレット教室", "新さっぽろ 地域交流エリア", EventKind.SEMINAR, 10),
				new Plan(13, 11, "雪かきボランティアの集い", "青葉 集会所", EventKind.LOCAL, 25));
		var staff = accounts.findByLoginName(STAFF).orElseThrow().subject();
		for (var plan : plans) {
			var start = today.plusDays(plan.inDays()).atTime(plan.hour(), 0).atZone(tokyo).toInstant();
			events.create(new EventDraft(plan.title(), plan.title() + "。どなたでもお気軽にどうぞ。", plan.place(), plan.kind(),
					start, start.plus(java.time.Duration.ofMinutes(90)), plan.capacity(), java.util.EnumSet.noneOf(Area.class),
					java.util.Set.of(plan.kind() == EventKind.HEALTH ? "健康" : plan.kind() == EventKind.FARM ? "農園" : "交流")),
					staff);
		}
		var hanako = accounts.findByLoginName(RESIDENT).orElseThrow().id();
		int[] daysAgo = { 0, 2, 3, 8, 10, 15, 17, 22, 29, 36, 38 };
		String[] places = { "もみじ台 地域交流エリア", "青葉 集会所", "新さっぽろ 地域交流エリア" };
		for (int i = 0; i < daysAgo.length; i++) {
			var planned = today.minusDays(daysAgo[i]).atTime(10 + i % 4, 0).atZone(tokyo).toInstant();
			// today's outing has happened already, also when the demo starts in the small hours
			var when = planned.isAfter(clock.instant()) ? clock.instant().minus(java.time.Duration.ofMinutes(30)) : planned;
			timeline.record(new ActivityReport(hanako, i % 3 == 1 ? ActivityType.EVENT_ATTENDED : ActivityType.CHECK_IN,
					when, places[i % 3], ActivitySource.STAFF, "demo", "demo-outing-" + i));
		}
	}

	/**
	 * What 「もみじ台商店」 has left over this evening (tomorrow's once today's has passed), posted only
	 * while the shop has no open offer, so a restart adds nothing.
	 */
	private void foodLoss() {
		var now = clock.instant();
		var shop = shops.all().stream().filter(s -> s.name().equals("もみじ台商店")).findFirst();
		if (shop.isEmpty() || food.offersOf(shop.get()).stream().anyMatch(o -> o.openAt(now))) {
			return;
		}
		var day = Tokyo.today(clock);
		if (!day.atTime(19, 0).atZone(Tokyo.ZONE).toInstant().isAfter(now)) {
			day = day.plusDays(1);
		}
		var from = day.atTime(17, 0).atZone(Tokyo.ZONE).toInstant();
		var until = day.atTime(19, 0).atZone(Tokyo.ZONE).toInstant();
		food.post(shop.get(), new FoodOfferDraft("食パン(1斤)", 3, 1, 0, from, until, "今朝焼いたパンです。", null), "demo");
		food.post(shop.get(), new FoodOfferDraft("コロッケ", 8, 2, 30, from, until, "揚げたてを取っておきます。", null), "demo");
	}

	private void ward(long from, int to) {
		var random = new Random(settings.seed() + from);
		var faker = new Faker(Locale.JAPANESE, random);
		var today = Tokyo.today(clock);
		for (long batch = from; batch < to; batch += 100) {
			long size = Math.min(100, to - batch);
			tx.executeWithoutResult(status -> {
				for (int n = 0; n < size; n++) {
					residents.registerDemo(person(random, faker, today));
				}
			});
		}
		log.info("Demo ward: {} residents", residents.count());
	}

	private static ResidentDetails person(Random random, Faker faker, LocalDate today) {
		var area = pick(random, 0.42, 0.33);
		double seniorShare = switch (area) {
			case MOMIJIDAI -> 0.50;
			case AOBA -> 0.47;
			default -> 0.30;
		};
		int age = random.nextDouble() < seniorShare ? faker.number().numberBetween(65, 96)
				: faker.number().numberBetween(20, 65);
		var birth = today.minusYears(age).minusDays(random.nextInt(365));
		var family = JapaneseNames.FAMILY.get(random.nextInt(JapaneseNames.FAMILY.size()));
		var givenList = random.nextBoolean() ? JapaneseNames.GIVEN_FEMALE : JapaneseNames.GIVEN_MALE;
		var given = givenList.get(random.nextInt(givenList.size()));
		String phone = random.nextDouble() < 0.6 ? "011-" + faker.number().digits(3) + "-" + faker.number().digits(4)
				: null;
		return new ResidentDetails(family.kanji(), given.kanji(), family.kana(), given.kana(), birth, area, phone);
	}

	private static Area pick(Random random, double momijidai, double aoba) {
		double r = random.nextDouble();
		return r < momijidai ? Area.MOMIJIDAI : r < momijidai + aoba ? Area.AOBA : Area.SHIN_SAPPORO;
	}
}
