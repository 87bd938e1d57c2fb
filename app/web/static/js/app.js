// Small page behaviours: copy-to-clipboard buttons, highlighting a criterion's evidence turns,
// and confirm prompts. No inline script anywhere; everything hooks onto data- attributes.
(function () {
  "use strict";

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      var text = target.value || target.textContent;
      var done = function () {
        var label = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1600);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {
          target.select();
          document.execCommand("copy");
          done();
        });
      } else {
        target.select();
        document.execCommand("copy");
        done();
      }
    });
  });

  // "Show evidence" links carry a space-separated list of turn anchors; highlight all of them.
  document.querySelectorAll("[data-evidence]").forEach(function (link) {
    link.addEventListener("click", function () {
      document.querySelectorAll(".transcript li.highlight").forEach(function (li) {
        li.classList.remove("highlight");
      });
      link.getAttribute("data-evidence").split(" ").forEach(function (id) {
        var li = document.getElementById(id);
        if (li) li.classList.add("highlight");
      });
    });
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // Filter selects submit their form on change, so filtering needs no extra click.
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
})();
