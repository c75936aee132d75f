// docsite's page script: search, the platform and tool switchers, copy buttons. Pages work
// without it, except search and remembering a choice of platform or tool.
"use strict";

const store = {
  get(key) { try { return localStorage.getItem(key); } catch { return null; } },
  set(key, value) { try { localStorage.setItem(key, value); } catch { /* private mode */ } },
};

// Switchers (platforms, tools): show one option's blocks; the reader's choice is remembered.
function switchers() {
  const guesses = {
    platform: /Mac/.test(navigator.platform) ? "mac" : /Win/.test(navigator.platform) ? "windows" : "linux",
  };
  for (const switcher of document.querySelectorAll("[data-switch]")) {
    const kind = switcher.dataset.switch;
    const buttons = [...switcher.querySelectorAll("button[data-option]")];
    const offered = buttons.map((b) => b.dataset.option);
    const choose = (option) => {
      for (const b of buttons) b.setAttribute("aria-pressed", String(b.dataset.option === option));
      for (const name of offered) {
        for (const block of document.querySelectorAll(`.${kind}-${name}`)) block.hidden = name !== option;
      }
    };
    const saved = store.get(`docsite-${kind}`);
    const start = [saved, switcher.dataset.default, guesses[kind]].find((o) => offered.includes(o)) || offered[0];
    switcher.hidden = false;
    choose(start);
    for (const b of buttons) {
      b.addEventListener("click", () => { choose(b.dataset.option); store.set(`docsite-${kind}`, b.dataset.option); });
    }
  }
}

// Code tabs: one tab per `codetab` block; without the script every block shows under its label.
function codetabs() {
  document.querySelectorAll(".codetabs").forEach((group, n) => {
    const panels = [...group.querySelectorAll(":scope > .codetab")];
    if (!panels.length) return;
    const list = document.createElement("div");
    list.className = "codetab-list";
    list.setAttribute("role", "tablist");
    const tabs = panels.map((panel, i) => {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.textContent = panel.dataset.label;
      tab.id = `codetab-${n}-${i}`;
      tab.setAttribute("role", "tab");
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.querySelector(".codetab-label").hidden = true;
      list.append(tab);
      return tab;
    });
    const choose = (chosen) => tabs.forEach((tab, i) => {
      tab.setAttribute("aria-selected", String(i === chosen));
      tab.tabIndex = i === chosen ? 0 : -1;
      panels[i].hidden = i !== chosen;
    });
    tabs.forEach((tab, i) => tab.addEventListener("click", () => choose(i)));
    group.prepend(list);
    choose(0);
  });
}

// Copy buttons on code blocks.
function copyButtons() {
  for (const button of document.querySelectorAll(".btn-copy")) {
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.clipboardText ?? "");
        button.dataset.copied = "true";
        setTimeout(() => delete button.dataset.copied, 2000);
      } catch { /* clipboard refused: the reader can still select the text */ }
    });
  }
}

// Search: the pagefind index of this language, holding each distinct page once with the versions
// that show it. Only this version's results are shown, and each opens in this version.
function search() {
  const form = document.querySelector("form.search");
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  if (!form || !input || !list || !document.body.dataset.search) return;
  form.hidden = false;
  let pagefind = null;
  const here = (route) => document.body.dataset.home + (route ? `${route}/` : "");
  const inVersion = (r) => !r.meta.versions || r.meta.versions.split(" ").includes(document.body.dataset.version);
  let active = -1;
  let serial = 0;
  const load = async () => {
    const base = document.body.dataset.search;
    pagefind ??= import(base + "pagefind.js").then(async (p) => {
      await p.options({ baseUrl: "/" });
      const parts = await fetch(base + "docsite-parts.json").then((r) => (r.ok ? r.json() : []), () => []);
      for (const part of parts) await p.mergeIndex(base + part, { baseUrl: "/" });
      return p;
    });
    return pagefind;
  };
  const options = () => [...list.querySelectorAll("[role=option]")];
  const highlight = (index) => {
    const items = options();
    active = items.length ? (index + items.length) % items.length : -1;
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const show = (results) => {
    list.replaceChildren();
    results.forEach((r, i) => {
      const li = document.createElement("li");
      li.id = `search-result-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      const a = document.createElement("a");
      a.href = r.meta.route === undefined ? r.url : here(r.meta.route);
      a.tabIndex = -1;
      const title = document.createElement("strong");
      title.textContent = r.meta.title || r.url;
      const trail = [1, 2, 3].map((n) => r.meta[`breadcrumb${n}`]).filter(Boolean).join(" / ");
      const where = document.createElement("small");
      where.textContent = trail;
      const excerpt = document.createElement("span");
      excerpt.innerHTML = r.excerpt; // pagefind escapes the text and adds only <mark>
      a.append(title, where, excerpt);
      li.append(a);
      li.addEventListener("mousedown", (e) => e.preventDefault());
      list.append(li);
    });
    if (!results.length && input.value.trim()) {
      const li = document.createElement("li");
      li.className = "no-results";
      li.textContent = input.dataset.noResults;
      list.append(li);
    }
    list.hidden = !input.value.trim();
    input.setAttribute("aria-expanded", String(!list.hidden));
    active = -1;
  };
  input.addEventListener("input", async () => {
    const mine = ++serial;
    const query = input.value.trim();
    if (!query) return show([]);
    const p = await load();
    const found = await p.debouncedSearch(query, {}, 150);
    if (found === null || mine !== serial) return;
    const data = [];
    for (let i = 0; i < found.results.length && data.length < 10; i += 10) {
      const batch = await Promise.all(found.results.slice(i, i + 10).map((r) => r.data()));
      if (mine !== serial) return;
      data.push(...batch.filter(inVersion));
    }
    show(data.slice(0, 10));
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Escape") { input.value = ""; show([]); }
    else if (e.key === "Enter") {
      e.preventDefault();
      const chosen = options()[Math.max(active, 0)];
      if (chosen) location.href = chosen.querySelector("a").href;
    }
  });
  input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; input.setAttribute("aria-expanded", "false"); }, 150));
  input.addEventListener("focus", () => { if (list.children.length && input.value.trim()) list.hidden = false; });
  form.addEventListener("submit", (e) => e.preventDefault());
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && document.activeElement === document.body) { e.preventDefault(); input.focus(); }
  });
}

// Header pickers close each other; the menu button shows the navigation on narrow screens.
function pickers() {
  const pickers = [...document.querySelectorAll("details.picker")];
  for (const p of pickers) {
    p.addEventListener("toggle", () => { if (p.open) for (const q of pickers) if (q !== p) q.open = false; });
  }
  const menu = document.querySelector(".menu-button");
  const sidebar = document.getElementById("sidebar");
  if (!menu || !sidebar) return;
  document.documentElement.classList.add("has-menu");
  menu.hidden = false;
  menu.addEventListener("click", () => {
    const open = sidebar.classList.toggle("open");
    menu.setAttribute("aria-expanded", String(open));
  });
}

switchers();
pickers();
codetabs();
copyButtons();
search();
