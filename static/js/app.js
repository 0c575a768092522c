// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Read aloud (长辈模式): speak what the page marks data-speak (a question and its options, an
  // explanation, a lesson's title and text but not its reading time); hidden where unsupported,
  // and where the browser lists voices but none speaks Chinese (an English voice would garble
  // the text).
  // An empty list says nothing yet: many phones load their voices late.
  function chineseVoice() {
    var voices = window.speechSynthesis.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^(zh|cmn)/i.test(voices[i].lang || "")) { return voices[i]; }
    }
    return null;
  }
  function speaksChinese() {
    return !(window.speechSynthesis.getVoices() || []).length || chineseVoice() !== null;
  }
  if ("speechSynthesis" in window && typeof SpeechSynthesisUtterance === "function") {
    var speakButtons = document.querySelectorAll("button.speak");
    var showSpeak = function () {
      var ok = speaksChinese();
      speakButtons.forEach(function (btn) { btn.hidden = !ok; });
    };
    showSpeak();
    if ("onvoiceschanged" in window.speechSynthesis) { window.speechSynthesis.onvoiceschanged = showSpeak; }
    speakButtons.forEach(function (btn) {
      btn.addEventListener("click", function () {
        // one stop after each part, unless it ends with one already (a stem's ？)
        var parts = [];
        document.querySelectorAll("[data-speak]").forEach(function (el) {
          var text = el.innerText.trim();
          if (text) { parts.push(/[。？！；：?!;:.]$/.test(text) ? text : text + "。"); }
        });
        window.speechSynthesis.cancel();
        var u = new SpeechSynthesisUtterance(parts.join(""));
        u.lang = "zh-CN";
        var voice = chineseVoice();
        if (voice) { u.voice = voice; }
        u.rate = document.body.classList.contains("elderly") ? 0.8 : 1;
        window.speechSynthesis.speak(u);
      });
    });
  }
  // One tap is enough: disable the submit button after the first submit (the server is
  // idempotent too). On a slow network the button comes back after 15 s, so a stalled request
  // can be sent again, and it is enabled again when the phone goes back to a page it kept.
  var RETRY_AFTER_MS = 15000;
  function release(b, label) {
    b.disabled = false;
    b.textContent = label;
  }
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    var b = form.querySelector("button[type=submit]");
    if (!b) { return; }
    var label = b.textContent;
    var timer = null;
    form.addEventListener("submit", function () {
      setTimeout(function () { b.disabled = true; b.textContent = "正在提交…"; }, 0);
      clearTimeout(timer);
      timer = setTimeout(function () { release(b, "网络较慢，请再点一次"); }, RETRY_AFTER_MS);
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { clearTimeout(timer); release(b, label); }
    });
  });
  // Timed papers: the time left counts down (the page says it once without script). It counts
  // from what the server said when the page was sent, by the phone's timer, not its clock.
  var deadline = document.querySelector(".deadline[data-seconds-left]");
  if (deadline) {
    var endsAt = Date.now() + 1000 * parseInt(deadline.getAttribute("data-seconds-left"), 10);
    var until = "（" + deadline.getAttribute("data-clock") + " 前答完）";
    var countDown = function () {
      var left = endsAt - Date.now();
      if (left <= 0) {
        // nothing more can be stored: the button now just asks for the result (no choice needed)
        deadline.textContent = "答题时间已到，已答的题都已保存";
        var form = deadline.closest("main").querySelector("form.question");
        if (form) {
          form.querySelectorAll("input[name=choice]").forEach(function (i) { i.required = false; });
          var submit = form.querySelector("button[type=submit]");
          if (submit) { submit.textContent = "看成绩"; }
        }
        return;
      }
      deadline.textContent = left < 60000 ? "只剩不到 1 分钟了，请尽快提交" + until
        : "还剩约 " + Math.ceil(left / 60000) + " 分钟" + until;
      setTimeout(countDown, left < 120000 ? 1000 : 10000);
    };
    countDown();
  }
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
