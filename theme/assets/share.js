// Share buttons of profile pages (generator/templates/_macros.html, share_buttons).
// The phone's own share sheet where the browser has the Web Share API: that is how a phone user
// reaches Zalo, Messenger or any other app. "Copy link" everywhere. No third-party script.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers and plain-http previews: a selected text area and the copy command.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      document.body.removeChild(area);
      (copied ? resolve : reject)();
    });
  }

  document.querySelectorAll(".hr-share").forEach(function (box) {
    var data = { title: box.dataset.title, text: box.dataset.text, url: box.dataset.url };
    var status = box.querySelector(".hr-share__status");
    var timer;
    function say(message) {
      status.textContent = message;
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = ""; }, 4000);
    }

    var native = box.querySelector(".hr-share__native");
    if (native && navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share(data).catch(function () { /* closed by the user */ });
      });
    }

    var copy = box.querySelector(".hr-share__copy");
    if (copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        copyText(data.url).then(
          function () { say("Đã chép liên kết."); },
          function () { window.prompt("Chép liên kết này:", data.url); }
        );
      });
    }
  });
})();
