// Run only by browsers without ES modules (<script nomodule> in theme/main.html): KaiOS 2.5
// feature phones, for one, which never run the search (assets/search.js is a module). They get
// the page a reader without JavaScript gets: assets/noscript.css, added before the first paint.
// Written for those browsers: ES5, nothing newer.
(function () {
  var script = document.querySelector("script[data-noscript-css]");
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = script.getAttribute("data-noscript-css");
  document.head.appendChild(link);
})();
