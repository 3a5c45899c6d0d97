// goalsheet serve: keeps the open page up to date.  The server sends a
// "change" event (server-sent events) after every save; the page then
// fetches its live part (#live) again and puts it in place, keeping the
// scroll position.  No framework, nothing from the network.
"use strict";

(function () {
	const body = document.body;
	const status = document.getElementById("status");
	let shown = body.dataset.gen;      // the generation on screen
	let wanted = shown;
	let busy = false;

	function say(text, lost) {
		if (!status) return;
		status.textContent = text;
		status.classList.toggle("lost", !!lost);
	}

	function time() {
		return new Date().toLocaleTimeString("ja-JP", { hour12: false });
	}

	// Puts fresh's content into live, leaving the pages that did not
	// change as they are (the browser need not lay them out again).
	function update(live, fresh) {
		const pages = live.querySelector("#pages");
		const freshPages = fresh.querySelector("#pages");
		if (!pages || !freshPages) {
			live.replaceWith(document.adoptNode(fresh));
			return;
		}
		live.dataset.gen = fresh.dataset.gen;
		live.dataset.state = fresh.dataset.state;
		while (live.firstChild && live.firstChild !== pages)
			live.removeChild(live.firstChild);
		for (const node of Array.from(fresh.childNodes)) {
			if (node === freshPages) break;
			live.insertBefore(document.adoptNode(node), pages);
		}
		pages.className = freshPages.className;
		const old = Array.from(pages.children);
		Array.from(freshPages.children).forEach(function (page, i) {
			if (!old[i]) pages.appendChild(document.adoptNode(page));
			else if (!old[i].isEqualNode(page))
				pages.replaceChild(document.adoptNode(page), old[i]);
		});
		old.slice(freshPages.children.length).forEach(function (page) { page.remove(); });
	}

	async function reload() {
		if (busy || wanted === shown) return;
		busy = true;
		const gen = wanted;
		say("更新中…");
		try {
			const answer = await fetch(body.dataset.view, { cache: "no-store" });
			const html = await answer.text();
			const fresh = new DOMParser().parseFromString(html, "text/html")
				.getElementById("live");
			const live = document.getElementById("live");
			if (fresh && live) {
				const x = window.scrollX, y = window.scrollY;
				update(live, fresh);
				window.scrollTo(x, y);
			}
			shown = gen;
			body.dataset.gen = gen;
			say(fresh && fresh.dataset.state !== "ok"
				? "エラーあり（" + time() + "）" : "最新（" + time() + "）");
		} catch (e) {
			say("更新できません: " + e.message, true);
		}
		busy = false;
		reload();
	}

	const events = new EventSource("/events");
	events.addEventListener("change", function (e) {
		wanted = e.data;
		if (wanted === shown) say("最新（" + time() + "）");
		reload();
	});
	events.onerror = function () {
		say("サーバーとの接続が切れました。再接続しています…", true);
	};
})();

// The index's new sheet and next year's (or stage's) copies: the server
// makes them (the request carries the page's token) and the new
// document's page opens; a refusal is said beside the button.
(function () {
	const meta = document.querySelector('meta[name="goalsheet-token"]');
	if (!meta) return;
	async function make(url, body, status) {
		try {
			const answer = await fetch(url, {
				method: "POST", body: body,
				headers: { "Content-Type": "application/x-www-form-urlencoded",
				           "X-Goalsheet-Token": meta.content }
			});
			if (answer.status === 201) window.location = answer.headers.get("Location");
			else status.textContent = (await answer.text()).trim();
		} catch (err) {
			status.textContent = "作れません: " + err.message;
		}
	}
	const form = document.getElementById("new-form");
	if (form) form.addEventListener("submit", function (e) {
		e.preventDefault();
		make("/new", new URLSearchParams(new FormData(form)).toString(),
		     document.getElementById("new-status"));
	});
	// The index is redrawn after every save: one listener for all rows.
	document.body.addEventListener("click", function (e) {
		const b = e.target.closest(".next button");
		if (!b) return;
		const row = b.closest(".next");
		make("/next/" + row.dataset.doc, new URLSearchParams({ to: b.dataset.to,
		     folder: b.dataset.folder }).toString(), row.querySelector(".next-status"));
	});
})();
