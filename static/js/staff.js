// Staff pages: progressive enhancement only. The print button (Ctrl+P works without it), and
// a long division list narrowed by typing and by the chosen role (without script, the whole
// grouped list still works).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.addEventListener("click", function () { window.print(); });
  });

  function squeeze(text) { return (text || "").replace(/\s+/g, ""); }

  document.querySelectorAll("select[data-find]").forEach(function (select) {
    var box = document.getElementById(select.getAttribute("data-find"));
    var role = document.getElementById(select.getAttribute("data-level-from"));
    if (!box) { return; }
    var count = box.parentNode.querySelector("[data-find-count]");
    var hint = count.textContent;
    box.parentNode.hidden = false;
    function narrow() {
      var words = squeeze(box.value);
      var picked = role && role.options[role.selectedIndex];
      var level = picked ? picked.getAttribute("data-level") : null;
      var shown = [];
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) { return; }
        var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
        var fits = (!level || option.getAttribute("data-level") === level) &&
          (!words || squeeze(option.text + group).indexOf(words) !== -1);
        option.hidden = !fits;
        if (fits) { shown.push(option); }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.hidden) { select.value = ""; }
      if (words && shown.length === 1) { select.value = shown[0].value; }
      count.textContent = !words ? hint
        : shown.length === 1 ? "找到 1 个，已经选上"
          : shown.length ? "找到 " + shown.length + " 个，请在下面选择"
            : "没有找到，请换个写法（例如只写村名）";
    }
    box.addEventListener("input", narrow);
    if (role) { role.addEventListener("change", narrow); }
    narrow();
  });
}());
