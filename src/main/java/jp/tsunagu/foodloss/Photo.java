package jp.tsunagu.foodloss;

/**
 * A small photo of an offer, JPEG or PNG as its first bytes say (never as the upload claims), at
 * most {@link #MAX_BYTES}; served back with the content type found here.
 */
public record Photo(String contentType, byte[] bytes) {

	public static final int MAX_BYTES = 512 * 1024;

	private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	/** The photo these bytes are, or {@link FoodPhotoRefused} (empty, too large, neither JPEG nor PNG). */
	public static Photo of(byte[] bytes) {
		if (bytes.length == 0 || bytes.length > MAX_BYTES) {
			throw new FoodPhotoRefused(bytes.length == 0 ? "empty" : "too-large");
		}
		if (startsWith(bytes, JPEG)) {
			return new Photo("image/jpeg", bytes);
		}
		if (startsWith(bytes, PNG)) {
			return new Photo("image/png", bytes);
		}
		throw new FoodPhotoRefused("not-an-image");
	}

	private static boolean startsWith(byte[] bytes, byte[] magic) {
		if (bytes.length < magic.length) {
			return false;
		}
		for (int i = 0; i < magic.length; i++) {
			if (bytes[i] != magic[i]) {
				return false;
			}
		}
		return true;
	}
}
