// Staff pages: progressive enhancement only (the print button; Ctrl+P works without it).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.addEventListener("click", function () { window.print(); });
  });
}());
