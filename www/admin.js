/* SPDX-License-Identifier: ISC */
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
	var empty = from === to, lines = (empty ? placeholder : v.slice(from, to)).split("\n");
	var out = lines.map(function (l, i) {
		return (prefix === "1. " ? (i + 1) + ". " : prefix) + l;
	}).join("\n");
	ta.focus();
	ta.setRangeText(out, from, to, "select");
	// On an empty line the placeholder alone is selected, ready to be typed over.
	if (empty) ta.setSelectionRange(to + out.length - placeholder.length, to + out.length);
	ta.dispatchEvent(new Event("input", { bubbles: true }));
}

// The toolbar's buttons: label (read by screen readers), visible face, shortcut key, action.
var deskTools = [
	{ label: "Heading", face: "H", run: function (ta) { deskPrefixLines(ta, "## ", "Heading"); } },
	{ label: "Bold", face: "B", key: "b", run: function (ta) { deskWrap(ta, "**", "**", "bold text"); } },
	{ label: "Italic", face: "I", key: "i", run: function (ta) { deskWrap(ta, "*", "*", "italic text"); } },
	{ label: "Link", face: "Link", key: "k", run: function (ta) { deskLink(ta); } },
	{ label: "Bulleted list", face: "• Bulleted", run: function (ta) { deskPrefixLines(ta, "- ", "List item"); } },
	{ label: "Numbered list", face: "Numbered", run: function (ta) { deskPrefixLines(ta, "1. ", "List item"); } },
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

// The image button opens the picker (deskPicker), set up with the desk.
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

// ---- small helpers -------------------------------------------------------------------------
// An element with attributes and children (strings become text, never HTML).
function deskEl(tag, attrs, children) {
	var e = document.createElement(tag);
	Object.keys(attrs || {}).forEach(function (k) {
		if (k === "text") e.textContent = attrs[k];
		else e.setAttribute(k, attrs[k]);
	});
	(children || []).forEach(function (c) {
		e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
	});
	return e;
}

function deskTime(d) {
	return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
}

// Parses HTML the server made (escaped by its templates) into a fragment; nothing runs.
function deskParse(html) {
	var t = document.createElement("template");
	t.innerHTML = html;
	return t.content;
}

// ---- layout: the text and, beside it, the preview and the checks --------------------------
// On small screens the two sides are tabs ("Write", "Preview and checks").
function deskLayout(form, ta) {
	var bodyP = ta.closest("p"), checks = document.getElementById("desk-checks");
	var desk = deskEl("div", { "class": "desk", "data-view": "write" });
	var tabs = deskEl("div", { role: "tablist", "aria-label": "Writing or preview", "class": "desk-tabs" });
	var write = deskEl("div", { id: "desk-write", role: "tabpanel", "aria-labelledby": "desk-tab-write", "class": "desk-write" });
	var side = deskEl("div", { id: "desk-side", role: "tabpanel", "aria-labelledby": "desk-tab-side", "class": "desk-side" });
	var toggle = deskEl("input", { type: "checkbox", id: "desk-show-preview" });
	// Scrolls on its own, so it takes the keyboard focus too (arrow keys scroll it).
	var preview = deskEl("div", { id: "desk-preview", "class": "desk-preview-pane", role: "region",
		"aria-label": "Preview", tabindex: "0" }, [
		deskEl("p", { "class": "muted", text: "The preview appears here as you type." })]);
	var status = deskEl("p", { id: "desk-status", "class": "desk-status hint", role: "status" });
	function tab(id, label, view) {
		var b = deskEl("button", { type: "button", role: "tab", id: id, "class": "secondary",
			"aria-controls": view === "write" ? "desk-write" : "desk-side", text: label });
		b.addEventListener("click", function () { show(view, true); });
		b.addEventListener("keydown", function (e) {
			if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
				e.preventDefault();
				show(view === "write" ? "side" : "write", true);
			}
		});
		tabs.appendChild(b);
		return b;
	}
	var tWrite = tab("desk-tab-write", "Write", "write");
	var tSide = tab("desk-tab-side", "Preview and checks", "side");
	function show(view, focus) {
		desk.dataset.view = view;
		[[tWrite, "write"], [tSide, "side"]].forEach(function (p) {
			p[0].setAttribute("aria-selected", String(p[1] === view));
			p[0].tabIndex = p[1] === view ? 0 : -1;
		});
		if (focus) (view === "write" ? tWrite : tSide).focus();
	}
	show("write", false);
	bodyP.parentNode.insertBefore(desk, bodyP);
	write.appendChild(bodyP);
	side.appendChild(deskEl("p", { "class": "desk-switch" }, [toggle, " ",
		deskEl("label", { "for": "desk-show-preview", "class": "inline", text: "Show the preview beside the text" })]));
	side.appendChild(status);
	side.appendChild(preview);
	if (checks) side.appendChild(checks);
	desk.appendChild(tabs);
	desk.appendChild(write);
	desk.appendChild(side);
	// The writer's choice is remembered in this browser.
	var off = false;
	try { off = window.localStorage.getItem("desk-preview") === "off"; } catch (e) { off = false; }
	toggle.checked = !off;
	desk.classList.toggle("no-preview", off);
	toggle.addEventListener("change", function () {
		desk.classList.toggle("no-preview", !toggle.checked);
		try { window.localStorage.setItem("desk-preview", toggle.checked ? "on" : "off"); } catch (e) { /* private mode */ }
	});
	return { preview: preview, checks: checks, status: status };
}

// ---- live preview and checks, drawn by the server ------------------------------------------
function deskLive(form, parts) {
	var timer = null, seq = 0;
	function refresh() {
		var mine = ++seq;
		fetch(form.dataset.live, { method: "POST", credentials: "same-origin",
			body: new URLSearchParams(new FormData(form)) })
			.then(function (r) {
				if (r.status === 403) {
					parts.status.textContent = "Your session has ended. Saving will ask you to " +
						"log in again, and nothing you typed is lost.";
					return null;
				}
				return r.ok ? r.text() : null;
			})
			.then(function (html) {
				if (html === null || mine !== seq) return;
				var f = deskParse(html);
				var c = f.querySelector(".desk-checks"), p = f.querySelector(".desk-preview");
				if (c && parts.checks) parts.checks.replaceChildren.apply(parts.checks, Array.from(c.childNodes));
				if (p) parts.preview.replaceChildren.apply(parts.preview, Array.from(p.childNodes));
			})
			.catch(function () { parts.status.textContent = "The preview could not be updated; the server did not answer."; });
	}
	form.addEventListener("input", function (e) {
		if (e.target && e.target.closest && e.target.closest("dialog")) return;
		clearTimeout(timer);
		timer = setTimeout(refresh, 600);
	});
	refresh();
}

// ---- autosave: every 30 s, and when the tab is closed, into the writer's own slot ----------
function deskAutosave(form, parts) {
	function fields() {
		var p = new URLSearchParams();
		["csrf_token", "title", "summary", "body"].forEach(function (n) {
			if (form.elements[n]) p.append(n, form.elements[n].value);
		});
		return p;
	}
	var kept = fields().toString(), saving = false;
	function keep() {
		var f = fields(), now = f.toString();
		if (now === kept || saving) return;
		saving = true;
		fetch(form.dataset.autosave, { method: "POST", credentials: "same-origin", body: f })
			.then(function (r) {
				if (r.status === 204) {
					kept = now;
					parts.status.textContent = "Unsaved text kept on the server at " + deskTime(new Date()) + ".";
				} else if (r.status === 403)
					parts.status.textContent = "Your session has ended. Saving will ask you to " +
						"log in again, and nothing you typed is lost.";
			})
			.catch(function () { /* kept in the page; the next round tries again */ })
			.then(function () { saving = false; });
	}
	setInterval(keep, 30000);
	var submitting = false;
	form.addEventListener("submit", function () { submitting = true; });
	// Closing the tab or the browser: one last copy, sent even as the page goes.
	window.addEventListener("pagehide", function () {
		var f = fields();
		if (!submitting && f.toString() !== kept && navigator.sendBeacon)
			navigator.sendBeacon(form.dataset.autosave, f);
	});
}

// ---- the image picker: the library in a dialog, or a new upload -----------------------------
function deskPicker(form, ta) {
	var csrf = form.elements.csrf_token ? form.elements.csrf_token.value : "";
	var sel = { start: 0, end: 0 }, file = null, items = [];
	var search = deskEl("input", { type: "search", id: "desk-pick-search" });
	var list = deskEl("ul", { "class": "desk-media", id: "desk-pick-list" });
	var fileIn = deskEl("input", { type: "file", id: "desk-pick-file", accept: "image/jpeg,image/png,image/webp,image/gif" });
	var alt = deskEl("input", { id: "desk-pick-alt", maxlength: "300" });
	var chosen = deskEl("p", { "class": "hint", id: "desk-pick-chosen", text: "No image chosen yet." });
	var msg = deskEl("p", { "class": "desk-status", role: "status" });
	var upload = deskEl("button", { type: "button", text: "Upload and insert" });
	var cancel = deskEl("button", { type: "button", "class": "secondary", text: "Cancel" });
	var drop = deskEl("div", { "class": "desk-drop" }, [
		deskEl("p", {}, [deskEl("label", { "for": "desk-pick-file", text: "Choose an image file" }),
			" (JPEG, PNG, WebP or GIF), drop one here, or paste one."]), fileIn, chosen]);
	var dlg = deskEl("dialog", { "class": "desk-dialog", "aria-labelledby": "desk-pick-h" }, [
		deskEl("h2", { id: "desk-pick-h", text: "Insert an image" }),
		deskEl("h3", { text: "From the library" }),
		deskEl("p", {}, [deskEl("label", { "for": "desk-pick-search", text: "Search by description or name" }), search]),
		list,
		deskEl("h3", { text: "Or a new image" }),
		drop,
		deskEl("p", {}, [deskEl("label", { "for": "desk-pick-alt" }, ["Alt text ",
			deskEl("span", { "class": "hint", text: "(required: what the image shows, for people who cannot see it)" })]), alt]),
		deskEl("p", { "class": "buttons" }, [upload, " ", cancel]),
		msg]);
	document.body.appendChild(dlg);
	function insert(md) {
		dlg.close();
		ta.focus();
		ta.setSelectionRange(sel.start, sel.end);
		ta.setRangeText(md, sel.start, sel.end, "end");
		ta.dispatchEvent(new Event("input", { bubbles: true }));
	}
	function draw() {
		var q = search.value.trim().toLowerCase();
		list.replaceChildren();
		items.filter(function (it) { return !q || (it.alt + " " + it.name).toLowerCase().indexOf(q) >= 0; })
			.forEach(function (it) {
				var b = deskEl("button", { type: "button", "class": "secondary" }, [
					deskEl("img", { src: it.src, alt: "", width: "96", loading: "lazy" }),
					deskEl("span", { text: it.alt })]);
				b.addEventListener("click", function () { insert(it.md); });
				list.appendChild(deskEl("li", {}, [b]));
			});
		if (!list.firstChild)
			list.appendChild(deskEl("li", { "class": "muted", text: items.length ? "No image matches." : "The library is empty." }));
	}
	// The library as the Media screen shows it: each image, its name and its snippet.
	function load() {
		return fetch("/admin/media", { credentials: "same-origin" }).then(function (r) {
			if (!r.ok) throw new Error(r.status === 403 ? "Your session has ended." : "The library did not load.");
			return r.text();
		}).then(function (html) {
			items = Array.from(deskParse(html).querySelectorAll(".media li")).map(function (li) {
				var img = li.querySelector("img"), sn = li.querySelector("input.snippet"), nm = li.querySelector("strong");
				return img && sn ? { src: img.getAttribute("src"), alt: img.getAttribute("alt") || "",
					name: nm ? nm.textContent : "", md: sn.value } : null;
			}).filter(Boolean);
			draw();
		});
	}
	function choose(f) {
		if (!f || !/^image\//.test(f.type)) { msg.textContent = "That is not an image."; return; }
		file = f;
		chosen.textContent = "Chosen: " + (f.name || "pasted image") + ". Now describe it below.";
		alt.focus();
	}
	function open(f) {
		sel = { start: ta.selectionStart, end: ta.selectionEnd };
		file = null;
		fileIn.value = "";
		alt.value = ta.value.slice(sel.start, sel.end);
		chosen.textContent = "No image chosen yet.";
		msg.textContent = "";
		dlg.showModal();
		load().catch(function (e) { msg.textContent = e.message; });
		if (f) choose(f); else search.focus();
	}
	search.addEventListener("input", draw);
	fileIn.addEventListener("change", function () { choose(fileIn.files[0]); });
	cancel.addEventListener("click", function () { dlg.close(); ta.focus(); });
	dlg.addEventListener("paste", function (e) {
		var f = Array.from(e.clipboardData ? e.clipboardData.files : []).find(function (x) { return /^image\//.test(x.type); });
		if (f) { e.preventDefault(); choose(f); }
	});
	[drop, ta].forEach(function (z) {
		z.addEventListener("dragover", function (e) {
			if (e.dataTransfer && Array.from(e.dataTransfer.types).indexOf("Files") >= 0) e.preventDefault();
		});
	});
	drop.addEventListener("drop", function (e) { e.preventDefault(); choose(e.dataTransfer.files[0]); });
	ta.addEventListener("drop", function (e) {
		if (!e.dataTransfer || !e.dataTransfer.files.length) return;
		e.preventDefault();
		open(e.dataTransfer.files[0]);
	});
	ta.addEventListener("paste", function (e) {
		var f = Array.from(e.clipboardData ? e.clipboardData.files : []).find(function (x) { return /^image\//.test(x.type); });
		if (f) { e.preventDefault(); open(f); }
	});
	// The upload goes to the Media screen's own form address, alt text required as there.
	upload.addEventListener("click", function () {
		if (!file) { msg.textContent = "Choose, drop or paste an image first."; return; }
		if (!alt.value.trim()) { msg.textContent = "Describe the image in the alt text first."; alt.focus(); return; }
		var fd = new FormData();
		fd.append("csrf_token", csrf);
		fd.append("alt", alt.value.trim());
		fd.append("file", file, file.name || "pasted.png");
		msg.textContent = "Uploading…";
		fetch("/admin/media", { method: "POST", credentials: "same-origin", body: fd })
			.then(function (r) { return r.text().then(function (html) { return { ok: r.ok, html: html }; }); })
			.then(function (res) {
				var page = deskParse(res.html), err = page.querySelector(".error");
				if (!res.ok || err) { msg.textContent = err ? err.textContent.trim() : "The upload failed."; return; }
				var sn = page.querySelector(".media li input.snippet");
				if (sn) insert(sn.value); else msg.textContent = "Uploaded, but the library did not show it.";
			})
			.catch(function () { msg.textContent = "The upload failed: the server did not answer."; });
	});
	return open;
}

// ---- live counts under the fields ------------------------------------------------------------
// Words and reading time of the text (200 words a minute, as the site counts), and the
// summary's length against the ~155 characters search engines show.
function deskCounts(form) {
	function counter(field, text) {
		var p = deskEl("p", { "class": "hint desk-count", id: field.id + "-count" });
		field.insertAdjacentElement("afterend", p);
		field.setAttribute("aria-describedby", p.id);
		function update() { p.textContent = text(field.value); }
		field.addEventListener("input", update);
		update();
	}
	var body = form.elements.body, summary = form.elements.summary;
	if (body) counter(body, function (v) {
		var words = (v.match(/\S+/g) || []).length;
		return words + (words === 1 ? " word" : " words") + " · about " +
			(words < 200 ? 1 : Math.ceil(words / 200)) + " min read";
	});
	if (summary) counter(summary, function (v) {
		var n = Array.from(v.trim()).length;
		return n + " of about 155 characters search engines show" +
			(n > 155 ? ": the rest will be cut off." : ".");
	});
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
		if (body && editor.dataset.live) {
			var open = deskPicker(editor, body);
			deskImage = function () { open(null); };
			deskToolbar(body);
			var parts = deskLayout(editor, body);
			deskLive(editor, parts);
			deskAutosave(editor, parts);
			deskCounts(editor);
		}
	}
});
