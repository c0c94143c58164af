// Reading without a connection: the honor roll's service worker.
//
// A phone in a border commune loses its signal often. Every page a reader opens, with the
// photos, styles and scripts it loaded, is kept on the phone; with no connection (or one so slow
// that nothing comes for PATIENCE ms) the kept copy is shown, and a page never opened gets the
// offline page (theme/ngoai-tuyen.html), which lists the pages that can be read.
//
// Everything is "network first": when the network answers within PATIENCE, readers get the
// site as published, through the browser's usual HTTP cache; a kept copy is shown only when it
// does not, and is replaced as soon as the network's copy arrives. A page the site no longer
// has (a withdrawn record: 404) is let go. Only the offline page and what it needs (SHELL) are
// fetched ahead, when the worker is installed.
//
// generator/offline.py fills BUILD when the site is built: the offline page, the styles and
// scripts it loads, and a version made from their bytes. A build that changes any of them
// changes this file, and browsers install the new worker on the reader's next visit. Left
// empty (`mkdocs serve`, or the plugin's `offline: false`), the worker removes itself and
// everything it kept from the phones that had it.
// The worker's scope is the folder it is in: the site's root, wherever the site is hosted.

"use strict";

const BUILD = { version: "", offline: "", shell: [] }; // filled in by generator/offline.py

const SHELL = "hr-shell-" + BUILD.version; // the offline page and its files, per version
const PAGES = "hr-pages"; // pages readers opened
const FILES = "hr-files"; // what those pages loaded: photos, styles, scripts, search chunks
// Kept at most (the oldest are let go): about 5 MB of pages and 8 MB of files on a phone.
const LIMITS = { [PAGES]: 150, [FILES]: 600 };
const PATIENCE = 4000; // ms a kept copy waits for the network before it is shown instead
// Kinds of request kept for reading offline; downloads (open data, feeds) are left alone.
const KEPT = new Set(["style", "script", "image", "font"]);
const SEARCH_INDEX = /^pagefind[^/]*\//; // Pagefind's files (path after the scope)

const scope = self.registration.scope;
const address = (path) => new URL(path, scope).href;

self.addEventListener("install", (event) => {
  if (!BUILD.version) {
    event.waitUntil(self.skipWaiting()); // to remove itself at once (activate)
    return;
  }
  // Revalidated, not taken from the HTTP cache as they are: files without a hash in their
  // name (honor-roll.css) must be those of this version.
  const shell = [BUILD.offline, ...BUILD.shell].map(
    (path) => new Request(address(path), { cache: "no-cache" }),
  );
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  if (!BUILD.version) {
    event.waitUntil(removeItself());
    return;
  }
  event.waitUntil(
    (async () => {
      if (self.registration.navigationPreload) {
        // The page's request starts while the worker starts: no delay on a cold phone.
        await self.registration.navigationPreload.enable();
      }
      const names = await caches.keys();
      const old = names.filter((name) => name.startsWith("hr-shell-") && name !== SHELL);
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!BUILD.version || request.method !== "GET" || !request.url.startsWith(scope)) {
    return;
  }
  if (request.headers.has("range")) {
    return; // partial content cannot be kept
  }
  if (request.mode === "navigate") {
    networkFirst(event, PAGES, pageKey(request.url), isPage, offlinePage);
  } else if (SEARCH_INDEX.test(request.url.slice(scope.length))) {
    // Pagefind asks for pagefind-entry.json with "?ts=<time>" so that no cache answers it:
    // kept under its address alone, it is the one answer when there is no network.
    const key = pageKey(request.url);
    networkFirst(event, FILES, key, isFile, () => caches.match(key));
  } else if (KEPT.has(request.destination)) {
    networkFirst(event, FILES, request.url, isFile, () => caches.match(request.url));
  }
});

async function removeItself() {
  if (self.registration.navigationPreload) {
    await self.registration.navigationPreload.disable();
  }
  const names = await caches.keys();
  const ours = names.filter((name) => name.startsWith("hr-"));
  await Promise.all(ours.map((name) => caches.delete(name)));
  await self.registration.unregister();
}

// The first page a reader opens is loaded before the worker exists; once it runs, the page asks
// for itself and its files to be kept (theme/assets/offline.js). They are in the browser's HTTP
// cache, so "force-cache" keeps them without downloading them again. The offline page asks for
// the list of kept pages.
self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "keep" && typeof message.page === "string") {
    event.waitUntil(keepLoaded(message.page, Array.isArray(message.files) ? message.files : []));
  } else if (message.type === "kept-pages" && event.ports[0]) {
    event.waitUntil(keptPages().then((pages) => event.ports[0].postMessage(pages)));
  }
});

// Strategy ---------------------------------------------------------------------------------------

function networkFirst(event, cacheName, key, worthKeeping, fallback) {
  let storing = Promise.resolve();
  const network = (async () => {
    const preloaded = event.request.mode === "navigate" ? await event.preloadResponse : null;
    const response = preloaded || (await fetch(event.request));
    if (worthKeeping(response)) {
      storing = keep(cacheName, key, response.clone());
    } else if (response.status === 404 || response.status === 410) {
      storing = caches.open(cacheName).then((cache) => cache.delete(key)); // gone from the site
    }
    return response;
  })();
  event.waitUntil(network.then(() => storing, () => undefined));
  event.respondWith(
    (async () => {
      const kept = await caches.match(key, { cacheName });
      if (!kept) {
        try {
          return await network;
        } catch (error) {
          return (await fallback()) || Response.error();
        }
      }
      const late = new Promise((resolve) => setTimeout(resolve, PATIENCE, kept));
      return Promise.race([network.catch(() => kept), late]);
    })(),
  );
}

async function keep(cacheName, key, response) {
  try {
    const cache = await caches.open(cacheName);
    const kept = await cache.match(key);
    if (kept && cacheName === FILES && sameFile(kept, response)) {
      return; // a phone's storage is slow: the same stylesheet is not written at every page
    }
    await cache.put(key, response); // a page kept again moves to the end
    if (!kept) {
      const keys = await cache.keys(); // oldest first
      for (const old of keys.slice(0, Math.max(0, keys.length - LIMITS[cacheName]))) {
        await cache.delete(old);
      }
    }
  } catch (error) {
    // The phone's storage is full or refused: the page was shown all the same.
  }
}

function sameFile(a, b) {
  const etag = a.headers.get("etag");
  if (etag) {
    return etag === b.headers.get("etag");
  }
  const modified = a.headers.get("last-modified");
  return Boolean(modified) && modified === b.headers.get("last-modified") &&
    a.headers.get("content-length") === b.headers.get("content-length");
}

async function keepLoaded(page, files) {
  const wanted = [[PAGES, pageKey(page), isPage]];
  for (const file of files.slice(0, 100)) {
    if (typeof file === "string" && file.startsWith(scope)) {
      wanted.push([FILES, file, isFile]);
    }
  }
  for (const [cacheName, key, worthKeeping] of wanted) {
    if (!key.startsWith(scope) || (await caches.match(key, { cacheName }))) {
      continue;
    }
    try {
      const response = await fetch(key, { cache: "force-cache", credentials: "same-origin" });
      if (worthKeeping(response)) {
        await keep(cacheName, key, response);
      }
    } catch (error) {
      // Gone offline meanwhile: it is kept the next time it is opened.
    }
  }
}

function offlinePage() {
  return caches.match(address(BUILD.offline), { cacheName: SHELL });
}

function pageKey(url) {
  // "?q=…" on the search page, "#…" anywhere: the same page (or file).
  const parsed = new URL(url);
  parsed.search = "";
  parsed.hash = "";
  return parsed.href;
}

function isPage(response) {
  const type = response.headers.get("content-type") || "";
  return response.ok && response.type === "basic" && type.startsWith("text/html");
}

function isFile(response) {
  return response.status === 200 && response.type === "basic";
}

// The offline page's list ------------------------------------------------------------------------

// Titles as written in the pages (HTML: the offline page decodes them), newest first.
async function keptPages() {
  const cache = await caches.open(PAGES);
  const pages = [];
  for (const request of (await cache.keys()).reverse()) {
    if (request.url === address(BUILD.offline)) {
      continue;
    }
    const response = await cache.match(request);
    pages.push({ url: request.url, title: response ? await titleOf(response) : "" });
  }
  return pages;
}

async function titleOf(response) {
  // The title is near the top: read until it, not the whole page (150 pages, 5 MB).
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let head = "";
  while (head.length < 32768) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    head += decoder.decode(value, { stream: true });
    const title = /<title>([^<]*)<\/title>/.exec(head);
    if (title) {
      reader.cancel();
      return title[1];
    }
  }
  reader.cancel();
  return "";
}
