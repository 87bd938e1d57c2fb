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

  // Text boxes with a limit show a counter, and past the limit say by how much: a long paste
  // is kept whole (no maxlength to cut it silently) and the form does not send until it fits.
  function formatCount(n) { return n.toLocaleString("en"); }
  document.querySelectorAll("textarea[data-limit]").forEach(function (box) {
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var counter = document.querySelector('[data-counter-for="' + box.id + '"]');
    if (!limit || !counter) return;
    // The words past the limit, in the page's language where the page gives them.
    var overOne = box.getAttribute("data-over-one") ||
      "Too long by {over} character ({used} / {limit}): shorten it to send.";
    var overMany = box.getAttribute("data-over-many") ||
      "Too long by {over} characters ({used} / {limit}): shorten it to send.";
    function update() {
      var used = Array.from(box.value.trim()).length;  // characters, as the server counts them
      var over = used - limit;
      if (over > 0) {
        var text = (over === 1 ? overOne : overMany)
          .replace("{over}", formatCount(over))
          .replace("{used}", formatCount(used))
          .replace("{limit}", formatCount(limit));
        counter.textContent = text;
        box.setCustomValidity(text);
      } else {
        counter.textContent = formatCount(used) + " / " + formatCount(limit);
        box.setCustomValidity("");
      }
      counter.classList.toggle("over", over > 0);
      box.classList.toggle("over", over > 0);
      box.setAttribute("aria-invalid", over > 0 ? "true" : "false");
    }
    box.addEventListener("input", update);
    update();
  });

  // Filter selects submit their form on change, so filtering needs no extra click.
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
})();
