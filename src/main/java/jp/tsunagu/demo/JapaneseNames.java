package jp.tsunagu.demo;

import java.util.List;

/**
 * Common family and given names of Hokkaido with their readings. Datafaker's Japanese locale has
 * names but no kana, and a resident list without kana is useless at the help desk.
 */
final class JapaneseNames {

	record Name(String kanji, String kana) {
	}

	static final List<Name> FAMILY = names("佐藤:サトウ 高橋:タカハシ 鈴木:スズキ 佐々木:ササキ 伊藤:イトウ 田中:タナカ 渡辺:ワタナベ"
			+ " 吉田:ヨシダ 山本:ヤマモト 中村:ナカムラ 小林:コバヤシ 斉藤:サイトウ 加藤:カトウ 工藤:クドウ 阿部:アベ"
			+ " 木村:キムラ 山田:ヤマダ 佐々木:ササキ 菅原:スガワラ 松本:マツモト 井上:イノウエ 村上:ムラカミ 三浦:ミウラ"
			+ " 小川:オガワ 石川:イシカワ 山口:ヤマグチ 清水:シミズ 藤田:フジタ 成田:ナリタ 千葉:チバ 菊地:キクチ"
			+ " 今井:イマイ 大野:オオノ 西村:ニシムラ 岡田:オカダ 長谷川:ハセガワ 近藤:コンドウ 森:モリ 池田:イケダ 橋本:ハシモト");

	static final List<Name> GIVEN_FEMALE = names("和子:カズコ 幸子:サチコ 節子:セツコ 洋子:ヨウコ 恵子:ケイコ 京子:キョウコ"
			+ " 美智子:ミチコ 悦子:エツコ 久美子:クミコ 文子:フミコ 光子:ミツコ 千代子:チヨコ 由美子:ユミコ 昭子:アキコ"
			+ " 陽子:ヨウコ 直美:ナオミ 真由美:マユミ 美咲:ミサキ 陽菜:ヒナ 結衣:ユイ 彩:アヤ 愛:アイ");

	static final List<Name> GIVEN_MALE = names("清:キヨシ 茂:シゲル 博:ヒロシ 実:ミノル 勇:イサム 進:ススム 正:タダシ"
			+ " 隆:タカシ 修:オサム 明:アキラ 豊:ユタカ 弘:ヒロシ 和夫:カズオ 健一:ケンイチ 誠:マコト 浩二:コウジ"
			+ " 大輔:ダイスケ 翔太:ショウタ 拓也:タクヤ 健太:ケンタ 蓮:レン 陽翔:ハルト");

	private JapaneseNames() {
	}

	private static List<Name> names(String pairs) {
		return java.util.Arrays.stream(pairs.split(" ")).map(p -> p.split(":")).map(p -> new Name(p[0], p[1])).toList();
	}
}
