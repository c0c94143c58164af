// Search for the honor roll: the panel opened from the header of every page, and what the
// search-and-filter page (/tim-kiem/, search-page.js) shares with it. Both use Pagefind's index
// in /pagefind/, which is loaded only when a reader starts to search, and then only the chunks
// that a query needs (the one with the stories only if asked for).
//
// Readers type without diacritics and in NFC or NFD; Pagefind folds tone and vowel marks, and
// each profile carries the d-folded spelling of its words with đ (generator/search.py), after a
// sentinel that is cut off here before excerpts are made. Highlighting folds the same way, so
// "dao" marks "Đào".

const ROOT = new URL("../", import.meta.url); // this file is <site>/assets/search.js
// A shared link with a doubled slash (https://…//tim-kiem/) opens the same page, and paths made
// from it would start with "//", which the browser reads as the name of another host.
ROOT.pathname = ROOT.pathname.replace(/^\/{2,}/, "/");
const SENTINEL = "⁂";
const PANEL_SIZE = 6;
const PANEL = "hrSearchPanel"; // marks the history entry of an open panel
const EXCERPT_WORDS = 28;
const STAR =
  '<svg viewBox="0 0 100 100" aria-hidden="true"><path fill="#fff" fill-opacity=".92" d="M50 18l8.8 18.6 20.4 2.6-15 14.1 3.9 20.2L50 63.7 31.9 73.5l3.9-20.2-15-14.1 20.4-2.6z"/></svg>';

export const T = {
  typing: "Gõ tên người, tập thể, xã phường hay lĩnh vực; không cần gõ dấu.",
  loading: "Đang tìm…",
  found: (n, q) => `Tìm thấy ${number(n)} điển hình` + (q ? ` cho “${q}”.` : "."),
  all: (n, order) => `${number(n)} điển hình, ${order || "xếp theo tên"}.`,
  // The panel has no filters and no list of categories; the search page has both.
  none: (q, onPage = false, filtered = false) =>
    `Không tìm thấy điển hình nào` +
    (q ? ` cho “${q}”` : "") +
    (onPage
      ? `. Hãy thử gõ ít từ hơn${filtered ? ", bỏ bớt bộ lọc" : ""}, hoặc xem theo danh mục bên dưới.`
      : ". Hãy thử gõ ít từ hơn, hoặc chỉ gõ tên riêng."),
  // Pagefind leaves out a word found nowhere: the results then match only the other words.
  partial: (n, missing) =>
    `Không điển hình nào có đủ các từ đã gõ; ${number(n)} kết quả gần đúng, không có “${missing.join(" ")}”.`,
  failed:
    "Chưa tải được bộ tìm kiếm. Hãy kiểm tra kết nối mạng rồi thử lại; các danh sách theo danh mục vẫn dùng được.",
  tooOld:
    "Không dùng được chức năng tìm kiếm trên trình duyệt này vì trình duyệt đã quá cũ; các danh sách theo danh mục vẫn dùng được.",
  seeAll: (n) =>
    n > PANEL_SIZE
      ? `Xem tất cả ${number(n)} kết quả và lọc theo lĩnh vực, địa phương, cấp, năm`
      : "Mở trang tìm kiếm để lọc theo lĩnh vực, địa phương, cấp, năm",
  jump: (n) => (n ? `Xem ${number(n)} kết quả bên dưới` : "Không có kết quả: xem gợi ý bên dưới"),
  inStories: (q) => `Tìm “${q}” trong câu chuyện của các điển hình`,
  chosen: (n) => (n ? `(đã chọn ${n})` : ""),
  noneYet: "chưa có điển hình nào được công nhận, ghi danh.",
};

export const number = (n) => n.toLocaleString("vi-VN");

// --- Vietnamese folding, excerpts and highlighting ------------------------------------------

// Firefox 67-77 (Android's last Fennec was 68) runs modules but does not know \p{…} in a pattern,
// and a literal one would stop this whole file from loading there: the patterns are made here,
// each with a fallback that knows the letters and marks of Vietnamese.
function unicodePattern(pattern, fallback, flags = "") {
  try {
    return new RegExp(pattern, `u${flags}`);
  } catch (error) {
    return new RegExp(fallback, flags);
  }
}
const LATIN = "0-9A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u1e00-\\u1eff";
const MARK = unicodePattern("\\p{M}", "[\\u0300-\\u036f]", "g");
const WORD = unicodePattern("[\\p{L}\\p{N}\\p{M}]+", `[${LATIN}\\u0300-\\u036f]+`, "g");
const NOT_WORD = unicodePattern("[^\\p{L}\\p{N}]+", `[^${LATIN}]+`, "g");

export function fold(text) {
  return text
    .normalize("NFD")
    .replace(MARK, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

export function queryTerms(query) {
  return fold(query).split(NOT_WORD).filter(Boolean);
}

// A word matches a term it starts with (readers type prefixes); one letter must match whole.
const matches = (word, terms) =>
  terms.some((t) => (t.length > 1 ? word.startsWith(t) : word === t));

const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

export function highlight(text, terms) {
  let html = "";
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    if (terms.length && matches(fold(m[0]), terms)) {
      html += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
      last = m.index + m[0].length;
    }
  }
  return html + escapeHtml(text.slice(last));
}

const hasMatch = (text, terms) =>
  terms.length > 0 && [...text.matchAll(WORD)].some((m) => matches(fold(m[0]), terms));

// The summary when it matches or the name matches every word; else the passage of the indexed text (achievements, awards,
// captions) with the most matches; else the summary.
export function excerpt(content, title, summary, terms) {
  if (hasMatch(summary, terms)) return highlight(summary, terms);
  if (terms.every((t) => hasMatch(title, [t]))) return escapeHtml(summary); // found by the name
  let text = content.split(SENTINEL)[0].trim();
  if (text.startsWith(title)) text = text.slice(title.length); // the name is shown already
  const words = text.split(/\s+/).filter(Boolean);
  const hit = words.map((w) => matches(fold(w).replace(NOT_WORD, ""), terms));
  let best = -1;
  let bestCount = 0;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    if (hit[i]) count++;
    if (i >= EXCERPT_WORDS && hit[i - EXCERPT_WORDS]) count--;
    if (count > bestCount) {
      bestCount = count;
      best = Math.max(0, i - EXCERPT_WORDS + 1);
    }
  }
  if (!bestCount) return escapeHtml(summary);
  // cards show the first lines only
  const start = Math.max(0, hit.indexOf(true, best) - 4);
  const end = Math.min(words.length, start + EXCERPT_WORDS);
  return (
    (start > 0 ? "… " : "") +
    highlight(words.slice(start, end).join(" "), terms) +
    (end < words.length ? " …" : "")
  );
}

// --- Pagefind, loaded on first use ----------------------------------------------------------

const loading = {};
// Pagefind's script is newer JavaScript (ES2020) than some browsers that run ours can read,
// Safari on iOS 12 for one: no network will help them, and the message says so.
let tooOld = false;
let labels = {}; // filter key -> value -> label, for the cards (generator/search.py: labels())
// A browser may keep an import that failed as failed for the page's life (the HTML standard's
// module map): after one, the script is asked for at another address.
let importFailures = 0;

// With `stories`, the index with the stories too (generator/search.py: STORY_BUNDLE).
export function pagefind(stories = false) {
  if (!loading[stories]) {
    const names = fetch(new URL("pagefind/nhan.json", ROOT))
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));
    const script = new URL("pagefind/pagefind.js", ROOT);
    if (importFailures) script.search = `?lan=${importFailures}`;
    const engine = import(script.href).catch((error) => {
      importFailures++;
      // Not a file cut short: the browser also lacks a feature of the same years (ES2021).
      tooOld = tooOld || (error instanceof SyntaxError && !("replaceAll" in String.prototype));
      throw error;
    });
    const loaded = Promise.all([engine, names]).then(
      async ([pf, names]) => {
        labels = names;
        // The main thread is enough for this index; a worker would be one more script to fetch.
        // A match in a name counts four times Pagefind's default for titles: "hoa" finds
        // Vũ Thị Hoa before the pages where "hóa" is one word among many.
        const index = pf.createInstance({
          basePath: `${ROOT.pathname}${stories ? "pagefind-cau-chuyen" : "pagefind"}/`,
          baseUrl: ROOT.pathname,
          noWorker: true,
          ranking: { metaWeights: { title: 20 } },
        });
        await index.init();
        return index;
      },
    );
    loaded.catch(() => {
      if (loading[stories] === loaded) loading[stories] = null; // try again on the next keystroke
    });
    loading[stories] = loaded;
  }
  return loading[stories];
}

// After a search or its results failed to load: what to tell the reader. Pagefind keeps a file
// it failed to fetch as failed for as long as the page is open, so a retry would fail again with
// the link back: the next search sets the indexes up again (their files come from the browser's
// cache), and results found before are not to be reused.
export function failedSearch() {
  for (const stories of Object.keys(loading)) loading[stories] = null;
  return tooOld ? T.tooOld : T.failed;
}

// --- Listings a query names -----------------------------------------------------------------

// "xa ban ho", "cap tinh", "ca nhan": a query that names a listing whole (or begins the name of
// one, with two words or more: "giao duc") asks for that list, while a search for its words
// finds the pages that happen to hold them ("bán trú", "Hồ Chí Minh", "hộ"). Such listings are
// offered above the results, with how many they hold (generator/search.py: labels()).
let listings = null; // [{url, title, count, names}], folded once per labels file
export function listingsNamed(query) {
  const q = queryTerms(query).join(" ");
  if (q.length < 3) return [];
  if (!listings || listings.from !== labels) {
    listings = (labels["danh-sach"] || []).map(([url, title, heading, count]) => ({
      url: new URL(url, ROOT).href,
      title,
      count,
      names: [title, heading, title.replace(/^(Xã|Phường) /, "")].map((n) => queryTerms(n).join(" ")),
    }));
    listings.from = labels;
  }
  return listings
    .filter(({ names }) => names.some((n) => n === q || (q.includes(" ") && n.startsWith(q + " "))))
    .slice(0, 3);
}

// Fills `element` with links to the listings `query` names, or hides it.
export function showListings(element, query) {
  const named = query ? listingsNamed(query) : [];
  element.innerHTML = named
    .map(({ url, title, count }) => {
      const link = `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>`;
      return count ? `Danh sách ${link}: ${number(count)} điển hình.` : `${link}: ${T.noneYet}`;
    })
    .join(" ");
  element.hidden = !named.length;
}

// --- Result cards ---------------------------------------------------------------------------

function card(data, terms, headingLevel) {
  const m = data.meta;
  const media = m.image
    ? `<img class="hr-card__img" src="${escapeHtml(new URL(m.image, ROOT).href)}" alt="" width="88" height="88" loading="lazy" decoding="async">`
    : `<span class="hr-thumb" data-tint="${escapeHtml(m.tint || "#5c5c5c")}">${m.initial ? escapeHtml(m.initial) : STAR}</span>`;
  const filters = data.filters || {};
  const label = (key) => (labels[key] || {})[(filters[key] || [])[0]] || "";
  const level = (filters.cap || [])[0] || "";
  const facts = [label("loai"), label("linh-vuc"), label("dia-phuong")].filter(Boolean).join(" · ");
  return `<li class="hr-card hr-result">
  <div class="hr-card__media">${media}</div>
  <div class="hr-card__body">
    <h${headingLevel} class="hr-card__name"><a href="${escapeHtml(data.url)}">${highlight(m.title || "", terms)}</a></h${headingLevel}>
    ${m.role ? `<p class="hr-card__role">${highlight(m.role, terms)}</p>` : ""}
    <p class="hr-card__meta">${highlight(facts, terms)}</p>
    <span class="hr-badge hr-badge--${escapeHtml(level)}">${escapeHtml(label("cap"))}</span>
    <p class="hr-card__summary">${excerpt(data.content || "", m.title || "", m.summary || "", terms)}</p>
  </div>
</li>`;
}

// current(): still the latest search?
export async function renderCards(list, results, terms, headingLevel, append = false, current = () => true) {
  const data = await Promise.all(results.map((r) => r.data()));
  if (!current()) return data;
  const html = data.map((d) => card(d, terms, headingLevel)).join("");
  if (append) list.insertAdjacentHTML("beforeend", html);
  else list.innerHTML = html;
  // The Content Security Policy refuses style attributes in markup; set from script, it allows.
  for (const thumb of list.querySelectorAll(".hr-thumb[data-tint]")) {
    thumb.style.background = thumb.dataset.tint;
  }
  return data;
}

// The typed words that none of these results contains (what Pagefind left out of the search).
export function missingTerms(data, terms) {
  const texts = data.map((d) => [d.meta.title, d.meta.role, d.meta.summary, d.content].join(" "));
  return terms.filter((t) => !texts.some((text) => hasMatch(text, [t])));
}

export const debounce = (fn, ms) => {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
};

// The search page with these words, as a shared link would open it.
const pageFor = (query, stories) =>
  new URL("tim-kiem/", ROOT).href +
  (query ? `?${new URLSearchParams({ q: query })}` : "") +
  (query && stories ? "&cau-chuyen=1" : "");

// --- The panel in the header ----------------------------------------------------------------

function setUpPanel(root) {
  const open = root.querySelector("[data-hr-search-open]");
  const panel = root.querySelector("[data-hr-search-panel]");
  const input = panel.querySelector("input[name=q]");
  const status = panel.querySelector("[data-status]");
  const list = panel.querySelector("[data-results]");
  const named = panel.querySelector("[data-listings]");
  const all = panel.querySelector("[data-all]");
  const allLink = all.querySelector("a");
  const finder = document.querySelector("[data-hr-finder]");
  let seq = 0;

  // An open panel is an entry in the history, holding the query: the phone's Back button
  // closes it, and coming back from a result opens it again with the same words.
  const inHistory = () => !!(history.state && history.state[PANEL]);
  const remember = (query) => history.replaceState({ [PANEL]: true, q: query }, "");

  const show = (focus = true) => {
    if (finder) {
      // on the search page, the page's own box is the search
      const box = finder.querySelector("input[name=q]");
      box.scrollIntoView({ block: "center" });
      box.focus();
      return;
    }
    if (!inHistory()) history.pushState({ [PANEL]: true, q: input.value }, "");
    panel.hidden = false;
    document.documentElement.classList.add("hr-search-open");
    if (focus) input.focus();
    pagefind().catch(() => {});
  };
  const hide = (fromHistory = false) => {
    panel.hidden = true;
    document.documentElement.classList.remove("hr-search-open");
    open.focus();
    if (!fromHistory && inHistory()) history.back();
  };
  const reopen = () => {
    input.value = history.state.q || "";
    show(false); // the results, not the phone's keyboard
    run();
  };

  const run = debounce(async () => {
    const query = input.value.normalize("NFC").trim();
    const token = ++seq;
    allLink.href = pageFor(query);
    if (inHistory()) remember(query);
    if (!query) {
      status.textContent = T.typing;
      list.innerHTML = "";
      named.hidden = all.hidden = true;
      return;
    }
    status.textContent = T.loading;
    try {
      const pf = await pagefind();
      const search = await pf.search(query);
      if (token !== seq) return;
      const results = search.results.slice(0, PANEL_SIZE);
      const terms = queryTerms(query);
      const data = await renderCards(list, results, terms, 3, false, () => token === seq);
      if (token !== seq) return;
      const n = search.results.length;
      const missing = missingTerms(data, terms);
      status.textContent = n ? (missing.length ? T.partial(n, missing) : T.found(n, query)) : T.none(query);
      showListings(named, query);
      // Nothing, or not every word: the stories may have what the rest of the roll has not.
      const offerStories = n === 0 || missing.length > 0;
      allLink.textContent = offerStories ? T.inStories(query) : T.seeAll(n);
      allLink.href = pageFor(query, offerStories);
      all.hidden = false;
    } catch (error) {
      if (token === seq) {
        status.textContent = failedSearch();
      }
      console.error(error);
    }
  }, 180);

  open.addEventListener("click", (event) => {
    event.preventDefault();
    show();
  });
  // Start fetching the search code as soon as a finger or pointer is on its way.
  open.addEventListener("pointerdown", () => pagefind().catch(() => {}), { once: true });
  input.addEventListener("input", run);
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const target = pageFor(input.value.normalize("NFC").trim());
    // The search page takes the open panel's place: Back leads to the page it was opened on.
    if (inHistory()) location.replace(target);
    else location.href = target;
  });
  panel.querySelector("[data-hr-search-close]").addEventListener("click", () => hide());
  // A dialog keeps the keyboard while it is open: Tab goes round its own controls instead of
  // into the page behind it (on a phone, the hidden menu), and Escape closes it wherever the
  // focus is; a click that moved the focus out hands it back to the box.
  const controls = () =>
    [...panel.querySelectorAll("input, button, a[href]")].filter((c) => !c.closest("[hidden]"));
  document.addEventListener("keydown", (event) => {
    if (panel.hidden) return;
    if (event.key === "Escape") return hide();
    if (event.key !== "Tab") return;
    const items = controls();
    const edge = event.shiftKey ? items[0] : items[items.length - 1];
    if (document.activeElement === edge || !panel.contains(document.activeElement)) {
      event.preventDefault();
      (event.shiftKey ? items[items.length - 1] : items[0]).focus();
    }
  });
  document.addEventListener("focusin", (event) => {
    if (!panel.hidden && !panel.contains(event.target)) input.focus();
  });
  window.addEventListener("popstate", () => {
    if (inHistory() && panel.hidden) reopen();
    else if (!inHistory() && !panel.hidden) hide(true);
  });
  if (inHistory()) {
    // Back from a result, on a page loaded anew: the panel as the reader left it. Loaded any
    // other way (a reload, a link to the same address), the page starts closed.
    const [entry] = performance.getEntriesByType("navigation");
    if (entry && entry.type === "back_forward" && !finder) reopen();
    else history.replaceState(null, "");
  }
}

const header = document.querySelector("[data-hr-search]");
if (header) setUpPanel(header);
// The search page comes with its first results, which wait hidden until a script has read the
// address (generator/templates/search.html): shown here once they, or what replaced them, answer it.
export const revealResults = (...elements) => {
  for (const element of elements) element.classList.remove("hr-finder__initial");
};

// The search page's own code is fetched on that page only.
const finder = document.querySelector("[data-hr-finder]");
if (finder) {
  import("./search-page.js")
    .then((page) => page.setUpFinder(finder))
    .catch((error) => {
      // Without its script the page cannot search, but the results it came with still answer
      // its plain address (they wait hidden until a script has read it: search.html).
      const status = document.querySelector("[data-finder-status]");
      if (location.search) status.textContent = T.failed;
      else document.querySelector("[data-finder-more]").hidden = true;
      revealResults(...(location.search ? [status] : document.querySelectorAll(".hr-finder__initial")));
      console.error(error);
    });
}
