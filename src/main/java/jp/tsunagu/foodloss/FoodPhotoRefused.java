package jp.tsunagu.foodloss;

/** The uploaded photo is empty, larger than {@link Photo#MAX_BYTES} or not a JPEG or PNG. */
public class FoodPhotoRefused extends RuntimeException {

	private final String reason;

	public FoodPhotoRefused(String reason) {
		super("Photo refused: " + reason);
		this.reason = reason;
	}

	public String reason() {
		return reason;
	}
}
