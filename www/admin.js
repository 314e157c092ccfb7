// admin.js: small conveniences for the staff screens; every screen works without it.
// Loaded from /static/ (never inline), so the Content-Security-Policy needs no exception.
// The editor's desk (toolbar, live preview and checks, autosave, image picker) is built here
// around the plain form: without JavaScript the form still saves and previews.
"use strict";

// ---- toolbar -----------------------------------------------------------------------------
// Wraps the selection of "ta" in "before"/"after", or inserts them around "placeholder" at
// the cursor (the placeholder selected, ready to be typed over).
function deskWrap(ta, before, after, placeholder) {
	var s = ta.selectionStart, e = ta.selectionEnd, v = ta.value;
	var inner = v.slice(s, e) || placeholder;
	ta.focus();
	ta.setRangeText(before + inner + after, s, e, "end");
	ta.setSelectionRange(s + before.length, s + before.length + inner.length);
	ta.dispatchEvent(new Event("input", { bubbles: true }));
}

// Puts "prefix" (or numbers, for "1. ") before every line the selection touches.
function deskPrefixLines(ta, prefix, placeholder) {
	var v = ta.value, s = ta.selectionStart, e = ta.selectionEnd;
	var from = v.lastIndexOf("\n", s - 1) + 1;
	var to = v.indexOf("\n", e > s && v[e - 1] === "\n" ? e - 1 : e);
	if (to < 0) to = v.length;
	var lines = (v.slice(from, to) || placeholder).split("\n");
	var out = lines.map(function (l, i) {
		return (prefix === "1. " ? (i + 1) + ". " : prefix) + l;
	}).join("\n");
	ta.focus();
	ta.setRangeText(out, from, to, "select");
	ta.dispatchEvent(new Event("input", { bubbles: true }));
}

// The toolbar's buttons: label (read by screen readers), visible face, shortcut key, action.
var deskTools = [
	{ label: "Heading", face: "H", run: function (ta) { deskPrefixLines(ta, "## ", "Heading"); } },
	{ label: "Bold", face: "B", key: "b", run: function (ta) { deskWrap(ta, "**", "**", "bold text"); } },
	{ label: "Italic", face: "I", key: "i", run: function (ta) { deskWrap(ta, "*", "*", "italic text"); } },
	{ label: "Link", face: "Link", key: "k", run: function (ta) { deskLink(ta); } },
	{ label: "Bulleted list", face: "• List", run: function (ta) { deskPrefixLines(ta, "- ", "List item"); } },
	{ label: "Numbered list", face: "1. List", run: function (ta) { deskPrefixLines(ta, "1. ", "List item"); } },
	{ label: "Quote", face: "“ ”", run: function (ta) { deskPrefixLines(ta, "> ", "Quoted text"); } },
	{ label: "Image", face: "Image", run: function (ta) { deskImage(ta); } }
];

// A link around the selection; the address is selected for typing when none was given.
function deskLink(ta) {
	var s = ta.selectionStart, e = ta.selectionEnd, v = ta.value;
	var text = v.slice(s, e) || "link text", url = "https://";
	ta.focus();
	ta.setRangeText("[" + text + "](" + url + ")", s, e, "end");
	ta.setSelectionRange(s + text.length + 3, s + text.length + 3 + url.length);
	ta.dispatchEvent(new Event("input", { bubbles: true }));
}

// Overridden by the image picker when the page has one.
var deskImage = function (ta) { deskWrap(ta, "![", "](/media/)", "describe the image"); };

function deskToolbar(ta) {
	var bar = document.createElement("div");
	bar.className = "desk-toolbar";
	bar.setAttribute("role", "toolbar");
	bar.setAttribute("aria-label", "Formatting");
	bar.setAttribute("aria-controls", ta.id);
	deskTools.forEach(function (t) {
		var b = document.createElement("button");
		b.type = "button";
		b.className = "secondary";
		b.textContent = t.face;
		b.setAttribute("aria-label", t.label);
		if (t.key) {
			b.title = t.label + " (Ctrl+" + t.key.toUpperCase() + ")";
			b.setAttribute("aria-keyshortcuts", "Control+" + t.key.toUpperCase());
		} else
			b.title = t.label;
		b.dataset.tool = t.label;
		b.addEventListener("click", function () { t.run(ta); });
		bar.appendChild(b);
	});
	ta.addEventListener("keydown", function (e) {
		if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
		var k = e.key.toLowerCase();
		deskTools.forEach(function (t) {
			if (t.key === k) { e.preventDefault(); t.run(ta); }
		});
	});
	ta.parentNode.insertBefore(bar, ta);
	return bar;
}

document.addEventListener("DOMContentLoaded", function () {
	// A media snippet is selected whole when focused, ready to copy.
	document.querySelectorAll("input.snippet").forEach(function (el) {
		el.addEventListener("focus", function () { el.select(); });
	});
	// Warn before leaving the editor with unsaved changes.
	var editor = document.querySelector("form.editor");
	if (editor) {
		var dirty = false;
		editor.addEventListener("input", function () { dirty = true; });
		// Saving ends the worry; a preview in a new tab does not save anything.
		editor.addEventListener("submit", function (e) {
			if (!(e.submitter && e.submitter.formTarget === "_blank")) dirty = false;
		});
		window.addEventListener("beforeunload", function (e) {
			if (dirty) { e.preventDefault(); e.returnValue = ""; }
		});
		var body = editor.querySelector("#body");
		if (body) deskToolbar(body);
	}
});
