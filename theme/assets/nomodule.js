// Run only by browsers without ES modules (<script nomodule> in theme/main.html): KaiOS 2.5
// feature phones, for one, which never run the search (assets/search.js is a module). They get
// the page a reader without JavaScript gets: assets/noscript.css, written into the head as the
// page is read, so that it applies from the first paint as a linked stylesheet does.
// Written for those browsers: ES5, nothing newer.
(function () {
  var script = document.querySelector("script[data-noscript-css]");
  document.write('<link rel="stylesheet" href="' + script.getAttribute("data-noscript-css") + '">');
})();
