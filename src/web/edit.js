// goalsheet serve: the edit view.  The form is laid out by the server
// like the sheet's template; this script sends its state (as the keys
// of src/sheet_edit.h) for a preview a moment after each change, puts
// the pages and the messages (each beside its field) in place, adds,
// removes and moves initiatives, steps and points, toggles SDG badges
// and saves.  Every request carries the server's token.  No framework,
// nothing from the network.
"use strict";

(function () {
	const form = document.getElementById("sheet");
	const status = document.getElementById("status");
	const meta = document.querySelector('meta[name="goalsheet-token"]');
	if (!form || !meta) return;
	const token = meta.content;
	const DEBOUNCE_MS = 80;
	const LS = "\u2028";            // a line break inside a paragraph (<br/>)
	let timer = 0, sent = 0, shown = 0, lastInput = 0, dirty = false;
	window.__previewLatency = [];   // ms from the last change to painted pages

	function say(text, bad) {
		status.textContent = text;
		status.classList.toggle("lost", !!bad);
	}

	function time() {
		return new Date().toLocaleTimeString("ja-JP", { hour12: false });
	}

	function circled(n) {
		return n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : "(" + n + ")";
	}

	function children(el, selector) {
		return Array.from(el.children).filter(function (c) { return c.matches(selector); });
	}

	function initiatives() {
		return children(document.getElementById("initiatives"), ".initiative");
	}

	function steps(init) {
		return children(init.querySelector("table.steps"), "tbody.step");
	}

	function points(step) {
		return children(step, "tr.point");
	}

	// Each field's key as the server names it, and the labels the
	// sheet prints (①, (1), ①).
	function renumber() {
		form.querySelectorAll("[data-field]").forEach(function (f) {
			if (!f.closest(".initiative")) f.dataset.key = f.dataset.field;
		});
		initiatives().forEach(function (init, i) {
			const ik = "i." + i;
			init.dataset.key = ik;
			init.querySelector(".number").textContent = circled(i + 1);
			children(init.querySelector(".initiative-head"), "[data-field]")
				.concat(children(init, "[data-field]"))
				.forEach(function (f) { f.dataset.key = ik + "." + f.dataset.field; });
			steps(init).forEach(function (step, j) {
				const sk = ik + ".s." + j;
				step.dataset.key = sk;
				const row = step.querySelector("tr.step-row");
				row.querySelector(".row-label").textContent = "(" + (j + 1) + ")";
				row.querySelectorAll("[data-field]").forEach(function (f) {
					f.dataset.key = sk + "." + f.dataset.field;
				});
				points(step).forEach(function (pt, k) {
					const pk = sk + ".p." + k;
					pt.dataset.key = pk;
					pt.querySelector(".row-label").textContent = circled(k + 1);
					pt.querySelectorAll("[data-field]").forEach(function (f) {
						f.dataset.key = pk + "." + f.dataset.field;
					});
				});
			});
		});
	}

	// The form's state: every field by its key, each list's length and
	// where each item came from in the file.
	function state() {
		const p = new URLSearchParams();
		p.set("base", form.dataset.base);
		form.querySelectorAll("[data-key][data-field]").forEach(function (f) {
			p.set(f.dataset.key, f.value);
		});
		const inits = initiatives();
		p.set("i.n", inits.length);
		inits.forEach(function (init) {
			p.set(init.dataset.key + ".o", init.dataset.origin);
			const ss = steps(init);
			p.set(init.dataset.key + ".s.n", ss.length);
			ss.forEach(function (step) {
				p.set(step.dataset.key + ".o", step.dataset.origin);
				const ps = points(step);
				p.set(step.dataset.key + ".p.n", ps.length);
				ps.forEach(function (pt) { p.set(pt.dataset.key + ".o", pt.dataset.origin); });
			});
		});
		return p.toString();
	}

	function post(url, body) {
		return fetch(url, {
			method: "POST", body: body, cache: "no-store",
			headers: { "Content-Type": "application/x-www-form-urlencoded",
			           "X-Goalsheet-Token": token }
		});
	}

	// The messages beside their fields (or their row, or initiative).
	function place(live) {
		form.querySelectorAll(".field-msg").forEach(function (m) { m.remove(); });
		form.querySelectorAll(".has-error").forEach(function (m) { m.classList.remove("has-error"); });
		live.querySelectorAll("li[data-key]").forEach(function (li) {
			let key = li.dataset.key, target = null;
			while (key && !(target = form.querySelector('[data-key="' + key + '"]')))
				key = key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "";
			if (!target) return;
			const msg = document.createElement("p");
			msg.className = "field-msg " + li.className;
			msg.textContent = li.textContent.replace(/^\S+\s+(error|warning|note)\s+/, "");
			if (target.matches("[data-field]")) {
				target.classList.toggle("has-error", li.className === "error");
				target.insertAdjacentElement("afterend", msg);
			} else if (target.matches("tbody")) {
				target.querySelector("td:last-child").appendChild(msg);
			} else {
				target.insertBefore(msg, target.children[1] || null);
			}
		});
	}

	// The new preview in place of the old; unchanged pages stay.
	function show(html) {
		const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
		const live = document.getElementById("live");
		if (!fresh || !live) return null;
		const pages = live.querySelector("#pages"), freshPages = fresh.querySelector("#pages");
		if (!pages || !freshPages || freshPages.children.length === 0) {
			live.replaceWith(document.adoptNode(fresh));
			return fresh;
		}
		Array.from(live.children).forEach(function (c) { if (c !== pages) c.remove(); });
		Array.from(fresh.children).forEach(function (c) {
			if (c !== freshPages) live.insertBefore(document.adoptNode(c), pages);
		});
		live.dataset.state = fresh.dataset.state;
		live.dataset.hash = fresh.dataset.hash;
		const old = Array.from(pages.children);
		Array.from(freshPages.children).forEach(function (page, i) {
			if (!old[i]) pages.appendChild(document.adoptNode(page));
			else if (!old[i].isEqualNode(page)) pages.replaceChild(document.adoptNode(page), old[i]);
		});
		old.slice(freshPages.children.length).forEach(function (page) { page.remove(); });
		return live;
	}

	async function preview() {
		timer = 0;
		const seq = ++sent, inputAt = lastInput;
		try {
			const answer = await post(form.dataset.preview, state());
			const html = await answer.text();
			if (seq < shown) return;        // a later one is on screen
			shown = seq;
			if (answer.status === 409 || answer.status === 400) {
				say(new DOMParser().parseFromString(html, "text/html").body.textContent.trim(), true);
				return;
			}
			const live = show(html);
			if (live) place(live);
			requestAnimationFrame(function () {
				setTimeout(function () {
					if (inputAt) window.__previewLatency.push(performance.now() - inputAt);
				}, 0);
			});
			say(live && live.dataset.state === "ok" ? (dirty ? "未保存" : "保存済み")
				: "エラーがあります（保存できません）", live && live.dataset.state !== "ok");
		} catch (e) {
			say("プレビューできません: " + e.message, true);
		}
	}

	function changed() {
		dirty = true;
		lastInput = performance.now();
		clearTimeout(timer);
		timer = setTimeout(preview, DEBOUNCE_MS);
	}

	async function save() {
		clearTimeout(timer);
		say("保存中…");
		try {
			const answer = await post(form.dataset.save, state());
			const html = await answer.text();
			const live = show(html);
			if (live) place(live);
			if (answer.ok && live) {
				form.dataset.base = live.dataset.hash;
				// The file's lists are now the form's, in its order.
				form.querySelectorAll("[data-origin]").forEach(function (item) {
					item.dataset.origin = Array.from(item.parentNode.children)
						.filter(function (c) { return c.className === item.className; })
						.indexOf(item);
				});
				dirty = false;
				say("保存しました（" + time() + "）");
			} else if (answer.status === 409) {
				say(new DOMParser().parseFromString(html, "text/html").body.textContent.trim(), true);
			} else {
				say("保存できません。エラーを直してください（ファイルは変わっていません）", true);
			}
		} catch (e) {
			say("保存できません: " + e.message, true);
		}
	}

	function clone(id) {
		return document.getElementById(id).content.querySelector(
			id === "new-initiative" ? ".initiative" : id === "new-step" ? "tbody" : "tr")
			.cloneNode(true);
	}

	function act(button) {
		const what = button.dataset.act;
		const item = button.closest(".point, .step, .initiative");
		if (what === "add-initiative") {
			document.getElementById("initiatives").appendChild(clone("new-initiative"));
		} else if (what === "add-step") {
			item.closest(".initiative").querySelector("table.steps").appendChild(clone("new-step"));
		} else if (what === "add-point") {
			const step = button.closest("tbody.step");
			step.insertBefore(clone("new-point"), step.querySelector("tr.adds"));
		} else if (what === "remove") {
			item.remove();
		} else if (what === "up" || what === "down") {
			const sibling = what === "up" ? item.previousElementSibling : item.nextElementSibling;
			if (!sibling || sibling.className !== item.className) return;
			if (what === "up") item.parentNode.insertBefore(item, sibling);
			else item.parentNode.insertBefore(sibling, item);
		}
		renumber();
		changed();
	}

	// SDG badges: the file's goals keep their order, new ones follow.
	const sdgField = form.querySelector('input[data-field="sdgs"]');
	const sdgFirst = sdgField ? sdgField.value.split(/\s+/).filter(Boolean) : [];
	function toggleSdg(badge) {
		badge.setAttribute("aria-pressed", badge.getAttribute("aria-pressed") === "true" ? "false" : "true");
		const on = Array.from(form.querySelectorAll("button.sdg[aria-pressed=true]"))
			.map(function (b) { return b.dataset.goal; });
		sdgField.value = sdgFirst.filter(function (g) { return on.includes(g); })
			.concat(on.filter(function (g) { return !sdgFirst.includes(g); })).join(" ");
		changed();
	}

	form.addEventListener("input", changed);
	form.addEventListener("change", changed);
	form.addEventListener("click", function (e) {
		const b = e.target.closest("button");
		if (!b) return;
		if (b.classList.contains("sdg")) toggleSdg(b);
		else if (b.dataset.act) act(b);
	});
	// Shift+Enter: a line break inside the paragraph.
	form.addEventListener("keydown", function (e) {
		if (e.key !== "Enter" || !e.shiftKey || e.target.tagName !== "TEXTAREA") return;
		e.preventDefault();
		const t = e.target, at = t.selectionStart;
		t.setRangeText(LS, at, t.selectionEnd, "end");
		changed();
	});
	document.getElementById("save").addEventListener("click", save);
	window.addEventListener("beforeunload", function (e) {
		if (dirty) e.preventDefault();
	});
	renumber();
	const live = document.getElementById("live");
	if (live) place(live);
	say("保存済み");
})();
