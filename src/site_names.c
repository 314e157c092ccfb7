/* site_names.c: the template files and the names templates may use. A template naming
 * anything else fails to load (tmpl.c), so a typo stops the worker at start, not a visitor. */
#include "config.h"

#include "site.h"

const char *const site_templates[TMPL__MAX] = {
	"home.html",		/* TMPL_HOME */
	"post.html",		/* TMPL_POST */
	"page.html",		/* TMPL_PAGE */
	"error.html",		/* TMPL_ERROR */
	"topics.html",		/* TMPL_TOPICS */
	"topic.html",		/* TMPL_TOPIC */
	"search.html",		/* TMPL_SEARCH */
	"feed.xml",		/* TMPL_FEED */
	"sitemap.xml",		/* TMPL_SITEMAP */
};

const char *const site_names[V__MAX] = {
	"site_title",		/* V_SITE_TITLE */
	"tagline",		/* V_TAGLINE */
	"base_url",		/* V_BASE_URL */
	"lang",			/* V_LANG */
	"clinic_name",		/* V_CLINIC_NAME */
	"clinic_address",	/* V_CLINIC_ADDRESS */
	"clinic_phone",		/* V_CLINIC_PHONE */
	"clinic_phone_href",	/* V_CLINIC_PHONE_HREF */
	"clinic_hours",		/* V_CLINIC_HOURS */
	"booking_url",		/* V_BOOKING_URL */
	"disclaimer",		/* V_DISCLAIMER */
	"year",			/* V_YEAR */
	"page_title",		/* V_PAGE_TITLE */
	"meta_description",	/* V_META_DESCRIPTION */
	"canonical_url",	/* V_CANONICAL_URL */
	"og_type",		/* V_OG_TYPE */
	"static_version",	/* V_STATIC_VERSION */
	"is_home",		/* V_IS_HOME */
	"title",		/* V_TITLE */
	"slug",			/* V_SLUG */
	"url",			/* V_URL */
	"summary",		/* V_SUMMARY */
	"body_html",		/* V_BODY_HTML */
	"author",		/* V_AUTHOR */
	"reviewer",		/* V_REVIEWER */
	"reviewed_date",	/* V_REVIEWED_DATE */
	"reviewed_human",	/* V_REVIEWED_HUMAN */
	"review_due_date",	/* V_REVIEW_DUE_DATE */
	"review_due_human",	/* V_REVIEW_DUE_HUMAN */
	"published_iso",	/* V_PUBLISHED_ISO */
	"published_human",	/* V_PUBLISHED_HUMAN */
	"published_date",	/* V_PUBLISHED_DATE */
	"modified_iso",		/* V_MODIFIED_ISO */
	"modified_human",	/* V_MODIFIED_HUMAN */
	"reading_minutes",	/* V_READING_MINUTES */
	"topics",		/* V_TOPICS */
	"topic_name",		/* V_TOPIC_NAME */
	"topic_slug",		/* V_TOPIC_SLUG */
	"topic_url",		/* V_TOPIC_URL */
	"prev_title",		/* V_PREV_TITLE */
	"prev_url",		/* V_PREV_URL */
	"next_title",		/* V_NEXT_TITLE */
	"next_url",		/* V_NEXT_URL */
	"posts",		/* V_POSTS */
	"page_number",		/* V_PAGE_NUMBER */
	"page_count",		/* V_PAGE_COUNT */
	"prev_page_url",	/* V_PREV_PAGE_URL */
	"next_page_url",	/* V_NEXT_PAGE_URL */
	"error_status",		/* V_ERROR_STATUS */
	"error_title",		/* V_ERROR_TITLE */
	"error_message",	/* V_ERROR_MESSAGE */
	"topic_list",		/* V_TOPIC_LIST */
	"topic_count",		/* V_TOPIC_COUNT */
	"query",		/* V_QUERY */
	"results",		/* V_RESULTS */
	"result_count",		/* V_RESULT_COUNT */
	"snippet_html",		/* V_SNIPPET_HTML */
	"search_message",	/* V_SEARCH_MESSAGE */
	"feed_url",		/* V_FEED_URL */
	"feed_title",		/* V_FEED_TITLE */
	"feed_updated",		/* V_FEED_UPDATED */
	"self_url",		/* V_SELF_URL */
	"lastmod",		/* V_LASTMOD */
	"kind",			/* V_KIND */
};
