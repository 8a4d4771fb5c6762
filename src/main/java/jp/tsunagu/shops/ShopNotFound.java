package jp.tsunagu.shops;

/** No shop has this id (or the id is not one). */
public class ShopNotFound extends RuntimeException {

	public ShopNotFound(String id) {
		super("No shop " + id);
	}
}
