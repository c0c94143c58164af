// The search-and-filter page (/tim-kiem/): query, combinable filters with counts, sorting, and
// the whole state in the address so that a view can be shared. Loaded by search.js on that
// page only.

import {
  T,
  debounce,
  failedSearch,
  missingTerms,
  number,
  pagefind,
  queryTerms,
  renderCards,
  revealResults,
  showListings,
} from "./search.js";

const SORTS = { ten: { ten: "asc" }, ngay: { ngay: "desc" } };
const STORIES = "cau-chuyen";
const IN_STORIES = " Đã tìm cả trong câu chuyện.";
const TRY_STORIES = " Có thể đánh dấu “Tìm cả trong câu chuyện”.";

export function setUpFinder(form) {
  const input = form.querySelector("input[name=q]");
  const stories = form.querySelector(`input[name=${STORIES}]`);
  const sort = form.querySelector("select[name=sap-xep]");
  // The default order is relevance when words are typed and the name otherwise: its option says
  // which, so the box never reads "most relevant" above a list by name.
  const byDefault = sort.querySelector('option[value=""]');
  const defaultNames = { words: byDefault.dataset.withWords, none: byDefault.textContent };
  const nameDefault = () => {
    byDefault.textContent = input.value.trim() ? defaultNames.words : defaultNames.none;
  };
  const groups = [...form.querySelectorAll("[data-filter]")];
  const keys = groups.map((g) => g.dataset.filter);
  const clear = form.querySelector("[data-clear]");
  const status = document.querySelector("[data-finder-status]");
  const list = document.querySelector("[data-finder-results]");
  const named = document.querySelector("[data-finder-listings]");
  const more = document.querySelector("[data-finder-more]");
  const moreBox = more.closest(".hr-finder__more");
  // Results rendered at a time, each loading a small fragment (generator/search.py: PAGE_SIZE).
  const pageSize = Number(list.dataset.pageSize);
  // On a phone the filters push the results below the screen: a link jumps to them.
  const jump = form.querySelector("[data-finder-jump]");
  let seq = 0;
  // The search the list answers (at first the page's own results: every record by name), and
  // its results once searched; null: "more" searches again.
  let listing = { stories: false, q: null, options: { sort: SORTS.ten } };
  let found = null;
  let terms = [];
  let allFilters = false; // a group was opened
  // The list holds the results the page came with (generator/templates/search.html).
  let fromPage = false;
  let shown = location.pathname + location.search; // the address the results answer
  const withFilters = new Set(); // indexes with filter data
  // What the status says of the list ("N điển hình, xếp theo tên."): said again when "more"
  // succeeds after a try that failed.
  let listed = status.textContent;
  // Back from a result on a page loaded anew (a phone short of memory keeps no page it left):
  // as many results as the reader had listed, where they were. Read by the first search only.
  let kept = history.state && history.state.hrShown > pageSize ? history.state : null;

  const state = () => {
    const filters = {};
    for (const key of keys) {
      const values = [...form.querySelectorAll(`input[name="${key}"]:checked`)].map((i) => i.value);
      if (values.length) filters[key] = values;
    }
    return { q: input.value.normalize("NFC").trim(), stories: stories.checked, sort: sort.value, filters };
  };

  const toUrl = (s) => {
    const params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    if (s.stories) params.set(STORIES, "1");
    for (const key of keys) for (const v of s.filters[key] || []) params.append(key, v);
    if (s.sort) params.set("sap-xep", s.sort);
    const query = params.toString();
    return location.pathname + (query ? `?${query}` : "");
  };

  const fromUrl = () => {
    const params = new URLSearchParams(location.search);
    input.value = (params.get("q") || "").normalize("NFC");
    nameDefault();
    stories.checked = params.get(STORIES) === "1";
    sort.value = SORTS[params.get("sap-xep")] ? params.get("sap-xep") : "";
    for (const key of keys) {
      const wanted = new Set(params.getAll(key));
      for (const box of form.querySelectorAll(`input[name="${key}"]`)) box.checked = wanted.has(box.value);
    }
  };

  const isDefault = (s) => !s.q && !s.stories && !s.sort && !Object.keys(s.filters).length;

  const pagefindFilters = (filters, except) => {
    const out = {};
    for (const [key, values] of Object.entries(filters)) if (key !== except) out[key] = { any: values };
    return out;
  };

  const showCounts = (counts, s) => {
    const filters = s.filters;
    const unfiltered = !s.q && !Object.keys(filters).length; // the page's own counts are right
    for (const group of groups) {
      const key = group.dataset.filter;
      const chosen = (filters[key] || []).length;
      group.querySelector("[data-chosen]").textContent = T.chosen(chosen);
      for (const box of group.querySelectorAll("input")) {
        const item = box.closest("li");
        const count = item.querySelector("[data-count]");
        if (!(key in counts)) {
          // This group's filter data is not loaded yet (it is, once a group is opened).
          count.textContent = unfiltered ? count.dataset.total : "";
          item.hidden = false;
          continue;
        }
        const n = counts[key][box.value] || 0;
        count.textContent = number(n);
        item.hidden = n === 0 && !box.checked; // long lists (99 communes) keep only what helps
      }
    }
    clear.hidden = !Object.keys(filters).length;
  };

  const run = async () => {
    // Only the search the page opened with: one the reader starts by typing lists from the top.
    const restoring = kept;
    kept = null;
    const s = state();
    const url = toUrl(s);
    if (url !== location.pathname + location.search) history.replaceState(null, "", url);
    shown = url;
    const token = ++seq;
    fromPage = false;
    // "More" would add to the list results of the search it shows no longer.
    found = null;
    more.hidden = true;
    terms = queryTerms(s.q);
    status.textContent = T.loading;
    revealResults(status);
    try {
      const stories = s.stories && !!s.q; // without words both indexes list the same
      const pf = await pagefind(stories);
      if (allFilters && !withFilters.has(pf)) {
        await pf.filters();
        withFilters.add(pf);
      }
      // Without words there is no relevance: list by name unless another order was chosen.
      const order = SORTS[s.sort] || (s.q ? undefined : SORTS.ten);
      const options = { filters: pagefindFilters(s.filters), sort: order };
      const search = await pf.search(s.q || null, options);
      if (token !== seq) return;
      // Counts in a group with a selection come from the search without that group, so the
      // reader sees how many each other choice would add.
      const counts = { ...search.filters };
      for (const key of Object.keys(s.filters)) {
        const others = await pf.search(s.q || null, { filters: pagefindFilters(s.filters, key) });
        counts[key] = others.filters[key] || {};
      }
      if (token !== seq) return;
      showCounts(counts, s);
      const first = search.results.slice(0, restoring ? restoring.hrShown : pageSize);
      const data = await renderCards(list, first, terms, 2, false, () => token === seq);
      if (token !== seq) return;
      listing = { stories, q: s.q || null, options };
      found = search.results;
      const n = search.results.length;
      const missing = missingTerms(data, terms);
      const filtered = Object.keys(s.filters).length > 0;
      status.textContent = n
        ? missing.length
          ? T.partial(n, missing)
          : s.q || filtered
            ? T.found(n, s.q)
            : T.all(n, s.sort === "ngay" ? "mới công nhận trước" : "xếp theo tên")
        : T.none(s.q, true, filtered);
      showListings(named, s.q);
      jump.textContent = T.jump(n);
      jump.hidden = false;
      if (s.q && (s.stories || !n)) status.textContent += s.stories ? IN_STORIES : TRY_STORIES;
      listed = status.textContent;
      more.hidden = found.length <= list.children.length;
      revealResults(list, moreBox);
      if (restoring) window.scrollTo(0, restoring.hrY || 0);
    } catch (error) {
      if (token === seq) {
        status.textContent = failedSearch();
        more.hidden = true; // what is listed does not answer this search: nothing to add to it
      }
      console.error(error);
    }
  };

  // Counts for every group need every filter's data (150 KB at 10,000 records): it is fetched
  // when a reader opens a group, not for a first query.
  for (const count of form.querySelectorAll("[data-count]")) count.dataset.total = count.textContent;
  for (const group of groups) {
    group.addEventListener("toggle", () => {
      if (!group.open || allFilters) return;
      allFilters = true;
      run();
    });
  }

  list.addEventListener("click", (event) => {
    if (!event.target.closest("a")) return;
    history.replaceState({ ...history.state, hrShown: list.children.length, hrY: scrollY }, "");
  });

  more.addEventListener("click", async () => {
    const token = seq;
    more.disabled = true; // the first time, Pagefind itself may have to load
    try {
      let results = found;
      if (!results) {
        const search = await (await pagefind(listing.stories)).search(listing.q, listing.options);
        if (token !== seq) return;
        results = search.results;
      }
      const shown = list.children.length;
      // A copy of the page kept across a deploy (HTTP cache, service worker) may not list the
      // index's first results: a record added or withdrawn since moves them all. Its results
      // are then drawn again with the next ones, so that none is skipped or listed twice.
      const redraw = fromPage && results.length !== Number(list.dataset.total);
      const next = results.slice(redraw ? 0 : shown, shown + pageSize);
      await renderCards(list, next, terms, 2, !redraw, () => token === seq);
      if (token !== seq) return;
      // Only now that they are listed: a try that failed changes nothing, and the next one
      // starts where it did.
      found = results;
      fromPage = false;
      if (redraw) {
        listed = T.all(results.length);
        jump.textContent = T.jump(results.length);
      }
      status.textContent = listed; // in case an earlier try failed
      more.hidden = shown + pageSize >= results.length;
    } catch (error) {
      if (token === seq) {
        status.textContent = failedSearch();
        found = null;
      }
      console.error(error);
    } finally {
      more.disabled = false;
    }
  });
  input.addEventListener("keydown", async (event) => {
    if (event.key !== "Enter") return;
    input.blur(); // close the phone keyboard so the results are visible
    await run();
    // and bring them up if the filters left them below the screen
    if (status.getBoundingClientRect().top > window.innerHeight * 0.6) status.scrollIntoView({ block: "start" });
  });
  input.addEventListener("input", nameDefault);
  input.addEventListener("input", debounce(run, 200));
  form.addEventListener("change", (event) => {
    if (event.target !== input) run();
  });
  clear.addEventListener("click", () => {
    for (const box of form.querySelectorAll("[data-filter] input")) box.checked = false;
    run();
  });
  window.addEventListener("popstate", () => {
    // Following the link to the results (#hr-ket-qua) is a step in the history too.
    if (location.pathname + location.search === shown) return;
    fromUrl();
    run();
  });

  // Pagefind starts loading as soon as the reader reaches for the form.
  const warm = () => pagefind().catch(() => {});
  form.addEventListener("pointerdown", warm, { once: true });
  form.addEventListener("focusin", warm, { once: true });

  form.hidden = false;
  fromUrl();
  // Opened without a query or filters, the page already shows what a search would: searching
  // again would only load Pagefind (its code and index) while the page is opening.
  if (isDefault(state()) && !kept) {
    fromPage = true;
    jump.textContent = T.jump(Number(list.dataset.total));
    jump.hidden = false;
    revealResults(status, list, moreBox);
  } else {
    // They answer another address: gone at once, so that no empty space waits for the results.
    list.textContent = "";
    more.hidden = true;
    revealResults(list, moreBox);
    run();
  }
}

