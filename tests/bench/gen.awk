# SPDX-License-Identifier: ISC
# tests/bench/gen.awk: writes N realistic clinic articles (Markdown with YAML front matter) into
# a folder, deterministically: the same N and SEED give the same bytes with any POSIX awk (the
# random numbers come from our own Park-Miller generator, exact in awk's doubles).
#
# usage: awk -v N=10000 -v OUT=DIR [-v SEED=20250601] -f tests/bench/gen.awk
#
# Each body is 2-20 KB (uniform): sections with headings, paragraphs with emphasis, links
# (outside and to other articles), bullet and numbered lists, the odd quote and table-free
# "key facts" list; 1-3 of 24 topics each; publish dates spread over ten years, all in the past.

function rnd(n) {		# an integer in [0, n)
	seed = (seed * 16807) % 2147483647
	return int(seed / 2147483647 * n)
}
function pick(arr, n) { return arr[rnd(n) + 1] }
function split_into(s, arr) { return split(s, arr, "|") }

# Days since 1970-01-01 to Y-M-D (Howard Hinnant's civil_from_days, integers only).
function ymd(days,    z, era, doe, yoe, y, doy, mp, d, m) {
	z = days + 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2)
		y++
	return sprintf("%04d-%02d-%02d", y, m, d)
}

function cap(s) { return toupper(substr(s, 1, 1)) substr(s, 2) }

function phrase(n,    s, i) {
	s = pick(W, nw)
	for (i = 1; i < n; i++)
		s = s " " pick(W, nw)
	return s
}

# One sentence with, now and then, emphasis, a link, a quotation or an apostrophe.
function sentence(plain,    n, s, i, r, w) {
	n = 8 + rnd(15)
	s = ""
	for (i = 0; i < n; i++) {
		r = rnd(100)
		if ((plain || i == 0) && r < 12)
			r = 12
		if (r < 4)
			w = "*" pick(W, nw) "*"
		else if (r < 6)
			w = "**" pick(W, nw) " " pick(W, nw) "**"
		else if (r < 8 && i > 2)
			w = "[" pick(W, nw) " " pick(W, nw) "](" pick(EXT, next_) pick(W, nw) "/)"
		else if (r < 9 && i > 2 && idx > 1)
			w = "[" pick(W, nw) " " pick(W, nw) "](/articles/" slugs[1 + rnd(idx - 1)] ")"
		else if (r < 10)
			w = "\"" pick(W, nw) " " pick(W, nw) "\""
		else if (r < 12)
			w = pick(APOS, napos)
		else if (r < 15)
			w = topic_word()
		else
			w = pick(W, nw)
		s = s (i ? " " : "") w
		if (i > 3 && i < n - 2 && rnd(100) < 6)
			s = s ","
	}
	return cap(s) (rnd(10) ? "." : "?")
}

# A word of one of the current article's topics (the searchable ones: "insomnia" is found in
# the articles about sleep, not in all of them).
function topic_word(    t, n, arr) {
	t = cur[1 + rnd(ncur)]
	n = split(TOPW[t], arr, "|")
	return arr[1 + rnd(n)]
}

function paragraph(    n, s, i) {
	n = 3 + rnd(5)
	s = sentence()
	for (i = 1; i < n; i++)
		s = s " " sentence()
	return s "\n\n"
}

function bullets(ordered,    n, s, i) {
	n = 3 + rnd(5)
	s = ""
	for (i = 1; i <= n; i++)
		s = s (ordered ? i "." : "-") " " (rnd(3) ? "" : "**" cap(phrase(2)) ".** ") \
		    cap(phrase(4 + rnd(10))) (rnd(2) ? ";" : ".") "\n"
	return s "\n"
}

function block(    r) {
	r = rnd(100)
	if (r < 62)
		return paragraph()
	if (r < 77)
		return bullets(0)
	if (r < 87)
		return bullets(1)
	if (r < 92)
		return "> " sentence() " " sentence() "\n\n"
	if (r < 97)
		return "### " cap(phrase(2 + rnd(4))) "\n\n"
	return "Key facts: `" pick(W, nw) "` and `" pick(W, nw) "`.\n\n"
}

# Writes a body of at least "target" bytes to "file".
function body(target, file,    s, len) {
	s = paragraph()
	len = length(s)
	printf "%s", s > file
	while (len < target) {
		s = ""
		if (rnd(100) < 18)
			s = "## " cap(pick(HEAD, nhead)) " " phrase(1 + rnd(3)) "\n\n"
		s = s block()
		len += length(s)
		printf "%s", s > file
	}
}

BEGIN {
	if (N == "" || OUT == "") {
		print "usage: awk -v N=COUNT -v OUT=DIR -f gen.awk" > "/dev/stderr"
		exit 2
	}
	seed = SEED != "" ? SEED + 0 : 20250601
	nw = split_into("acupuncture|needle|needles|treatment|session|sessions|pain|back|neck|" \
	    "shoulder|knee|headache|migraine|sleep|stress|anxiety|fatigue|pregnancy|fertility|" \
	    "nausea|digestion|appetite|evidence|trial|trials|review|study|studies|guidance|" \
	    "patients|people|clinic|practitioner|doctor|GP|physiotherapist|nurse|exercise|" \
	    "walking|stretching|posture|breathing|diet|water|rest|recovery|symptoms|relief|" \
	    "muscle|muscles|joint|joints|nerve|tension|inflammation|circulation|immune|" \
	    "seasonal|hay|fever|allergy|cold|winter|spring|summer|morning|evening|week|weeks|" \
	    "month|months|plan|plans|appointment|first|second|gentle|careful|common|usual|" \
	    "small|large|modest|clear|honest|safe|safety|risk|risks|benefit|benefits|effect|" \
	    "effects|placebo|sham|control|group|result|results|measure|score|scale|quality|" \
	    "life|daily|work|home|family|children|adults|older|younger|women|men|body|mind|" \
	    "calm|relaxed|tired|better|worse|often|rarely|usually|sometimes|gradually|slowly|" \
	    "quickly|and|or|but|with|without|for|from|after|before|during|about|between|" \
	    "the|the|the|a|a|an|of|of|of|to|to|in|in|on|at|is|are|was|were|may|can|might|" \
	    "should|will|would|we|you|your|our|they|their|this|that|these|those|most|many|" \
	    "some|few|more|less|not|also|only|still|often|reported|suggests|shows|found|" \
	    "helps|feel|feels|felt|improve|improves|reduce|reduces|ask|book|bring|wear|" \
	    "drink|eat|move|rest|talk|listen|explain|check|expect|notice|record|track", W)
	napos = split_into("it's|don't|we'll|you're|isn't|there's|that's|can't|we've|doesn't", APOS)
	next_ = split_into("https://www.nhs.uk/conditions/|https://www.nice.org.uk/guidance/|" \
	    "https://www.cochranelibrary.com/search?q=|https://pubmed.ncbi.nlm.nih.gov/?term=|" \
	    "https://www.who.int/health-topics/", EXT)
	nhead = split_into("What the research says about|Before your first|How we approach|" \
	    "When to see a doctor about|What to expect from|Questions people ask about|" \
	    "Looking after yourself:|Safety and|How many sessions for|Why we talk about|" \
	    "Practical tips on|The honest answer on", HEAD)
	ntop = split_into("Pain|Back pain|Neck and shoulders|Headache and migraine|Sleep|Stress|" \
	    "Anxiety|Pregnancy|Fertility|Digestion|Hay fever|Allergies|Sports injuries|" \
	    "Knee pain|Arthritis|Fatigue|First visit|Treatment plans|Safety|Research|" \
	    "Nutrition|Exercise|Older adults|Women's health", TOP)
	# Words that belong to one topic each, in the order of TOP.
	split("chronic|flare|ache|aching|painkillers;lumbar|sciatica|spine|disc|lifting;" \
	    "whiplash|stiffness|desk|pillow|trapezius;migraines|aura|tension-type|triggers|" \
	    "photophobia;insomnia|melatonin|bedtime|snoring|naps;cortisol|burnout|overwhelm|" \
	    "worry|deadlines;panic|nervousness|reassurance|palpitations|calming;trimester|" \
	    "midwife|morning-sickness|breech|labour;IVF|embryo|ovulation|conception|cycle;" \
	    "bloating|reflux|bowel|constipation|gut;pollen|sneezing|antihistamines|" \
	    "congestion|itchy;eczema|dust|mites|rhinitis|hives;runners|sprain|tendon|" \
	    "hamstring|training;cartilage|meniscus|kneecap|osteoarthritis|squats;rheumatoid|" \
	    "swelling|hands|mobility|flare-ups;exhaustion|energy|pacing|anaemia|" \
	    "post-viral;consultation|questionnaire|consent|gown|couch;course|frequency|" \
	    "review|goals|progress;sterile|single-use|bruising|fainting|contraindications;" \
	    "randomised|meta-analysis|systematic|bias|sample;vitamins|fibre|hydration|" \
	    "protein|meals;strength|cardio|yoga|pilates|steps;falls|balance|frailty|" \
	    "memory|retirement;menopause|periods|endometriosis|hot-flushes|PMS", TW0, ";")
	for (k = 1; k <= ntop; k++)
		TOPW[k] = TW0[k]
	nauth = split_into("Niamh Carroway|Owen Pritchard|Sunita Rao|Tomasz Wilk|" \
	    "Grace Adeyemi|Hamish Laird", AUTH)
	nrev = split_into("Dr Amira Lowe, GP|Dr Felix Brandt, GP|" \
	    "Priya Natarajan, MCSP physiotherapist|Dr Ellen Moore, MRCGP", REV)
	ntw = split_into("Acupuncture|Needles|Sessions|Treatment|Evidence|Research|Questions|" \
	    "Recovery|Sleep|Stress|Pain|Safety", TW)
	nts = split_into("what the evidence says|what to expect|a plain guide|" \
	    "questions and answers|an honest look|how we can help|what we know so far|" \
	    "common myths|a practical guide|when to seek help", TS)

	# 2015-01-01 .. 2025-06-01 in days since the epoch.
	day0 = 16436
	span = 20240 - day0
	for (idx = 1; idx <= N; idx++) {
		# 1-3 topics (a repeat is merged by the importer), the first one in the title.
		ncur = 1 + rnd(3)
		for (k = 1; k <= ncur; k++)
			cur[k] = 1 + rnd(ntop)
		t1 = TOP[cur[1]]
		title = pick(TW, ntw) " and " tolower(t1) ": " pick(TS, nts)
		if (rnd(3) == 0)
			title = cap(pick(W, nw)) " " pick(W, nw) ", " tolower(pick(TOP, ntop)) \
			    " and you"
		slug = tolower(title)
		gsub(/[^a-z0-9]+/, "-", slug)
		sub(/^-/, "", slug)
		sub(/-$/, "", slug)
		slug = substr(slug, 1, 80) "-" idx
		slugs[idx] = slug
		pday = day0 + int(idx * span / (N + 1))
		secs = rnd(86400)
		file = sprintf("%s/a%05d.md", OUT, idx)
		printf "---\n" > file
		printf "title: \"%s\"\n", title > file
		printf "slug: %s\n", slug > file
		printf "date: %sT%02d:%02d:%02dZ\n", ymd(pday), int(secs / 3600),
		    int(secs % 3600 / 60), secs % 60 > file
		printf "topics:\n  - %s\n", t1 > file
		for (k = 2; k <= ncur; k++)
			printf "  - %s\n", TOP[cur[k]] > file
		printf "summary: \"%s\"\n", sentence(1) " " sentence(1) > file
		printf "status: published\n" > file
		printf "author: %s\n", pick(AUTH, nauth) > file
		printf "reviewer: \"%s\"\n", pick(REV, nrev) > file
		rday = pday + 30 + rnd(300)
		printf "reviewed: %s\n", ymd(rday) > file
		printf "review_due: %s\n", ymd(rday + 365) > file
		printf "---\n\n" > file
		body(2048 + rnd(20480 - 2048 - 1400), file)
		close(file)
	}
}
