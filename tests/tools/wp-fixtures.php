<?php
// SPDX-License-Identifier: ISC
// tests/tools/wp-fixtures.php: run by tests/tools/wp-fixtures.sh inside a throwaway WordPress.
// Writes a small clinic site through WordPress's own API (wp_insert_term, wp_insert_post,
// media_handle_sideload, set_post_thumbnail), then WordPress's own export_wp() to OUT/export.xml,
// and, for each published post and page, the text WordPress shows a visitor (the_content
// filtered, each tag replaced by a space) to OUT/text/SLUG.txt. The content is ours; the
// images are drawn here.
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST);
require getenv('WP_DIR') . '/wp/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
$out = $argv[1];
wp_set_current_user(1);	// an administrator: her HTML is kept as written (no kses)

function fail($what) { fwrite(STDERR, "wp-fixtures: $what\n"); exit(1); }
function ok($r, $what) { if (is_wp_error($r) || !$r) fail("$what: " . (is_wp_error($r) ? $r->get_error_message() : 'failed')); return $r; }

function term($name, $tax, $parent = 0) {
	$r = ok(wp_insert_term($name, $tax, ['parent' => $parent]), "term $name");
	return $r['term_id'];
}

function post($a) {
	$a += ['post_type' => 'post', 'post_status' => 'publish', 'post_author' => 1];
	return ok(wp_insert_post(wp_slash($a), true), "post {$a['post_title']}");
}

// A small picture drawn here (flat shapes: a few KB as JPEG or PNG), handed to WordPress as an
// upload attached to PARENT, which files it under the parent's year/month and makes its sizes.
function image($parent, $name, $rgb, $alt, $caption = '') {
	$im = imagecreatetruecolor(480, 320);
	imagefill($im, 0, 0, imagecolorallocate($im, 246, 242, 232));
	imagefilledellipse($im, 240, 160, 300, 200, imagecolorallocate($im, $rgb[0], $rgb[1], $rgb[2]));
	imagefilledrectangle($im, 40, 250, 440, 280, imagecolorallocate($im, 90, 110, 100));
	$tmp = wp_tempnam($name);
	if (str_ends_with($name, '.png')) {
		imagetruecolortopalette($im, false, 8);
		imagepng($im, $tmp, 9);
	} else {
		imagejpeg($im, $tmp, 40);
	}
	$id = ok(media_handle_sideload(['name' => $name, 'tmp_name' => $tmp], $parent, null,
	    ['post_excerpt' => $caption]), "image $name");
	update_post_meta($id, '_wp_attachment_image_alt', $alt);
	return $id;
}

function img_tag($id, $size, $cls = '') {
	$src = wp_get_attachment_image_src($id, $size);
	$alt = esc_attr(get_post_meta($id, '_wp_attachment_image_alt', true));
	return "<img class=\"$cls wp-image-$id\" src=\"$src[0]\" alt=\"$alt\" width=\"$src[1]\" height=\"$src[2]\" />";
}

function set_content($id, $content) {
	ok(wp_update_post(wp_slash(['ID' => $id, 'post_content' => $content]), true), "content of $id");
}

// --- topics: nested categories and tags -------------------------------------------------------
$conditions = term('Conditions', 'category');
$headaches = term('Headaches', 'category', $conditions);
$back = term('Back pain', 'category', $conditions);
$lower = term('Lower back', 'category', $back);
$visiting = term('Visiting us', 'category');
$news = term('Clinic news', 'category');

// --- a classic post: wpautop paragraphs, a [caption], a list, a link to another post ----------
$p1 = post(['post_title' => 'Acupuncture for tension headaches', 'post_name' => 'tension-headaches',
    'post_date' => '2023-03-14 09:30:00', 'post_category' => [$headaches], 'tags_input' => ['headache', 'neck'],
    'post_excerpt' => 'How a short course of acupuncture can ease tension headaches.', 'post_content' => 'x']);
$i1 = image($p1, 'needles-tray.jpg', [200, 120, 90], 'A tray of sterile single-use needles', 'Every needle is used once');
set_post_thumbnail($p1, $i1);

$p2 = post(['post_title' => 'What happens at your first visit', 'post_name' => 'first-visit',
    'post_date' => '2023-05-02 14:00:00', 'post_category' => [$visiting], 'tags_input' => ['first visit'],
    'post_content' => 'x']);
$i2 = image($p2, 'treatment-room.jpg', [110, 150, 190], 'The quiet treatment room with a couch by the window');
set_post_thumbnail($p2, $i2);
$yt = 'https://www.youtube.com/watch?v=cLiNiCtOuR1';

set_content($p1, "Tension headaches often start in the neck and shoulders. Many of our patients feel them build through the working day &amp; fade at the weekend.

[caption id=\"attachment_$i1\" align=\"alignnone\" width=\"300\"]" . img_tag($i1, 'medium', 'size-medium') . " Every needle is used once and thrown away[/caption]

A typical course is <strong>four to six sessions</strong>, a week apart. Between sessions it helps to:
<ul>
 	<li>drink enough water</li>
 	<li>take short breaks from the screen
<ul>
 	<li>every forty minutes</li>
 	<li>with a stretch of the neck</li>
</ul>
</li>
</ul>
If this is your first time, read <a href=\"" . get_permalink($p2) . "\">what happens at your first visit</a>.
We will ask about your sleep, too.

<em>Tip:</em> keep a short headache diary for two weeks before you come.");

// --- a block-editor post: headings, list, image, quote, embed, table, rule --------------------
set_content($p2, "<!-- wp:paragraph -->
<p>Your first appointment lasts about an hour. We begin with a conversation, not with needles.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2>Before you arrive</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li>Eat a light meal an hour or two before.</li><li>Wear loose clothes that roll up above the knee.</li><li>Bring a list of any medicines you take.</li></ul>
<!-- /wp:list -->

<!-- wp:image {\"id\":$i2,\"sizeSlug\":\"medium\",\"linkDestination\":\"none\"} -->
<figure class=\"wp-block-image size-medium\">" . img_tag($i2, 'medium') . "<figcaption class=\"wp-element-caption\">Our treatment room on the first floor</figcaption></figure>
<!-- /wp:image -->

<!-- wp:heading {\"level\":3} -->
<h3>During the <em>treatment</em></h3>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>Most people feel a dull ache or warmth where a needle goes in. You can ask us to stop at any time.</p>
<!-- /wp:paragraph -->

<!-- wp:quote -->
<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->
<p>I slept better that night than I had in months.</p>
<!-- /wp:paragraph --><cite>A patient, in her own words</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:embed {\"url\":\"$yt\",\"type\":\"video\",\"providerNameSlug\":\"youtube\",\"responsive\":true,\"className\":\"wp-embed-aspect-16-9 wp-has-aspect-ratio\"} -->
<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio\"><div class=\"wp-block-embed__wrapper\">
$yt
</div></figure>
<!-- /wp:embed -->

<!-- wp:table -->
<figure class=\"wp-block-table\"><table><thead><tr><th>Appointment</th><th>Length</th></tr></thead><tbody><tr><td>First visit</td><td>60 minutes</td></tr><tr><td>Follow-up</td><td>40 minutes</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:separator -->
<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>
<!-- /wp:separator -->

<!-- wp:paragraph -->
<p>Questions? Call us on <a href=\"tel:+441632960123\">01632 960123</a>.</p>
<!-- /wp:paragraph -->");

// --- a classic post with a [gallery] and a shortcode of a plugin this site no longer has ------
$p3 = post(['post_title' => 'Easing lower back pain', 'post_name' => 'lower-back-pain',
    'post_date' => '2023-09-20 08:15:00', 'post_category' => [$lower, $back], 'tags_input' => ['back', 'posture'],
    'post_content' => 'x']);
$g1 = image($p3, 'posture-chair.png', [150, 170, 120], 'A chair set up for good posture');
$g2 = image($p3, 'heat-pack.jpg', [210, 90, 80], 'A warm heat pack on a towel');
set_post_thumbnail($p3, $g2);
set_content($p3, "Lower back pain is the most common reason people visit us. Acupuncture works best alongside gentle movement.

[gallery ids=\"$g1,$g2\" columns=\"2\" size=\"thumbnail\"]

Set up your chair so your feet rest flat on the floor. A warm heat pack for twenty minutes eases stiffness in the morning.

[booking_widget clinic=\"harbour\" type=\"back\"]

Book a back assessment if the pain lasts more than six weeks.");

// --- a block post scheduled for the future, drafts, a private post ----------------------------
post(['post_title' => 'New evening hours from next spring', 'post_name' => 'evening-hours',
    'post_status' => 'future', 'post_date' => '2035-03-01 09:00:00', 'post_category' => [$news],
    'post_content' => "<!-- wp:paragraph -->\n<p>From March we open until eight on Tuesdays and Thursdays.</p>\n<!-- /wp:paragraph -->"]);
post(['post_title' => 'Notes on needle sizes', 'post_status' => 'draft', 'post_category' => [$conditions],
    'post_content' => "Half written. Sizes we use:\n\n0.16 mm for the face, 0.25 mm elsewhere."]);
post(['post_title' => 'Cupping: an unfinished draft', 'post_status' => 'draft', 'post_category' => [$conditions],
    'post_content' => "<!-- wp:paragraph -->\n<p>Cupping leaves round marks that fade in a few days.</p>\n<!-- /wp:paragraph -->"]);
post(['post_title' => 'Staff holiday rota', 'post_name' => 'holiday-rota', 'post_status' => 'private',
    'post_date' => '2023-11-01 10:00:00', 'post_category' => [$news], 'post_content' => 'Maya is away in August.']);

// --- pages, one a child of the other ----------------------------------------------------------
$about = post(['post_type' => 'page', 'post_title' => 'About the clinic', 'post_name' => 'about',
    'post_date' => '2022-01-10 12:00:00', 'post_content' => "Harbour Acupuncture has treated patients by the old harbour since 2009.\n\nWe are two practitioners and one very calm receptionist."]);
post(['post_type' => 'page', 'post_title' => 'Our practitioners', 'post_name' => 'practitioners', 'post_parent' => $about,
    'post_date' => '2022-01-10 12:05:00', 'post_content' => "<!-- wp:paragraph -->\n<p><strong>Maya Green</strong> trained in London and has practised for fifteen years.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p><strong>Tom Reed</strong> treats sports injuries and back pain.</p>\n<!-- /wp:paragraph -->"]);

// --- WordPress's own export, and the text it shows a visitor ----------------------------------
ob_start();
export_wp(['content' => 'all']);
file_put_contents("$out/export.xml", ob_get_clean());
@mkdir("$out/text", 0755, true);
$q = new WP_Query(['post_type' => ['post', 'page'], 'post_status' => 'publish', 'posts_per_page' => -1]);
foreach ($q->posts as $p) {
	$GLOBALS['post'] = $p;
	setup_postdata($p);
	$html = apply_filters('the_content', $p->post_content);
	file_put_contents("$out/text/{$p->post_name}.txt",
	    html_entity_decode(wp_strip_all_tags(str_replace("<", " <", $html)), ENT_QUOTES | ENT_HTML5, "UTF-8") . "\n");
}
wp_reset_postdata();
