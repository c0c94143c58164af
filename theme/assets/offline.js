// Reading without a connection (theme/sw.js does the work): on every page, install the service
// worker and have this page kept; on the offline page, list the pages kept on this phone.
// Nothing happens where browsers have no service workers, or for a site opened from files.
(function () {
  "use strict";

  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) {
    return;
  }
  var root = new URL("../", document.currentScript.src); // this file is <site>/assets/offline.js
  root.pathname = root.pathname.replace(/^\/{2,}/, "/");
  var workers = navigator.serviceWorker;
  var wasControlled = Boolean(workers.controller);

  // Once the page has loaded and the phone is idle: installing fetches the offline page and its
  // files, which must not compete with what the page itself still loads (search, photos).
  window.addEventListener("load", function () {
    var idle = window.requestIdleCallback || function (callback) { setTimeout(callback, 2000); };
    idle(function () {
      workers.register(new URL("sw.js", root).href, { scope: root.href }).catch(function () {
        // A host that does not serve sw.js, or a browser in private mode: pages work as usual.
      });
    }, { timeout: 10000 });
  });

  workers.ready.then(function (registration) {
    if (!wasControlled && registration.active) {
      // This page was loaded before the worker existed, so the worker never saw it.
      registration.active.postMessage({ type: "keep", page: location.href, files: loadedFiles() });
    }
  });

  var list = document.getElementById("hr-offline-pages");
  if (list) {
    workers.ready.then(function (registration) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        showKept(list, event.data || []);
      };
      registration.active.postMessage({ type: "kept-pages" }, [channel.port2]);
    });
  }

  function loadedFiles() {
    var kinds = { img: true, link: true, script: true, css: true };
    return performance
      .getEntriesByType("resource")
      .filter(function (entry) {
        return kinds[entry.initiatorType] && entry.name.indexOf(root.href) === 0;
      })
      .map(function (entry) {
        return entry.name;
      });
  }

  function showKept(list, pages) {
    var suffix = " - " + list.getAttribute("data-site-name");
    var parser = new DOMParser();
    pages.forEach(function (page) {
      // The title as the page wrote it (escaped HTML), without the site's name after it.
      var title = parser.parseFromString(page.title, "text/html").documentElement.textContent;
      if (title.length > suffix.length && title.slice(-suffix.length) === suffix) {
        title = title.slice(0, -suffix.length);
      }
      if (page.url === root.href) {
        title = "Trang chủ";
      }
      var link = document.createElement("a");
      link.href = page.url;
      link.textContent = title || page.url;
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    var section = list.closest("[hidden]");
    if (section && pages.length) {
      section.hidden = false;
    }
  }
})();
