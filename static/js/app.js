// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Read aloud (长辈模式): speak the question and options; hidden where unsupported.
  if ("speechSynthesis" in window && typeof SpeechSynthesisUtterance === "function") {
    document.querySelectorAll("button.speak").forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var parts = [];
        document.querySelectorAll(".stem, .option, .options-review li, .explanation, article.lesson").forEach(function (el) {
          parts.push(el.innerText);
        });
        window.speechSynthesis.cancel();
        var u = new SpeechSynthesisUtterance(parts.join("。"));
        u.lang = "zh-CN";
        u.rate = document.body.classList.contains("elderly") ? 0.8 : 1;
        window.speechSynthesis.speak(u);
      });
    });
  }
  // One tap is enough: disable the submit button after the first submit (the server is idempotent too).
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var b = form.querySelector("button[type=submit]");
      if (b) { setTimeout(function () { b.disabled = true; b.textContent = "正在提交…"; }, 0); }
    });
  });
  // Profile: choosing a county or township moves to the next step at once.
  document.querySelectorAll(".profile-form select").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (sel.name === "village_code") { return; }
      var step = document.createElement("input");
      step.type = "hidden"; step.name = "step"; step.value = "1";
      sel.form.appendChild(step);
      sel.form.submit();
    });
  });
}());
