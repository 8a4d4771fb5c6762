package jp.tsunagu.foodloss;

/** Only a registered resident reserves food (a shop or staff account has no area and no timeline). */
public class FoodForResidentsOnly extends RuntimeException {

	public FoodForResidentsOnly() {
		super("Only residents reserve food");
	}
}
